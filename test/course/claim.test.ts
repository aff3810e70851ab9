/**
 * Claims: a true claim prints one line naming its sentence, a false one throws a ClaimError that names the
 * sentence (and both values for claimEqual), a non-boolean condition or an empty sentence is refused, and the
 * declarations type-check under tslab's own TypeScript 5.0, the compiler notebooks are checked with.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from "vitest";
import { ClaimError, claim, claimEqual } from "kafka-sim";

let log: MockInstance<typeof console.log>;
beforeEach(() => {
  log = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => log.mockRestore());

describe("claim", () => {
  test("a true claim prints ✓ and its sentence, once", () => {
    claim(2 + 2 === 4, "two and two make four");
    expect(log.mock.calls).toEqual([["✓ two and two make four"]]);
  });

  test("a false claim throws a ClaimError naming the sentence and prints nothing", () => {
    const rows = [{ committed: true }];
    let error: unknown;
    try {
      claim(rows[0]!.committed === false, "committed: false, so no consumer reads it");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClaimError);
    expect((error as ClaimError).sentence).toBe("committed: false, so no consumer reads it");
    expect((error as ClaimError).message).toBe(
      'The lesson says "committed: false, so no consumer reads it", but the output shows otherwise. Make the sentence say what the output shows.',
    );
    expect((error as Error).name).toBe("ClaimError");
    expect(log).not.toHaveBeenCalled();
  });

  test("a condition that is not a boolean is refused, even a truthy one", () => {
    expect(() => claim(3 as unknown as boolean, "3 duplicates")).toThrow(TypeError);
    expect(() => claim(3 as unknown as boolean, "3 duplicates")).toThrow(/claim\(\) needs a boolean condition for "3 duplicates", got 3/);
    expect(() => claim([] as unknown as boolean, "no record is lost")).toThrow(/got \[\]/);
    expect(log).not.toHaveBeenCalled();
  });

  test("the sentence must be a non-empty string", () => {
    expect(() => claim(true, "")).toThrow(/claim\(\) needs the sentence it checks as a non-empty string, got ''/);
    expect(() => claim(true, "   ")).toThrow(TypeError);
    expect(() => claim(true, undefined as unknown as string)).toThrow(/got undefined/);
  });

  test("narrows like an assertion: after claim(x !== undefined) x is defined", () => {
    const found = [1, 2, 3].find((n) => n > 1);
    claim(found !== undefined, "a number above 1 is found");
    const doubled: number = found * 2; // compiles only because claim() asserts its condition
    expect(doubled).toBe(4);
  });
});

describe("claimEqual", () => {
  test("equal values (deeply) print ✓ and the sentence", () => {
    claimEqual(3, 3, "3 duplicates");
    claimEqual({ acks: -1, retries: [1, 2] }, { acks: -1, retries: [1, 2] }, "the defaults");
    expect(log.mock.calls).toEqual([["✓ 3 duplicates"], ["✓ the defaults"]]);
  });

  test("different values throw a ClaimError with the sentence, what it says and what the output has", () => {
    let error: unknown;
    try {
      claimEqual(1, 0, "a consumer reads 0 records");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClaimError);
    const claimError = error as ClaimError;
    expect(claimError.actual).toBe(1);
    expect(claimError.expected).toBe(0);
    expect(claimError.message).toBe(
      'The lesson says "a consumer reads 0 records", but the output shows otherwise (the sentence says 0, the output has 1). Make the sentence say what the output shows.',
    );
    expect(() => claimEqual({ committed: true }, { committed: false }, "not committed")).toThrow(
      "(the sentence says { committed: false }, the output has { committed: true })",
    );
    expect(() => claimEqual<unknown>("1", 1, "strict: a string is not a number")).toThrow(ClaimError);
    expect(log).not.toHaveBeenCalled();
  });

  test("the sentence must be a non-empty string", () => {
    expect(() => claimEqual(1, 1, "")).toThrow(/claimEqual\(\) needs the sentence/);
  });
});

describe("notebook use", () => {
  test("tslab's TypeScript 5.0 accepts the module and a lesson's calls, and rejects a count passed as a condition", () => {
    const require = createRequire(import.meta.url);
    const ts = require("@tslab/typescript-for-tslab") as typeof import("typescript");
    expect(ts.versionMajorMinor).toBe("5.0");
    const source = fileURLToPath(new URL("../../lib/src/course/claim.ts", import.meta.url));
    const usage = "/virtual/usage.mts";
    const files: Record<string, string> = {
      [usage]: [
        `import { claim, claimEqual, ClaimError } from ${JSON.stringify(source.replace(/\.ts$/, ".js"))};`,
        "const rows = [{ committed: true, readBack: 1 }];",
        "claim(rows.every((r) => r.committed), 'every record is committed');",
        "claimEqual(rows[0].readBack, 1, 'a consumer reads 1 record');",
        "const e: ClaimError | undefined = undefined; void e;",
        "claim(rows.length, 'wrong: a count is not a condition');",
      ].join("\n"),
    };
    const options = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ["node"], noEmit: true, skipLibCheck: true };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => files[f] ?? readFile(f);
    host.fileExists = (f) => f in files || fileExists(f);
    host.getSourceFile = (f, v, onError, create) =>
      f in files ? ts.createSourceFile(f, files[f]!, v) : getSourceFile(f, v, onError, create);
    const program = ts.createProgram([usage], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.endsWith("usage.mts") ? "usage" : d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    // The only complaint is the deliberate mistake on line 6.
    expect(diagnostics).toEqual(["usage:6 Argument of type 'number' is not assignable to parameter of type 'boolean'."]);
  });
});
