/**
 * How a submission's processes are started: layers of isolation from well-kept tools, each used when this machine
 * has it, and a plain description of what is and is not isolated (printed with every report).
 *
 *  - bubblewrap (`bwrap`, Debian package bubblewrap): new user, pid, network, ipc and uts namespaces; the process
 *    sees /usr (the Node binary and system libraries), its runner folder (/tools) and, for the bundler, the staged
 *    submission (/submission), read-only; no network at all (not even 127.0.0.1); the grader's processes are not
 *    visible, so they cannot be signalled. Without bwrap, as root: `unshare --net --pid` (no network, own pids).
 *  - an unprivileged user when the grader runs as root (`setpriv`): the user `grader-sandbox` made by
 *    gradescope/setup.sh, else `nobody`. A process of another user cannot signal the grader.
 *  - resource limits (`prlimit`, setrlimit): address space, CPU seconds, file size, open files, no core dumps; and
 *    V8's heap limit. The grader adds wall-clock limits per call, per test and per submission (host.ts).
 *  - Node's permission model in the child that runs learner code: it may read its runner folder only, and may not
 *    start processes, workers or load addons.
 * The runner folder is a temporary copy of child.js + codec.js (and bundler.js + esbuild for the bundler), made
 * once per grader process: nothing of the repository, node_modules, the library or solutions/ is in it.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The built runner files (lib/dist/grader), also when this file is imported from source by the grader's tests. */
const BUILT = join(here, "..", "..", "dist", "grader");
const require = createRequire(import.meta.url);

export interface IsolationOptions {
  /** Use bubblewrap when it works here (default true). */
  bwrap?: boolean;
  /** Use `unshare --net --pid` when bwrap is not used and the grader is root (default true). */
  unshare?: boolean;
  /** Run as an unprivileged user when the grader is root (default true). */
  dropUser?: boolean;
  /** Node's permission model in the child (default true; off only to test the other layers alone). */
  nodePermissions?: boolean;
  /** Address-space limit of a learner process, bytes (default 2 GiB). */
  memoryBytes?: number;
  /** V8 heap limit of a learner process, MiB (default 384). */
  heapMiB?: number;
  /** CPU seconds for one learner process (default 90). */
  cpuSeconds?: number;
}

