#!/usr/bin/env node
/**
 * `npm run scenario -- <name> [options]`: run a lesson scenario in the terminal as a text sequence diagram,
 * all at once or one event per Enter (--step) for live narration.
 *
 * Colours when stdout is a terminal and NO_COLOR is unset (FORCE_COLOR=1 forces them); plain when piped.
 * Language (`--lang en|ko`): the flag, else KAFKA_SIM_LANG, else the system locale (LC_ALL, LC_MESSAGES, LANG: a
 * Korean one gives Korean), else English. Kafka's own texts (a ConfigException's message) stay as Kafka prints them.
 * Exit codes: 0 done, 2 bad input (a flag, a scenario name, or a producer configuration Kafka refuses).
 */
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { ConfigException } from "../client/config.js";
import { SimulationInputError } from "../protocol/errors.js";
import { LESSONS, LESSON_SCENARIOS, getLessonScenario, lessonScenario, lessonScenarioNames, type LessonOverrides } from "../scenario/lessons.js";
import { createScenario, type ScenarioRun } from "../scenario/scenario.js";
import { TextTimeline, renderOutcome, timelineLanesForSpec, wrapText } from "../course/text-timeline.js";
import { flagValue, UsageError } from "./usage.js";
import { LANG_ENV, LANGS, fill, envLang, parseLang, setLang, tr, type Lang } from "../kernel/locale.js";

const USAGE_EN = `Usage: npm run scenario -- <name> [options]
       npm run scenario -- --list

Options:
  --seed N                 the seed that decides every random choice (default 1)
  --acks 0|1|all           producer acks
  --idempotence on|off     producer enable.idempotence (set explicitly)
  --drop-responses RATE    probability (0 to 1) that a produce response is lost
  --drop-requests RATE     probability (0 to 1) that a produce request is lost
  --records N              how many records the application sends
  --step                   wait for Enter between events (c + Enter: run to the end, q + Enter: stop)
  --list                   list the scenarios
  --lang en|ko             the language of the output (default: KAFKA_SIM_LANG, else the system locale)
  --no-color               plain text even on a terminal
  --help                   this text`;

const USAGE_KO = `사용법: npm run scenario -- <이름> [옵션]
        npm run scenario -- --list

옵션:
  --seed N                 모든 무작위 선택을 정하는 시드 (기본값 1)
  --acks 0|1|all           프로듀서 acks
  --idempotence on|off     프로듀서 enable.idempotence (명시적으로 설정)
  --drop-responses RATE    produce 응답이 유실될 확률 (0에서 1 사이)
  --drop-requests RATE     produce 요청이 유실될 확률 (0에서 1 사이)
  --records N              애플리케이션이 보내는 레코드 수
  --step                   이벤트마다 Enter를 기다림 (c + Enter: 끝까지 실행, q + Enter: 멈춤)
  --list                   시나리오 목록
  --lang en|ko             출력 언어 (기본값: KAFKA_SIM_LANG, 없으면 시스템 로캘)
  --no-color               터미널에서도 색 없이 출력
  --help                   이 도움말`;

/** The usage text, in English (USAGE) and in the language in effect (usageText()). */
export const USAGE = USAGE_EN;

export function usageText(): string {
  return tr({ en: USAGE_EN, ko: USAGE_KO });
}

export interface ScenarioArgs {
  name?: string;
  list: boolean;
  help: boolean;
  step: boolean;
  noColor: boolean;
  /** `--lang`: the language asked for on the command line. */
  lang?: Lang;
  overrides: LessonOverrides;
}

export { UsageError };

const VALUE_FLAGS = ["--seed", "--acks", "--idempotence", "--drop-responses", "--drop-requests", "--records", "--lang"];
const BOOLEAN_FLAGS = ["--step", "--list", "--no-color", "--help"];

function parseRate(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(fill(tr({ en: '{flag} must be a probability between 0 and 1 (e.g. 0.1), got "{value}".', ko: '{flag}는 0에서 1 사이의 확률이어야 합니다(예: 0.1). 받은 값: "{value}".' }), { flag, value }));
  }
  return n;
}

