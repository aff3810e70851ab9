/**
 * Loading a learner's TypeScript file: bundle it with esbuild into CommonJS, find the imports it is not allowed,
 * evaluate it. Used by the grader (lib/src/grader/), the notebooks, and the wire broker's `--state-table FILE`.
 *
 * The rule a learner's file follows (stated in every exercise stub): import only Node built-ins and relative files
 * of your own. So an import is forbidden when it names a package (such as `kafka-sim`, the library, which contains
 * the library's own producer-state implementation), or a relative file outside the learner's folder (such as
 * `../solutions/…`). Type-only imports count too (`import type { … } from "kafka-sim"`): the rule stays one line.
 *
 * How imports are found:
 *  1. every source file of the learner's (the entry and the relative files it pulls in) is scanned on its own, with
 *     type-only imports turned into value imports first and esbuild's `verbatimModuleSyntax`, so that the scan sees
 *     every specifier as written, including those TypeScript would erase;
 *  2. the bundle's metafile lists the files actually pulled in (symlinks resolved): any of them outside the
 *     learner's folder, or inside a `node_modules`, is forbidden too.
 * At run time the bundle's `require` gives Node built-ins only, so a `require(name)` built from a string at run time
 * fails as well. (The grader adds a process-level guard: its child processes cannot read `solutions/`.)
 *
 * Simplifications: type positions such as `typeof import("x")` are not scanned; they carry no code.
 */
import type { BuildOptions, Message, Metafile, OutputFile } from "esbuild";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import type { IncomingBatch, ProducerStateEntry, ProducerStateTableLike, ValidationResult } from "../broker/producer-state.js";
import { currentLang, fill, parseLang, tr, type Lang } from "../kernel/locale.js";

/** The kafka-sim package's own folder (lib/): imports that land in it are forbidden. */
const LIBRARY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Thrown when a learner's file cannot be loaded: missing, does not compile, forbidden imports, missing exports. */
export class LearnerModuleError extends Error {
  override name = "LearnerModuleError";
}

/** One import found in a learner's source, as written. */
export interface LearnerImport {
  /** The file that contains the import (absolute path). */
  file: string;
  /** The specifier as written: "node:fs", "./helpers.js", "kafka-sim". */
  specifier: string;
  /** esbuild's kind: "import-statement", "require-call", "dynamic-import", … */
  kind: string;
}

export interface ForbiddenImport extends LearnerImport {
  /** Plain words: what the import reaches and why it is not allowed. */
  reason: string;
}

export interface LearnerBundle {
  /** The entry file (absolute). */
  file: string;
  /** The learner's folder: relative imports must stay inside it. */
  root: string;
  /** The CommonJS bundle, with an inline source map pointing at the learner's files. */
  code: string;
  /** The learner's source files in the bundle (absolute). */
  files: string[];
  imports: LearnerImport[];
  forbiddenImports: ForbiddenImport[];
}

export interface LearnerLoadOptions {
  /** The learner's folder; relative imports must stay inside it. Default: the file's own folder. */
  root?: string;
  /** Load even when the file has forbidden imports (a notebook may want to show them and run anyway). */
  allowForbidden?: boolean;
}

export interface LoadedLearnerModule {
  file: string;
  exports: Record<string, unknown>;
  files: string[];
  forbiddenImports: ForbiddenImport[];
}

const hostRequire = createRequire(import.meta.url);

/**
 * esbuild's synchronous build, loaded on first use: evaluating a bundle (in the grader's sandboxed child
 * processes) never needs esbuild.
 */
function buildSync(options: BuildOptions & { write: false; metafile: true }): { metafile: Metafile; outputFiles: OutputFile[] } {
  const esbuild = hostRequire("esbuild") as typeof import("esbuild");
  return esbuild.buildSync(options);
}

const SOURCE_LOADERS: Record<string, "ts" | "tsx" | "js" | "jsx"> = {
  ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx",
};

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function hasSegment(path: string, segment: string): boolean {
  return path.split(sep).includes(segment);
}

/** The rule a forbidden import breaks, in each language. */
const ONLY_OWN = { en: "only Node built-ins and relative files of your own are allowed", ko: "Node 내장 모듈과 내 폴더의 상대 경로 파일만 import할 수 있습니다" } as const;

