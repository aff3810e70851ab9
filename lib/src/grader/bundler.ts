/**
 * Bundles one submitted file, in its own sandboxed process (sandbox.ts), one process per exercise: a file that
 * crashes esbuild costs only its own exercise. It sees a staged copy of the submission folder (stage.ts) and
 * esbuild, nothing else.
 *
 * Every import is resolved here, not by esbuild: Node built-ins stay external; a relative file must resolve,
 * after symbolic links, to a file inside the submission folder; anything else (a package such as kafka-sim, a path
 * outside the folder) is reported as forbidden and not bundled. No tsconfig is read, no source map is read or
 * written (a `sourceMappingURL` comment is neutralised), so the bundle holds only the submission's own text.
 * Type-only imports are reported too (the rule stays one line): each file is also scanned with its `import type`
 * turned into value imports.
 *
 * Request (stdin, JSON): { root, entry }. Answer (stdout, JSON): { ok, code?, error?, files, imports, forbidden }.
 * This file imports only Node built-ins and esbuild, which the sandbox provides beside it.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, extname, isAbsolute, relative, resolve } from "node:path";

type Esbuild = typeof import("esbuild");
const esbuild = createRequire(import.meta.url)("esbuild") as Esbuild;

export interface BundleRequest { root: string; entry: string }
export interface FoundImport { file: string; specifier: string; kind: string }
export interface BundleAnswer {
  ok: boolean;
  code?: string;
  error?: string;
  /** Files in the bundle, relative to the root. */
  files: string[];
  imports: FoundImport[];
  /** Imports that are not Node built-ins or files inside the folder (file relative to the root). */
  forbidden: FoundImport[];
}