function parseWhole(flag: string, value: string, min: number): number {
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    const atLeast = min > Number.MIN_SAFE_INTEGER;
    throw new UsageError(
      tr({
        en: `${flag} must be a whole number${atLeast ? ` >= ${min}` : ""}, got "${value}".`,
        ko: `${flag}는 ${atLeast ? `${min} 이상의 ` : ""}정수여야 합니다. 받은 값: "${value}".`,
      }),
    );
  }
  return Number(value);
}

export function parseScenarioArgs(argv: readonly string[]): ScenarioArgs {
  const args: ScenarioArgs = { list: false, help: false, step: false, noColor: false, overrides: {} };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    if (!raw.startsWith("--")) {
      if (args.name !== undefined) {
        throw new UsageError(fill(tr({ en: 'Only one scenario name is allowed; got "{a}" and "{b}".', ko: '시나리오 이름은 하나만 줄 수 있습니다. 받은 이름: "{a}", "{b}".' }), { a: args.name, b: raw }));
      }
      args.name = raw;
      continue;
    }
    const eq = raw.indexOf("=");
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    if (BOOLEAN_FLAGS.includes(flag)) {
      if (eq >= 0) throw new UsageError(fill(tr({ en: '{flag} takes no value, got "{raw}".', ko: '{flag}에는 값을 주지 않습니다. 받은 것: "{raw}".' }), { flag, raw }));
      if (flag === "--step") args.step = true;
      else if (flag === "--list") args.list = true;
      else if (flag === "--no-color") args.noColor = true;
      else args.help = true;
      continue;
    }
    if (!VALUE_FLAGS.includes(flag)) {
      throw new UsageError(fill(tr({ en: "Unknown option {flag}. Allowed: {allowed}.", ko: "{flag}: 이런 옵션은 없습니다. 쓸 수 있는 옵션: {allowed}." }), { flag, allowed: [...VALUE_FLAGS, ...BOOLEAN_FLAGS].join(", ") }));
    }
    const { value, last } = flagValue(argv, i, flag, eq >= 0 ? raw.slice(eq + 1) : undefined);
    i = last;
    const o = args.overrides;
    switch (flag) {
      case "--seed":
        o.seed = parseWhole(flag, value, Number.MIN_SAFE_INTEGER);
        break;
      case "--acks": {
        const acks = value === "-1" ? "all" : value;
        if (acks !== "0" && acks !== "1" && acks !== "all") throw new UsageError(fill(tr({ en: '--acks must be 0, 1 or all, got "{acks}".', ko: '--acks는 0, 1, all 중 하나여야 합니다. 받은 값: "{acks}".' }), { acks }));
        o.acks = acks;
        break;
      }
      case "--idempotence":
        if (!["on", "off", "true", "false"].includes(value)) throw new UsageError(fill(tr({ en: '--idempotence must be on or off, got "{value}".', ko: '--idempotence는 on 또는 off여야 합니다. 받은 값: "{value}".' }), { value }));
        o.idempotence = value === "on" || value === "true";
        break;
      case "--drop-responses":
        o.dropResponseRate = parseRate(flag, value);
        break;
      case "--drop-requests":
        o.dropRequestRate = parseRate(flag, value);
        break;
      case "--records":
        o.records = parseWhole(flag, value, 1);
        break;
      case "--lang":
        args.lang = langFlag(value);
        break;
    }
  }
  return args;
}

/** `--lang`'s value: en or ko (a locale such as ko_KR.UTF-8 too); anything else is refused, naming it. */
function langFlag(value: string): Lang {
  try {
    return parseLang(value, "--lang");
  } catch {
    throw new UsageError(
      fill(tr({ en: '--lang must be one of {allowed}, got "{value}".', ko: '--lang은 {allowed} 중 하나여야 합니다. 받은 값: "{value}".' }), { allowed: LANGS.join(", "), value }),
    );
  }
}

/**
 * The language of a run of the CLI: `--lang` (the last one given), else KAFKA_SIM_LANG (an invalid value is refused,
 * naming it), else the system locale (LC_ALL, then LC_MESSAGES, then LANG; a Korean locale gives ko), else English.
 */
export function cliLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  let flag: string | undefined;
  argv.forEach((a, i) => {
    if (a === "--lang" && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) flag = argv[i + 1];
    else if (a.startsWith("--lang=")) flag = a.slice("--lang=".length);
  });
  if (flag !== undefined) return langFlag(flag);
  try {
    return envLang(env).lang;
  } catch {
    throw new UsageError(`${LANG_ENV} must be one of ${LANGS.join(", ")} (or a locale such as ko_KR.UTF-8), got "${env[LANG_ENV]}".`);
  }
}

