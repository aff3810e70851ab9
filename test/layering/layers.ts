/**
 * The library's one dependency rule, made executable: a folder of lib/src imports only its own files and folders
 * of a lower rank (type imports count: a type names a module as surely as a call). Folders of the same rank do not
 * import each other. lib/src/index.ts, the public barrel, may import anything; lib/src/browser.ts, the browser barrel
 * (kafka-sim/browser), anything but the folders that need Node (BROWSER_EXCLUDED).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import ts from "typescript";

/** Low to high. Keep in step with the table at the top of lib/README.md. */
export const LAYERS: Readonly<Record<string, number>> = {
  protocol: 0,
  kernel: 1,
  broker: 2,
  client: 2,
  check: 2,
  wire: 2,
  simulation: 3,
  scenario: 4,
  serve: 5,
  course: 5,
  grader: 6,
  cli: 7,
};

/** Folders the browser barrel may not import: sockets, processes and files (Node only). */
export const BROWSER_EXCLUDED: readonly string[] = ["wire", "serve", "grader", "cli"];

/** Node-only modules of otherwise browser-safe folders, kept out of the browser barrel too. */
const BROWSER_EXCLUDED_FILES: readonly string[] = ["scenario/learner.js", "course/instructor.js", "course/real-client.js", "course/plot/display.js"];

function browserBarrelViolations(abs: string, file: string): Violation[] {
  const out: Violation[] = [];
  for (const ref of ts.preProcessFile(readFileSync(abs, "utf8"), true, true).importedFiles) {
    const target = posix.normalize(ref.fileName);
    const targetFolder = target.includes("/") ? target.slice(0, target.indexOf("/")) : "";
    if (BROWSER_EXCLUDED.includes(targetFolder) || BROWSER_EXCLUDED_FILES.includes(target)) {
      out.push({ file, imports: ref.fileName, why: `the browser barrel may not import ${target} (Node only)` });
    }
  }
  return out;
}

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

/** Every relative import of every .ts file under `srcDir`, as "folder/file.ts" paths (type imports included). */
function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const abs of walk(srcDir)) {
    const file = relative(srcDir, abs).split("\\").join("/");
    const targets = ts.preProcessFile(readFileSync(abs, "utf8"), true, true).importedFiles
      .map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, ".ts"));
    graph.set(file, targets);
  }
  return graph;
}

/** Import circles (type imports count), each as the files around it: the redesign's goal is none at all. */
export function importCycles(srcDir: string): string[] {
  const graph = importGraph(srcDir);
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Every relative import of every .ts file under `srcDir`, checked against LAYERS. */
export function layeringViolations(srcDir: string): Violation[] {
  const out: Violation[] = [];
  for (const abs of walk(srcDir)) {
    const file = relative(srcDir, abs).split("\\").join("/");
    const folder = file.includes("/") ? file.slice(0, file.indexOf("/")) : undefined;
    if (folder === undefined) {
      if (file === "browser.ts") out.push(...browserBarrelViolations(abs, file));
      else if (file !== "index.ts") out.push({ file, imports: "", why: "a file outside the layer folders (only the barrels index.ts and browser.ts may stand at the top)" });
      continue;
    }
    const rank = LAYERS[folder];
    if (rank === undefined) {
      out.push({ file, imports: "", why: `folder "${folder}" has no rank in LAYERS` });
      continue;
    }
    const info = ts.preProcessFile(readFileSync(abs, "utf8"), true, true);
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (!spec.startsWith(".")) continue; // packages (node:, esbuild, ...) are not layers
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      if (target.startsWith("..")) {
        out.push({ file, imports: spec, why: "reaches outside lib/src" });
        continue;
      }
      const targetFolder = target.includes("/") ? target.slice(0, target.indexOf("/")) : undefined;
      if (targetFolder === folder) continue;
      if (targetFolder === undefined) {
        out.push({ file, imports: spec, why: "imports the barrel (import the module itself)" });
        continue;
      }
      const targetRank = LAYERS[targetFolder];
      if (targetRank === undefined || targetRank >= rank) {
        out.push({ file, imports: spec, why: `${folder} (rank ${rank}) may not import ${targetFolder} (rank ${targetRank ?? "none"})` });
      }
    }
  }
  return out;
}