/** Why an import that reaches `target` (an absolute path) is forbidden, or undefined when it is allowed. */
function reasonForPath(target: string, root: string): string | undefined {
  const inRoot = isInside(root, target) || isInside(realOrSame(root), realOrSame(target));
  if (inRoot && !hasSegment(relative(root, target), "node_modules")) return undefined;
  if (hasSegment(target, "solutions")) return tr({ en: "it reaches the reference solutions (solutions/), which a submission may not use", ko: "참고 답안(solutions/)에 닿습니다. 제출물은 참고 답안을 쓸 수 없습니다" });
  if (isInside(LIBRARY_ROOT, target) || isInside(realOrSame(LIBRARY_ROOT), realOrSame(target))) {
    return tr({ en: "it reaches the library kafka-sim, which contains the library's own producer-state implementation", ko: "kafka-sim 라이브러리에 닿습니다. 이 라이브러리에는 프로듀서 상태의 자체 구현이 들어 있습니다" });
  }
  if (hasSegment(target, "node_modules")) return tr({ en: `it reaches an installed package; ${ONLY_OWN.en}`, ko: `설치된 패키지에 닿습니다. ${ONLY_OWN.ko}` });
  return tr({ en: `it reaches a file outside your folder (${root}); ${ONLY_OWN.en}`, ko: `내 폴더(${root}) 밖의 파일에 닿습니다. ${ONLY_OWN.ko}` });
}

/** Why `specifier`, written in `fromFile`, is forbidden, or undefined when it is allowed. */
export function forbiddenReason(specifier: string, fromFile: string, root: string): string | undefined {
  if (isBuiltin(specifier)) return undefined;
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === ".." || isAbsolute(specifier)) {
    return reasonForPath(resolve(dirname(fromFile), specifier), root);
  }
  if (specifier === "kafka-sim" || specifier.startsWith("kafka-sim/")) {
    return tr({ en: "it imports the library kafka-sim, which contains the library's own producer-state implementation", ko: "kafka-sim 라이브러리를 import합니다. 이 라이브러리에는 프로듀서 상태의 자체 구현이 들어 있습니다" });
  }
  return tr({ en: `it imports the package "${specifier}"; ${ONLY_OWN.en}`, ko: `패키지 "${specifier}"를 import합니다. ${ONLY_OWN.ko}` });
}

/** Turn `import type …` / `export type … from` into value forms so that a verbatim scan keeps their specifiers. */
function unTypeImports(source: string): string {
  return source
    .replace(/\bimport(\s+)type\s+(?!from\b|=)(?=[\w$*{])/g, "import$1")
    .replace(/\bexport(\s+)type\s+(?=\{[^}]*\}\s*from\b|\*\s*(?:as\s+[\w$]+\s+)?from\b)/g, "export$1");
}

function formatMessages(messages: Message[]): string {
  return messages
    .map((m) => {
      const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : "";
      const line = m.location?.lineText ? `\n    ${m.location.lineText}` : "";
      return `${at}${m.text}${line}`;
    })
    .join("\n");
}

function esbuildFailure(err: unknown, what: string): LearnerModuleError {
  const messages = (err as { errors?: Message[] }).errors;
  const text = messages && messages.length > 0 ? formatMessages(messages) : String((err as Error).message ?? err);
  // esbuild's own messages follow as esbuild wrote them.
  return new LearnerModuleError(`${fill(tr({ en: "{what} does not compile:", ko: "{what}: 컴파일되지 않습니다:" }), { what })}\n${text}`);
}

/** Every import specifier written in one source file, including type-only ones. */
function scanImports(file: string): LearnerImport[] {
  const loader = SOURCE_LOADERS[extname(file)];
  if (!loader) return [];
  const contents = unTypeImports(readFileSync(file, "utf8"));
  let metafile: Metafile | undefined;
  try {
    metafile = buildSync({
      stdin: { contents, loader, resolveDir: dirname(file), sourcefile: file },
      bundle: true,
      write: false,
      metafile: true,
      external: ["*"],
      platform: "node",
      format: "esm",
      logLevel: "silent",
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    }).metafile;
  } catch (err) {
    throw esbuildFailure(err, file);
  }
  const found: LearnerImport[] = [];
  for (const input of Object.values(metafile?.inputs ?? {})) {
    for (const imp of input.imports) {
      // esbuild names a require()/import() of a computed string "<runtime>": the run-time require guards it.
      if (imp.path === "<runtime>") continue;
      found.push({ file, specifier: imp.original ?? imp.path, kind: imp.kind });
    }
  }
  return found;
}

