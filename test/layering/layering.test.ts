import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles, layeringViolations } from "./layers.js";

const src = fileURLToPath(new URL("../../lib/src", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/src", import.meta.url));

describe("lib/src layering: a folder imports only itself and lower layers", () => {
  it("holds for the library (type imports and re-exports included)", () => {
    expect(layeringViolations(src)).toEqual([]);
  });

  it("fails on a fixture that breaks it: a broker importing the simulation, by value and by type, an unranked folder, and a browser barrel importing Node-only modules", () => {
    const found = layeringViolations(fixture).map((v) => `${v.file} -> ${v.imports}: ${v.why}`).sort();
    expect(found).toEqual([
      "broker/broker.ts -> ../simulation/cluster.js: broker (rank 2) may not import simulation (rank 3)",
      "broker/host.ts -> ../simulation/cluster.js: broker (rank 2) may not import simulation (rank 3)",
      "browser.ts -> ./scenario/learner.js: the browser barrel may not import scenario/learner.js (Node only)",
      "browser.ts -> ./serve/embedded.js: the browser barrel may not import serve/embedded.js (Node only)",
      "misc/helper.ts -> : folder \"misc\" has no rank in LAYERS",
    ]);
  });

  it("has no import circle anywhere in lib/src (type imports too); the fixture's broker <-> cluster circle is found", () => {
    expect(importCycles(src)).toEqual([]);
    expect(importCycles(fixture)).toEqual(["broker/broker.ts -> simulation/cluster.ts -> broker/broker.ts"]);
  });
});