export interface SandboxPlan {
  bwrap: boolean;
  unshare: boolean;
  user: { uid: number; gid: number; name: string } | undefined;
  prlimit: boolean;
  permissionModel: boolean;
  /** One line per layer: what is isolated. */
  layers: string[];
  /** What is not isolated on this machine, and how to fix it. */
  gaps: string[];
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    const p = join(dir, cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function sandboxUser(): { uid: number; gid: number; name: string } {
  const r = spawnSync("getent", ["passwd", "grader-sandbox"], { encoding: "utf8" });
  const fields = r.status === 0 ? r.stdout.trim().split(":") : [];
  if (fields.length >= 4) return { uid: Number(fields[2]), gid: Number(fields[3]), name: "grader-sandbox" };
  return { uid: 65534, gid: 65534, name: "nobody" };
}

// ---------------------------------------------------------------- the runner folder

let toolsDir: string | undefined;

/** The temporary runner folder (made once per process, removed at exit). */
export function runnerFolder(): string {
  if (toolsDir && existsSync(toolsDir)) return toolsDir;
  const dir = mkdtempSync(join(tmpdir(), "kafka-grader-runner-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  for (const f of ["child.js", "codec.js", "bundler.js"]) cpSync(join(BUILT, f), join(dir, f));
  const esbuildPkg = dirname(require.resolve("esbuild/package.json"));
  cpSync(realpathSync(esbuildPkg), join(dir, "node_modules", "esbuild"), { recursive: true, dereference: true });
  const platformPkg = `@esbuild/${process.platform}-${process.arch}`;
  const platformDir = dirname(createRequire(join(esbuildPkg, "package.json")).resolve(`${platformPkg}/package.json`));
  cpSync(realpathSync(platformDir), join(dir, "node_modules", ...platformPkg.split("/")), { recursive: true, dereference: true });
  makeReadable(dir);
  toolsDir = dir;
  return dir;
}

/** World-readable (and traversable) files and folders, so that the sandbox user can read them. */
export function makeReadable(path: string): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    chmodSync(path, 0o755);
    for (const e of readdirSync(path)) makeReadable(join(path, e));
  } else chmodSync(path, st.mode & 0o111 ? 0o755 : 0o644);
}

// ---------------------------------------------------------------- commands

export interface SandboxCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

interface CommandSpec {
  /** "child": runs learner code (permission model on); "bundler": runs esbuild on the staged submission. */
  kind: "child" | "bundler";
  /** The staged submission folder, mounted read-only at /submission (bundler only). */
  submission?: string;
}

const MOUNT_TOOLS = "/tools";
const MOUNT_SUBMISSION = "/submission";

function bwrapArgs(tools: string, spec: CommandSpec): string[] {
  const args = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox", "--clearenv",
    "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", MOUNT_TOOLS, "--ro-bind", "/usr", "/usr"];
  for (const top of ["/lib", "/lib64", "/bin", "/lib32", "/libx32"]) {
    if (!existsSync(top)) continue;
    const st = lstatSync(top);
    if (st.isSymbolicLink()) args.push("--symlink", realpathSync(top).replace(/^\//, ""), top);
    else args.push("--ro-bind", top, top);
  }
  const node = realpathSync(process.execPath);
  if (!node.startsWith("/usr/")) args.push("--ro-bind", dirname(node), "/opt/node-bin");
  args.push("--proc", "/proc", "--dev", "/dev", "--ro-bind", tools, MOUNT_TOOLS);
  if (spec.submission) args.push("--ro-bind", spec.submission, MOUNT_SUBMISSION);
  // Nothing writable: no file can fill memory (/dev/shm, a tmpfs root); /dev/null still takes writes.
  args.push("--remount-ro", "/dev", "--remount-ro", "/");
  args.push("--chdir", spec.submission ? MOUNT_SUBMISSION : MOUNT_TOOLS, "--");
  return args;
}

function nodeInSandbox(useBwrap: boolean): string {
  const node = realpathSync(process.execPath);
  return useBwrap && !node.startsWith("/usr/") ? "/opt/node-bin/" + node.split("/").pop() : node;
}

function build(plan: SandboxPlan, spec: CommandSpec, options: IsolationOptions): SandboxCommand {
  const tools = runnerFolder();
  const toolsSeen = plan.bwrap ? MOUNT_TOOLS : tools;
  const memory = options.memoryBytes ?? 2 * 1024 ** 3;
  const heap = options.heapMiB ?? 384;
  const cpu = options.cpuSeconds ?? 90;
  const prefix: string[] = [];
  if (plan.prlimit) {
    // esbuild is a Go program: it reserves more address space than it uses.
    const as = spec.kind === "bundler" ? Math.max(memory, 8 * 1024 ** 3) : memory;
    prefix.push("prlimit", `--as=${as}`, `--cpu=${cpu}`, "--core=0", `--fsize=${16 * 1024 * 1024}`, "--nofile=512", "--");
  }
  if (plan.user) prefix.push("setpriv", `--reuid=${plan.user.uid}`, `--regid=${plan.user.gid}`, "--clear-groups", "--inh-caps=-all", "--");
  if (plan.bwrap) prefix.push("bwrap", ...bwrapArgs(tools, spec));
  else if (plan.unshare) prefix.splice(plan.prlimit ? 7 : 0, 0, "unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "--");
  const node = nodeInSandbox(plan.bwrap);
  const permissions = options.nodePermissions === false ? [] : ["--experimental-permission", `--allow-fs-read=${toolsSeen}/*`, "--disable-warning=ExperimentalWarning"];
  const nodeArgs = spec.kind === "child"
    ? [`--max-old-space-size=${heap}`, ...permissions, join(toolsSeen, "child.js")]
    : [`--max-old-space-size=${heap}`, join(toolsSeen, "bundler.js"), "--serve"];
  const all = [...prefix, node, ...nodeArgs];
  // A clean environment: nothing of the grader's (tokens, paths) reaches a submission.
  const env: NodeJS.ProcessEnv = { PATH: "/usr/bin:/bin", HOME: toolsSeen, LANG: "C.UTF-8" };
  return { command: all[0]!, args: all.slice(1), env };
}

// ---------------------------------------------------------------- the plan

const plans = new Map<string, SandboxPlan>();

/** Does the sandbox start here? (The wrappers around `true`, without Node: a probe costs a few milliseconds.) */
function probe(plan: SandboxPlan, options: IsolationOptions): boolean {
  const c = build(plan, { kind: "child" }, options);
  const all = [c.command, ...c.args];
  const wrappers = all.slice(0, all.indexOf(nodeInSandbox(plan.bwrap)));
  const r = spawnSync(wrappers[0]!, [...wrappers.slice(1), "/usr/bin/true"], { env: c.env, timeout: 15_000, stdio: "ignore" });
  return r.status === 0;
}

/** What this machine can do, decided once per option set (probing bwrap and unshare with a real start). */
export function sandboxPlan(options: IsolationOptions = {}): SandboxPlan {
  const key = JSON.stringify([options.bwrap, options.unshare, options.dropUser, options.nodePermissions]);
  const cached = plans.get(key);
  if (cached) return cached;
  const root = isRoot();
  const plan: SandboxPlan = { bwrap: false, unshare: false, user: undefined, prlimit: which("prlimit") !== undefined, permissionModel: options.nodePermissions !== false, layers: [], gaps: [] };
  if (root && options.dropUser !== false && which("setpriv")) plan.user = sandboxUser();
  if (options.bwrap !== false && which("bwrap")) {
    plan.bwrap = true;
    if (!probe(plan, options)) plan.bwrap = false;
  }
  if (!plan.bwrap && root && options.unshare !== false && which("unshare")) {
    plan.unshare = true;
    if (!probe(plan, options)) plan.unshare = false;
  }
  const memory = options.memoryBytes ?? 2 * 1024 ** 3;
  if (plan.bwrap) plan.layers.push("bubblewrap: no network, own pid/ipc/uts namespaces, sees only /usr and the runner folder, nothing writable");
  else if (plan.unshare) plan.layers.push("unshare: no network, own pid namespace (the file system is visible, limited by the user and Node's permission model)");
  if (plan.user) plan.layers.push(`user ${plan.user.name} (${plan.user.uid}), not the grader's: it cannot signal the grader or read its files`);
  if (plan.prlimit) plan.layers.push(`limits: ${Math.round(memory / 1024 ** 2)} MiB address space, ${options.heapMiB ?? 384} MiB heap, ${options.cpuSeconds ?? 90} CPU s per process; time per call, test and submission`);
  if (plan.permissionModel) plan.layers.push("Node permission model: reads only its runner folder; no processes, workers or addons");
  else plan.gaps.push("Node permission model: off");
  const bwrapWhy = which("bwrap") ? "bubblewrap does not work here" : "bubblewrap is not installed: apt-get install bubblewrap";
  if (!plan.bwrap && !plan.unshare) plan.gaps.push(`network: open (${bwrapWhy}${root ? "" : "; unshare needs root"})`);
  if (!plan.bwrap) plan.gaps.push(`file system: visible as far as the sandbox user may read it, within Node's permission model (${bwrapWhy})`);
  if (!plan.user) {
    if (root) plan.gaps.push("user: the submission runs as root (setpriv is missing)");
    else plan.gaps.push(`user: the submission runs as the grader's own user (${userInfo().username})${plan.bwrap ? "" : ", so it could signal the grader"}`);
  }
  if (!plan.prlimit) plan.gaps.push("memory and CPU: only V8's heap limit and the grader's time limits (prlimit is missing)");
  plans.set(key, plan);
  return plan;
}

/** The command that starts a learner child or a bundler under `plan`. */
export function sandboxCommand(plan: SandboxPlan, spec: CommandSpec, options: IsolationOptions = {}): SandboxCommand {
  return build(plan, spec, options);
}

/** Where the bundler sees the staged submission. */
export function submissionMount(plan: SandboxPlan, staged: string): string {
  return plan.bwrap ? MOUNT_SUBMISSION : staged;
}

/** The isolation in one paragraph, for reports. */
export function describeIsolation(plan: SandboxPlan): string {
  const lines = [`Isolation: ${plan.layers.join("; ")}.`];
  if (plan.gaps.length > 0) lines.push(`NOT isolated here: ${plan.gaps.join("; ")}.`);
  return lines.join("\n");
}

/**
 * The isolation paragraph (describeIsolation) in the report's language. The Korean one keeps the English labels in
 * brackets, "격리(Isolation):" and "격리되지 않음(NOT isolated here):", for whoever searches a log for them; tool
 * and package names stay as they are.
 */
export function localizedIsolation(text: string, lang: "en" | "ko"): string {
  if (lang === "en") return text;
  type Replacement = string | ((match: string, ...groups: string[]) => string);
  const phrases: [RegExp, Replacement][] = [
    [/^Isolation: /m, "격리(Isolation): "],
    [/^NOT isolated here: /m, "이 환경에서 격리되지 않음(NOT isolated here): "],
    [/bubblewrap: no network, own pid\/ipc\/uts namespaces, sees only \/usr and the runner folder, nothing writable/, "bubblewrap: 네트워크 없음, 별도의 pid/ipc/uts 네임스페이스, /usr와 실행 폴더만 보이고 쓸 수 있는 곳 없음"],
    [/unshare: no network, own pid namespace \(the file system is visible, limited by the user and Node's permission model\)/, "unshare: 네트워크 없음, 별도의 pid 네임스페이스 (파일 시스템은 보이지만 사용자와 Node 권한 모델로 제한)"],
    [/user (\S+) \((\d+)\), not the grader's: it cannot signal the grader or read its files/, "채점기와 다른 사용자 $1 ($2): 채점기에 신호를 보내거나 채점기의 파일을 읽을 수 없음"],
    [/limits: (\d+) MiB address space, (\d+) MiB heap, (\d+) CPU s per process; time per call, test and submission/, "한도: 프로세스마다 주소 공간 $1 MiB, 힙 $2 MiB, CPU $3초; 호출·테스트·제출물마다 시간 한도"],
    [/Node permission model: reads only its runner folder; no processes, workers or addons/, "Node 권한 모델: 실행 폴더만 읽음, 프로세스·워커·애드온 없음"],
    [/Node permission model: off/, "Node 권한 모델: 꺼짐"],
    [/bubblewrap does not work here/g, "이 환경에서는 bubblewrap이 동작하지 않음"],
    [/bubblewrap is not installed: apt-get install bubblewrap/g, "bubblewrap이 설치되어 있지 않음: apt-get install bubblewrap"],
    [/; unshare needs root/, "; unshare는 root 권한이 필요함"],
    [/network: open \(/, "네트워크: 열려 있음 ("],
    [/file system: visible as far as the sandbox user may read it, within Node's permission model \(/, "파일 시스템: 샌드박스 사용자가 읽을 수 있는 범위에서 Node 권한 모델 안으로 보임 ("],
    [/user: the submission runs as root \(setpriv is missing\)/, "사용자: 제출물이 root로 실행됨 (setpriv 없음)"],
    [/user: the submission runs as the grader's own user \(([^)]*)\)(, so it could signal the grader)?/, (_m, who, signal) => `사용자: 제출물이 채점기와 같은 사용자(${who})로 실행됨${signal ? ", 그래서 채점기에 신호를 보낼 수 있음" : ""}`],
    [/memory and CPU: only V8's heap limit and the grader's time limits \(prlimit is missing\)/, "메모리와 CPU: V8의 힙 한도와 채점기의 시간 한도만 적용 (prlimit 없음)"],
  ];
  let out = text;
  for (const [pattern, replacement] of phrases) out = out.replace(pattern, replacement as never);
  return out;
}