/**
 * Bundle a learner's file into CommonJS and report its imports. Throws LearnerModuleError when the file is
 * missing or does not compile; forbidden imports are reported, not thrown.
 */
export function bundleLearnerFile(file: string, options: { root?: string } = {}): LearnerBundle {
  const entry = resolve(file);
  if (!existsSync(entry) || !statSync(entry).isFile()) throw new LearnerModuleError(fill(tr({ en: "no such file: {file}", ko: "파일이 없습니다: {file}" }), { file: entry }));
  const root = resolve(options.root ?? dirname(entry));
  const imports: LearnerImport[] = scanImports(entry);
  const forbiddenIn = (list: readonly LearnerImport[]): ForbiddenImport[] =>
    list.flatMap((imp) => {
      const reason = forbiddenReason(imp.specifier, imp.file, root);
      return reason ? [{ ...imp, reason }] : [];
    });

  let result;
  try {
    result = buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      packages: "external",
      platform: "node",
      format: "cjs",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: true,
      logLevel: "silent",
      absWorkingDir: root,
    });
  } catch (err) {
    // A forbidden import that does not even resolve (say ../solutions/ where there are none) is reported as such.
    const forbidden = forbiddenIn(imports);
    if (forbidden.length > 0) return { file: entry, root, code: "", files: [entry], imports, forbiddenImports: forbidden };
    throw esbuildFailure(err, entry);
  }
  const files: string[] = [];
  const pulledIn: ForbiddenImport[] = [];
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(root, input);
    files.push(path);
    if (path !== entry) imports.push(...scanImports(path));
    const reason = reasonForPath(path, root);
    if (reason) pulledIn.push({ file: path, specifier: input, kind: "bundled-file", reason });
  }
  const byImport = forbiddenIn(imports);
  // A file pulled in from outside the folder is normally explained by its import already; report it on its own
  // only when nothing else is (a symbolic link inside the folder that points outside it).
  const forbidden = byImport.length > 0 ? byImport : pulledIn;
  const code = result.outputFiles[0]?.text ?? "";
  return { file: entry, root, code, files, imports, forbiddenImports: forbidden };
}

/** One line per forbidden import, for messages. */
export function describeForbiddenImports(forbidden: readonly ForbiddenImport[], root?: string): string {
  return forbidden
    .map((f) => {
      const where = root ? relative(root, f.file) || f.file : f.file;
      const what = f.kind === "bundled-file" ? fill(tr({ en: "pulls in {s}", ko: "{s}을(를) 끌어옴" }), { s: f.specifier }) : fill(tr({ en: 'imports "{s}"', ko: '"{s}"을(를) import함' }), { s: f.specifier });
      return `${where} ${what}: ${f.reason}.`;
    })
    .join("\n");
}

/** A `require` for learner bundles: Node built-ins only. */
function builtinsOnlyRequire(id: string): unknown {
  if (isBuiltin(id)) return hostRequire(id);
  throw new LearnerModuleError(
    tr({
      en: `require("${id}") is not allowed: a learner's file may import only Node built-ins and relative files of its own`,
      ko: `require("${id}")는 쓸 수 없습니다. 학습자의 파일은 Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다`,
    }),
  );
}

/**
 * Evaluate a CommonJS bundle (from bundleLearnerFile) in this process and return its exports.
 * `filename` names the code in stack traces (its inline source map points at the learner's sources).
 */
export function evaluateLearnerBundle(code: string, filename: string): Record<string, unknown> {
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  const fn = vm.runInThisContext(wrapper, { filename }) as (
    exports: object, require: (id: string) => unknown, module: { exports: object }, filename: string, dirname: string,
  ) => void;
  const module = { exports: {} as Record<string, unknown> };
  fn(module.exports, builtinsOnlyRequire, module, filename, dirname(filename));
  return module.exports;
}

/** Bundle and evaluate a learner's file. Refuses (LearnerModuleError) files with forbidden imports unless allowForbidden. */
export function loadLearnerModule(file: string, options: LearnerLoadOptions = {}): LoadedLearnerModule {
  const bundle = bundleLearnerFile(file, options);
  if (bundle.forbiddenImports.length > 0 && !options.allowForbidden) {
    throw new LearnerModuleError(
      `${fill(tr({ en: "{file} was not loaded:", ko: "{file}을(를) 불러오지 않았습니다:" }), { file: bundle.file })}\n${describeForbiddenImports(bundle.forbiddenImports, bundle.root)}\n` +
        tr({ en: "Only Node built-ins and relative files of your own may be imported.", ko: "Node 내장 모듈과 내 폴더의 상대 경로 파일만 import할 수 있습니다." }),
    );
  }
  const exports = evaluateLearnerBundle(bundle.code, bundle.file);
  return { file: bundle.file, exports, files: bundle.files, forbiddenImports: bundle.forbiddenImports };
}

