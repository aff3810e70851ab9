// Bundles the playground for the course site with the project's esbuild: the Worker (worker.ts) as a classic
// script, embedded as a string in a small first script (boot.ts → playground-boot.js) that starts it from a blob:
// URL at once; then the page's script (page.ts → playground.js). All classic scripts (IIFE): they and a blob:
// Worker run from file:// as well as from a server; module scripts and module Workers would not.
//
// Both import `kafka-sim/browser`; esbuild's browser platform honours lib/package.json's "browser" field, which
// swaps the figures' Node DOM (course/plot/dom.js: require + jsdom) for the page's own (course/plot/dom.browser.js).
// A bundle that would pull a Node built-in fails the build (see nodeBuiltinGuard): the site must run anywhere.
import { build } from "esbuild";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Refuses any import of a Node built-in (esbuild would otherwise leave it as an unresolvable require). */
export const nodeBuiltinGuard = {
  name: "no-node-builtins",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (BUILTINS.has(args.path) || args.path.startsWith("node:")) {
        return { errors: [{ text: `the browser bundle may not import the Node built-in "${args.path}" (imported by ${args.importer})` }] };
      }
      return undefined;
    });
  },
};

/**
 * Observable Plot offsets its axes and rules by half a pixel unless it sees a high-density screen
 * (style.js: `window.devicePixelRatio > 1`, or no window at all, as in Node). Notebooks draw in Node, offset 0; the
 * page must draw the same bytes on any screen, so its copy of Plot uses 0 too. The build fails if Plot changes
 * that line (then read the new one and update this).
 */
export const plotOffset = {
  name: "plot-offset",
  setup(b) {
    b.onLoad({ filter: /@observablehq[\\/]plot[\\/]src[\\/]style\.js$/ }, async (args) => {
      const { readFile } = await import("node:fs/promises");
      const source = await readFile(args.path, "utf8");
      const line = /export const offset = [^\n]*;/;
      if (!line.test(source)) return { errors: [{ text: `@observablehq/plot's style.js no longer defines "export const offset = …;" on one line: check how it picks the half-pixel offset` }] };
      return { contents: source.replace(line, "export const offset = 0;"), loader: "js" };
    });
  },
};

// tsconfigRaw: the folder's tsconfig.json is for type-checking only (its `paths` point kafka-sim/browser at lib/src);
// the bundle takes the built package (lib/dist) through its package.json, where the "browser" field applies.
const common = { tsconfigRaw: {}, bundle: true, platform: "browser", format: "iife", target: "es2022", minify: true, legalComments: "none", write: false, metafile: true, logLevel: "silent", absWorkingDir: join(here, "../../..") };

/** Returns the page script's text, plus what went in (for the tests and the build's report). */
export async function bundlePlayground() {
  const worker = await build({ ...common, entryPoints: [join(here, "worker.ts")], plugins: [nodeBuiltinGuard] });
  const workerJs = worker.outputFiles[0].text;
  const boot = await build({
    ...common,
    entryPoints: [join(here, "boot.ts")],
    plugins: [nodeBuiltinGuard],
    define: { __PLAYGROUND_WORKER__: JSON.stringify(workerJs) },
  });
  const page = await build({ ...common, entryPoints: [join(here, "page.ts")], plugins: [nodeBuiltinGuard, plotOffset] });
  const inputs = [...new Set([worker, boot, page].flatMap((b) => Object.keys(b.metafile.inputs)))].sort();
  return { js: page.outputFiles[0].text, bootJs: boot.outputFiles[0].text, workerBytes: workerJs.length, inputs };
}