/** NO_COLOR (no-color.org): present and non-empty turns colour off; FORCE_COLOR (non-empty, not "0") turns it on. */
export function useColor(args: Pick<ScenarioArgs, "noColor">, stdoutIsTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (args.noColor) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stdoutIsTTY;
}

export function listText(): string {
  const width = Math.max(...lessonScenarioNames().map((n) => n.length)) + 2;
  const lines = [tr({ en: "Lesson scenarios (npm run scenario -- <name>):", ko: "레슨 시나리오 (npm run scenario -- <이름>):" })];
  for (const lesson of LESSONS) {
    lines.push("", lesson.title);
    for (const s of LESSON_SCENARIOS.filter((x) => x.lesson === lesson.id)) lines.push(`  ${s.name.padEnd(width)}${s.description}`);
  }
  return lines.join("\n");
}

function acksName(acks: -1 | 0 | 1): string {
  return acks === -1 ? "all" : String(acks);
}

/** The lines above the diagram: what runs, what to watch for, and how to replay it. */
function introText(name: string, run: ScenarioRun, args: ScenarioArgs, width = 100): string {
  const entry = getLessonScenario(name);
  const p = run.producer.config;
  const c = run.cluster.config;
  const f = run.cluster.faults.options;
  const replay = [`npm run scenario -- ${name}`, `--seed ${run.seed}`];
  const o = args.overrides;
  if (o.acks !== undefined) replay.push(`--acks ${o.acks}`);
  if (o.idempotence !== undefined) replay.push(`--idempotence ${o.idempotence ? "on" : "off"}`);
  if (o.dropResponseRate !== undefined) replay.push(`--drop-responses ${o.dropResponseRate}`);
  if (o.dropRequestRate !== undefined) replay.push(`--drop-requests ${o.dropRequestRate}`);
  if (o.records !== undefined) replay.push(`--records ${o.records}`);
  const w = tr(INTRO_WORDS);
  const lines = [
    `${entry.name}: ${entry.title}`,
    entry.description,
    `${w.lookFor} ${entry.lookFor}`,
    `${w.seed} ${run.seed} · acks=${acksName(p.acks)} · enable.idempotence=${p.enableIdempotence} · max.in.flight.requests.per.connection=${p.maxInFlightRequestsPerConnection} · ` +
      `${fill(w.records, { n: run.workload.records })} · ${fill(w.brokers, { n: c.brokers })}, RF=${c.replicationFactor}, min.insync.replicas=${c.minInsyncReplicas}` +
      (f.dropRequestRate || f.dropResponseRate ? ` · ${fill(w.lost, { req: f.dropRequestRate, res: f.dropResponseRate })}` : ""),
    ...p.warnings.map((warning) => `${w.producerLog} ${warning}`),
  ];
  // Prose wraps at the diagram's width (continued two columns in); the Replay line stays whole, to copy.
  const wrapped = lines.flatMap((l) => {
    const [first, ...rest] = wrapText(l, width);
    return rest.length ? [first!, ...wrapText(rest.join(" "), width - 2).map((r) => `  ${r}`)] : [first!];
  });
  return [...wrapped, `${w.replay} ${replay.join(" ")}`].join("\n");
}

/** The words of the lines above the diagram (the producer's log lines stay as Kafka's log would print them). */
const INTRO_WORDS = {
  en: { lookFor: "Look for:", seed: "seed", records: "{n} records", brokers: "{n} brokers", lost: "lost requests {req}, lost responses {res}", producerLog: "producer log:", replay: "Replay:" },
  ko: { lookFor: "눈여겨볼 것:", seed: "시드", records: "레코드 {n}개", brokers: "브로커 {n}개", lost: "요청 유실 확률 {req}, 응답 유실 확률 {res}", producerLog: "프로듀서 로그:", replay: "다시 실행:" },
};