const LOADERS: Record<string, "ts" | "tsx" | "js" | "jsx" | "json"> = {
  ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".json": "json",
};
const MAX_FILE_BYTES = 2 * 1024 * 1024;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The file a relative import names, as TypeScript would find it ("./x.js" may be x.ts); undefined when none. */
function resolveFile(base: string): string | undefined {
  const stem = base.replace(/\.(m|c)?js$/, "");
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}.mjs`, `${base}.cjs`, `${base}.json`,
    `${base}/index.ts`, `${base}/index.tsx`, `${base}/index.js`];
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** `import type` / `export type … from` as value forms, so that a verbatim scan keeps their specifiers. */
function unTypeImports(source: string): string {
  return source
    .replace(/\bimport(\s+)type\s+(?!from\b|=)(?=[\w$*{])/g, "import$1")
    .replace(/\bexport(\s+)type\s+(?=\{[^}]*\}\s*from\b|\*\s*(?:as\s+[\w$]+\s+)?from\b)/g, "export$1");
}

/** esbuild honours `//# sourceMappingURL=` in its inputs; the submission's text must stay only its text. */
function withoutSourceMaps(source: string): string {
  return source.replace(/([#@]\s*)sourceMappingURL\s*=/g, "$1sourceMappingURL_ignored_by_grader=");
}

async function scan(file: string, contents: string, loader: string, rel: string): Promise<FoundImport[]> {
  if (loader === "json") return [];
  const r = await esbuild.build({
    stdin: { contents: unTypeImports(contents), loader: loader as "ts", resolveDir: dirname(file), sourcefile: rel },
    bundle: true, write: false, metafile: true, external: ["*"], platform: "node", format: "esm", logLevel: "silent",
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return Object.values(r.metafile.inputs).flatMap((input) => input.imports
    .filter((imp) => imp.path !== "<runtime>")
    .map((imp) => ({ file: rel, specifier: imp.original ?? imp.path, kind: imp.kind })));
}

function formatMessages(messages: { text: string; location?: { file: string; line: number; column: number; lineText?: string } | null }[]): string {
  return messages.map((m) => {
    const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : "";
    return `${at}${m.text}${m.location?.lineText ? `\n    ${m.location.lineText.slice(0, 300)}` : ""}`;
  }).slice(0, 10).join("\n");
}

export async function bundle(request: BundleRequest): Promise<BundleAnswer> {
  const root = realpathSync(request.root);
  const rel = (p: string) => relative(root, p) || p;
  const imports: FoundImport[] = [];
  const forbidden: FoundImport[] = [];
  const files: string[] = [];
  const plugin: import("esbuild").Plugin = {
    name: "submission-folder-only",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: realpathSync(resolve(root, args.path)) };
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found: FoundImport = { file: rel(args.importer), specifier: args.path, kind: args.kind };
        const refuse = () => {
          forbidden.push(found);
          return { path: args.path, namespace: "forbidden" };
        };
        if (!args.path.startsWith(".") && !isAbsolute(args.path)) return refuse();
        const written = resolve(args.resolveDir, args.path);
        if (!inside(root, written)) return refuse();
        const target = resolveFile(written);
        if (!target) return { errors: [{ text: `Could not resolve "${args.path}" (from ${found.file})` }] };
        const real = realpathSync(target);
        if (!inside(root, real) || real.split("/").includes("node_modules")) return refuse();
        return { path: real };
      });
      build.onLoad({ filter: /.*/, namespace: "forbidden" }, () => ({ contents: "", loader: "js" }));
      build.onLoad({ filter: /.*/ }, async (args) => {
        const loader = LOADERS[extname(args.path)];
        if (!loader) return { errors: [{ text: `${rel(args.path)}: only .ts, .tsx, .js, .mjs, .cjs, .jsx and .json files can be imported` }] };
        if (statSync(args.path).size > MAX_FILE_BYTES) return { errors: [{ text: `${rel(args.path)} is larger than ${MAX_FILE_BYTES} bytes` }] };
        const contents = withoutSourceMaps(readFileSync(args.path, "utf8"));
        files.push(rel(args.path));
        imports.push(...await scan(args.path, contents, loader, rel(args.path)));
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
  try {
    const result = await esbuild.build({
      entryPoints: [request.entry], absWorkingDir: root, bundle: true, write: false, platform: "node", format: "cjs", target: "node20",
      sourcemap: false, logLevel: "silent", plugins: [plugin], tsconfigRaw: {}, metafile: false, legalComments: "none",
    });
    // Type-only imports esbuild dropped before resolving: judged by their specifier.
    for (const imp of imports) {
      if (isBuiltin(imp.specifier) || forbidden.some((f) => f.file === imp.file && f.specifier === imp.specifier)) continue;
      const relativeOrAbsolute = imp.specifier.startsWith(".") || isAbsolute(imp.specifier);
      const target = relativeOrAbsolute ? resolveFile(resolve(root, dirname(imp.file), imp.specifier)) : undefined;
      let real: string | undefined;
      try { real = target ? realpathSync(target) : undefined; } catch { real = undefined; }
      if (!real || !inside(root, real)) forbidden.push(imp);
    }
    return { ok: true, code: result.outputFiles[0]?.text ?? "", files, imports, forbidden };
  } catch (error) {
    const messages = (error as { errors?: Parameters<typeof formatMessages>[0] }).errors;
    const text = messages && messages.length > 0
      ? formatMessages(messages)
      : `esbuild stopped on this file (${String((error as Error).message ?? error).slice(0, 500)}); only this exercise is affected`;
    return { ok: false, error: text, files, imports, forbidden };
  }
}

// Run as a process: one request on stdin, one answer on stdout.
if (process.argv[2] === "--serve") {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (c: string) => { input += c; });
  process.stdin.on("end", () => {
    bundle(JSON.parse(input) as BundleRequest).then(
      (answer) => process.stdout.write(JSON.stringify(answer), () => process.exit(0)),
      (error: unknown) => process.stdout.write(JSON.stringify({ ok: false, error: String((error as Error)?.message ?? error), files: [], imports: [], forbidden: [] }), () => process.exit(0)),
    );
  });
}
