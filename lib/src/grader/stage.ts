/**
 * A staged copy of a submission folder, made by the grader before anything of the submission runs: only source
 * files (.ts, .tsx, .mts, .cts, .js, .mjs, .cjs, .jsx, .json), within size limits; a symbolic link is followed only
 * when it resolves (after every link) inside the submission folder; source maps, node_modules and hidden folders
 * are left behind. The bundler sees this copy and nothing else.
 */
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, isAbsolute, join, relative } from "node:path";
import { makeReadable } from "./sandbox.js";

const SOURCE = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx", ".json"]);
export const STAGE_LIMITS = { files: 2000, fileBytes: 2 * 1024 * 1024, totalBytes: 20 * 1024 * 1024, depth: 8 };

export interface StagedSubmission {
  /** The copy (a fresh temporary folder). */
  dir: string;
  /** What was left out, and why (links out of the folder, files too large, …). */
  skipped: string[];
  remove(): void;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

export function stageSubmission(submission: string): StagedSubmission {
  const root = realpathSync(submission);
  const dir = mkdtempSync(join(tmpdir(), "kafka-grader-submission-"));
  const skipped: string[] = [];
  let files = 0;
  let total = 0;
  const visited = new Set<string>();
  const walk = (from: string, to: string, depth: number) => {
    const real = realpathSync(from);
    if (visited.has(real) || depth > STAGE_LIMITS.depth) return;
    visited.add(real);
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from).sort()) {
      const src = join(from, name);
      const rel = relative(root, src) || name;
      const link = lstatSync(src).isSymbolicLink();
      let target: string;
      try {
        target = realpathSync(src);
      } catch {
        skipped.push(`${rel}: a symbolic link that leads nowhere`);
        continue;
      }
      if (!inside(root, target)) {
        skipped.push(`${rel}: ${link ? "a symbolic link to" : "resolves to"} ${target}, outside the submission folder`);
        continue;
      }
      const st = statSync(target);
      if (st.isDirectory()) {
        if (name.startsWith(".") || name === "node_modules") continue;
        walk(src, join(to, name), depth + 1);
      } else if (st.isFile() && SOURCE.has(extname(name))) {
        if (st.size > STAGE_LIMITS.fileBytes) skipped.push(`${rel}: larger than ${STAGE_LIMITS.fileBytes} bytes`);
        else if (files >= STAGE_LIMITS.files || total + st.size > STAGE_LIMITS.totalBytes) skipped.push(`${rel}: the submission has more files than the grader copies`);
        else {
          copyFileSync(target, join(to, name));
          files++;
          total += st.size;
        }
      }
    }
  };
  try {
    walk(root, dir, 0);
    makeReadable(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, skipped, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