export interface CliIO {
  argv: readonly string[];
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(io: CliIO): Promise<number> {
  let lang: Lang;
  try {
    lang = cliLang(io.argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`scenario: ${e.message}\n`);
    return 2;
  }
  setLang(lang);
  try {
    return await runCli(io);
  } finally {
    setLang(undefined);
  }
}

async function runCli(io: CliIO): Promise<number> {
  const out = (s: string) => io.stdout.write(`${s}\n`);
  let args: ScenarioArgs;
  try {
    args = parseScenarioArgs(io.argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`scenario: ${e.message}\n${tr({ en: "Run with --help for the options, --list for the scenarios.", ko: "옵션은 --help, 시나리오 목록은 --list로 볼 수 있습니다." })}\n`);
    return 2;
  }
  if (args.help) {
    out(usageText());
    return 0;
  }
  if (args.list) {
    out(listText());
    return 0;
  }
  if (args.name === undefined) {
    io.stderr.write(`scenario: ${fill(tr({ en: "name a scenario (one of: {names}).", ko: "시나리오 이름을 주세요 (다음 중 하나: {names})." }), { names: lessonScenarioNames().join(", ") })}\n\n${usageText()}\n`);
    return 2;
  }
  let run: ScenarioRun;
  try {
    run = createScenario(lessonScenario(args.name, args.overrides));
  } catch (e) {
    if (e instanceof ConfigException) {
      const explicit = lessonScenario(args.name, args.overrides).producer?.["enable.idempotence"] === true;
      // Kafka's exception text as Kafka prints it; the course's sentences around it in the reader's language.
      const hint = explicit
        ? `\n${tr({
            en: "This run sets enable.idempotence=true explicitly (Kafka then refuses rather than turning it off): try --idempotence off, or keep acks at all.",
            ko: "이 실행은 enable.idempotence=true를 명시적으로 설정합니다(그러면 Kafka는 멱등성을 끄지 않고 설정을 거부합니다). --idempotence off를 쓰거나 acks를 all로 두세요.",
          })}`
        : "";
      io.stderr.write(`scenario: ${tr({ en: "Kafka's producer refuses this configuration.", ko: "Kafka 프로듀서가 이 설정을 거부합니다." })}\n${e.name}: ${e.message}${hint}\n`);
      return 2;
    }
    if (e instanceof SimulationInputError) {
      io.stderr.write(`scenario: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const color = useColor(args, io.stdout.isTTY === true, io.env);
  const restarts = run.cluster.faults.options.plan.filter((a) => a.action === "restart-producer").length;
  // 100 columns (a projector, a split terminal), fewer on a narrower terminal.
  const columns = io.stdout.isTTY === true && typeof io.stdout.columns === "number" && io.stdout.columns > 0 ? io.stdout.columns : 100;
  const width = Math.max(70, Math.min(100, columns));
  const timeline = new TextTimeline(timelineLanesForSpec(run.cluster.brokers.length, restarts), { color, width });
  out(introText(args.name, run, args, width));
  out("");
  out(timeline.header());

  if (!args.step) {
    for (let events = run.step(); events.length > 0; events = run.step()) for (const e of events) for (const l of timeline.event(e)) out(l);
  } else {
    const interactive = io.stdin.isTTY === true;
    const rl = createInterface({ input: io.stdin, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    let pausing = true;
    let stopped = false;
    for (let events = run.step(); events.length > 0; events = run.step()) {
      const shown = events.flatMap((e) => timeline.event(e));
      for (const l of shown) out(l);
      if (!pausing || shown.length === 0) continue;
      if (interactive) io.stdout.write(tr({ en: "  [Enter] next · c [Enter] run to the end · q [Enter] stop ", ko: "  [Enter] 다음 · c [Enter] 끝까지 실행 · q [Enter] 멈춤 " }));
      const answer = await lines.next();
      if (interactive) io.stdout.write("\u001b[1A\u001b[2K");
      if (answer.done) {
        pausing = false; // input ended: show the rest at once
        continue;
      }
      const cmd = String(answer.value).trim().toLowerCase();
      if (cmd === "q") {
        stopped = true;
        break;
      }
      if (cmd === "c") pausing = false;
    }
    rl.close();
    if (stopped) {
      out("");
      out(fill(tr({ en: "Stopped at {ms} ms (virtual). The outcome so far:", ko: "가상 시간 {ms} ms에서 멈췄습니다. 지금까지의 결과:" }), { ms: run.nowMs }));
    }
  }
  out("");
  out(renderOutcome(run.result().check, { color, width }));
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0); // `| head`: the reader has gone
    throw e;
  });
  main({ argv: process.argv.slice(2), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`scenario: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
