import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    // Tests exercise the library's source; notebooks and child processes use the built package.
    alias: [
      { find: /^kafka-sim$/, replacement: fileURLToPath(new URL("./lib/src/index.ts", import.meta.url)) },
      { find: /^kafka-sim\/browser$/, replacement: fileURLToPath(new URL("./lib/src/browser.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
