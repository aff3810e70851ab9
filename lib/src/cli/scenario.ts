#!/usr/bin/env node
/**
 * `npm run scenario -- <name> [options]`: run a lesson scenario in the terminal as a text sequence diagram,
 * all at once or one event per Enter (--step) for live narration.
 *
 * Colours when stdout is a terminal and NO_COLOR is unset (FORCE_COLOR=1 forces them); plain when piped.
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

export const USAGE = `Usage: npm run scenario -- <name> [options]
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
  --no-color               plain text even on a terminal
  --help                   this text`;

export interface ScenarioArgs {
  name?: string;
  list: boolean;
  help: boolean;
  step: boolean;
  noColor: boolean;
  overrides: LessonOverrides;
}

export { UsageError };

const VALUE_FLAGS = ["--seed", "--acks", "--idempotence", "--drop-responses", "--drop-requests", "--records"];
const BOOLEAN_FLAGS = ["--step", "--list", "--no-color", "--help"];

function parseRate(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} must be a probability between 0 and 1 (e.g. 0.1), got "${value}".`);
  return n;
}

function parseWhole(flag: string, value: string, min: number): number {
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${flag} must be a whole number${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ""}, got "${value}".`);
  }
  return Number(value);
}

export function parseScenarioArgs(argv: readonly string[]): ScenarioArgs {
  const args: ScenarioArgs = { list: false, help: false, step: false, noColor: false, overrides: {} };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    if (!raw.startsWith("--")) {
      if (args.name !== undefined) throw new UsageError(`Only one scenario name is allowed; got "${args.name}" and "${raw}".`);
      args.name = raw;
      continue;
    }
    const eq = raw.indexOf("=");
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    if (BOOLEAN_FLAGS.includes(flag)) {
      if (eq >= 0) throw new UsageError(`${flag} takes no value, got "${raw}".`);
      if (flag === "--step") args.step = true;
      else if (flag === "--list") args.list = true;
      else if (flag === "--no-color") args.noColor = true;
      else args.help = true;
      continue;
    }
    if (!VALUE_FLAGS.includes(flag)) {
      throw new UsageError(`Unknown option ${flag}. Allowed: ${[...VALUE_FLAGS, ...BOOLEAN_FLAGS].join(", ")}.`);
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
        if (acks !== "0" && acks !== "1" && acks !== "all") throw new UsageError(`--acks must be 0, 1 or all, got "${acks}".`);
        o.acks = acks;
        break;
      }
      case "--idempotence":
        if (!["on", "off", "true", "false"].includes(value)) throw new UsageError(`--idempotence must be on or off, got "${value}".`);
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
    }
  }
  return args;
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
  const lines = ["Lesson scenarios (npm run scenario -- <name>):"];
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
  const lines = [
    `${entry.name}: ${entry.title}`,
    entry.description,
    `Look for: ${entry.lookFor}`,
    `seed ${run.seed} · acks=${acksName(p.acks)} · enable.idempotence=${p.enableIdempotence} · max.in.flight.requests.per.connection=${p.maxInFlightRequestsPerConnection} · ` +
      `${run.workload.records} records · ${c.brokers} brokers, RF=${c.replicationFactor}, min.insync.replicas=${c.minInsyncReplicas}` +
      (f.dropRequestRate || f.dropResponseRate ? ` · lost requests ${f.dropRequestRate}, lost responses ${f.dropResponseRate}` : ""),
    ...p.warnings.map((w) => `producer log: ${w}`),
  ];
  // Prose wraps at the diagram's width (continued two columns in); the Replay line stays whole, to copy.
  const wrapped = lines.flatMap((l) => {
    const [first, ...rest] = wrapText(l, width);
    return rest.length ? [first!, ...wrapText(rest.join(" "), width - 2).map((r) => `  ${r}`)] : [first!];
  });
  return [...wrapped, `Replay: ${replay.join(" ")}`].join("\n");
}

export interface CliIO {
  argv: readonly string[];
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI; resolves to the exit code. */
export async function main(io: CliIO): Promise<number> {
  const out = (s: string) => io.stdout.write(`${s}\n`);
  let args: ScenarioArgs;
  try {
    args = parseScenarioArgs(io.argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`scenario: ${e.message}\nRun with --help for the options, --list for the scenarios.\n`);
    return 2;
  }
  if (args.help) {
    out(USAGE);
    return 0;
  }
  if (args.list) {
    out(listText());
    return 0;
  }
  if (args.name === undefined) {
    io.stderr.write(`scenario: name a scenario (one of: ${lessonScenarioNames().join(", ")}).\n\n${USAGE}\n`);
    return 2;
  }
  let run: ScenarioRun;
  try {
    run = createScenario(lessonScenario(args.name, args.overrides));
  } catch (e) {
    if (e instanceof ConfigException) {
      const explicit = lessonScenario(args.name, args.overrides).producer?.["enable.idempotence"] === true;
      const hint = explicit ? "\nThis run sets enable.idempotence=true explicitly (Kafka then refuses rather than turning it off): try --idempotence off, or keep acks at all." : "";
      io.stderr.write(`scenario: Kafka's producer refuses this configuration.\n${e.name}: ${e.message}${hint}\n`);
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
      if (interactive) io.stdout.write("  [Enter] next · c [Enter] run to the end · q [Enter] stop ");
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
      out(`Stopped at ${run.nowMs} ms (virtual). The outcome so far:`);
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