/** What exercises/sequence-validation.ts exports, as the simulator uses it. */
export interface LoadedStateTableModule extends LoadedLearnerModule {
  validateBatch: (state: ProducerStateEntry | undefined, batch: IncomingBatch) => ValidationResult;
  ProducerStateTable: new () => ProducerStateTableLike;
  /** A fresh table, for `runScenario({ stateTable: () => mod.createStateTable() })`. */
  createStateTable(): ProducerStateTableLike;
}

/**
 * Load a learner's sequence-validation file (exports `validateBatch` and `ProducerStateTable`), ready to replace
 * the library's ProducerStateManager in the simulator or the wire broker.
 */
export function loadStateTableModule(file: string, options: LearnerLoadOptions = {}): LoadedStateTableModule {
  const loaded = loadLearnerModule(file, options);
  const { validateBatch, ProducerStateTable } = loaded.exports as {
    validateBatch?: unknown;
    ProducerStateTable?: unknown;
  };
  const missing = [
    typeof validateBatch === "function" ? undefined : "function validateBatch",
    typeof ProducerStateTable === "function" ? undefined : "class ProducerStateTable",
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    throw new LearnerModuleError(
      tr({
        en: `${loaded.file} must export ${missing.join(" and ")} (see exercises/sequence-validation.ts)`,
        ko: `${loaded.file}은(는) ${missing.join(", ")}를 export해야 합니다 (exercises/sequence-validation.ts 참고)`,
      }),
    );
  }
  const Table = ProducerStateTable as new () => ProducerStateTableLike;
  return {
    ...loaded,
    validateBatch: validateBatch as LoadedStateTableModule["validateBatch"],
    ProducerStateTable: Table,
    createStateTable: () => new Table(),
  };
}

/** The course's six graded exercises, easiest first: each is `exercises/<name>.ts` (the grader's registry has the same list). */
export const EXERCISE_NAMES = [
  "in-sequence", "delivery-check", "producer-config", "sequence-validation", "producer-sequences", "transactional-fencing",
] as const;
export type ExerciseName = (typeof EXERCISE_NAMES)[number];

/** The `name` in the course's package.json: the project root is the folder that holds it. */
const COURSE_PACKAGE_NAME = "kafka-idempotence-course";

/** The course's project root: the nearest folder at or above `from` whose package.json is the course's, or undefined. */
export function findCourseRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === COURSE_PACKAGE_NAME) return dir;
      } catch {
        // An unreadable or malformed package.json is not the course's: keep walking up.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export interface ExerciseFileOptions {
  /** The folder the path is relative to. Default: the working folder (a notebook's kernel runs in the notebook's folder). */
  cwd?: string;
  /** The edition. Default: `currentLang()` (Korean in notebooks/ko). */
  lang?: Lang;
}

/**
 * Where the learner's exercise file of this edition is, relative to the working folder: `exercises/<name>.ts` for
 * English, `exercises/ko/<name>.ts` (the stubs with Korean instructions) for Korean. From notebooks/ that is
 * "../exercises/<name>.ts", from notebooks/ko "../../exercises/ko/<name>.ts". Throws for a name that is not one
 * of the six exercises, or when the working folder is not inside the course.
 */
export function exerciseFile(name: string, options: ExerciseFileOptions = {}): string {
  if (!(EXERCISE_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`exerciseFile: ${JSON.stringify(name)} is not an exercise of this course; use one of ${EXERCISE_NAMES.join(", ")}`);
  }
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = findCourseRoot(cwd);
  if (root === undefined) {
    throw new Error(`exerciseFile: ${cwd} is not inside the course (no package.json named "${COURSE_PACKAGE_NAME}" in it or above it)`);
  }
  const lang = options.lang === undefined ? currentLang() : parseLang(options.lang, "exerciseFile lang");
  const file = lang === "ko" ? join(root, "exercises", "ko", `${name}.ts`) : join(root, "exercises", `${name}.ts`);
  return relative(cwd, file);
}
