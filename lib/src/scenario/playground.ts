/**
 * The course site's playground, as data: the settings a reader can change (producer configs, replication, fault
 * rates, records, seeds), the scenario specs they stand for, and the page address that holds them.
 *
 * One settings object can hold several runs (the bars of one outcome figure, as lesson 01 compares three
 * producers); faults, records and seeds are shared by all runs. A producer setting left `null` is *not set*, as
 * in a notebook that leaves the key out: Kafka treats an unset `enable.idempotence` differently from an explicit
 * `true` (ProducerConfig turns a defaulted one off for acks≠all or retries=0, and throws for an explicit one), so
 * the playground keeps the difference.
 *
 * The same settings give the same specs in Node and in a browser, so `outcomeFigure` over `sweepPlayground` draws
 * the same SVG bytes in both (the site's tests check it against the notebooks' stored figures).
 * No Node built-ins here: this module is part of the browser entry (browser.ts).
 */
import { tr } from "../kernel/locale.js";
import { ConfigException, resolveProducerConfig, type ProducerConfigInput } from "../client/config.js";
import { SimulationInputError } from "../protocol/errors.js";
import { resolveFaults, type FaultAction } from "../simulation/faults.js";
import { resolveClusterOptions } from "../simulation/options.js";
import type { ScenarioSpec } from "./scenario.js";

export type PlaygroundAcks = "0" | "1" | "all";

/** One producer and topic: a bar of the outcome figure. */
export interface PlaygroundRun {
  /** The bar's label (the scenario name in sweep rows). */
  name: string;
  acks: PlaygroundAcks | null;
  "enable.idempotence": boolean | null;
  retries: number | null;
  "max.in.flight.requests.per.connection": number | null;
  "request.timeout.ms": number | null;
  /**
   * transactional.id: a transactional producer. The application then writes in transactions of
   * `transactionRecords` records (consume-transform-produce, the input position committed with each, as lesson 10),
   * and the check reads with read_committed.
   */
  "transactional.id": string | null;
  /** The application restarts its producer at this virtual time (ms), or never (lessons 07 and 10). */
  restartProducerAtMs: number | null;
  /** The topic's replication factor (1…3: the simulated cluster has 3 brokers). */
  replicationFactor: number;
  /** min.insync.replicas, a broker/topic setting. */
  minInsyncReplicas: number;
}

export interface PlaygroundSettings {
  runs: PlaygroundRun[];
  dropRequestRate: number;
  dropResponseRate: number;
  transientErrorRate: number;
  /** Network latency per message (ms) and extra random latency up to jitterMs. */
  latencyMs: number;
  jitterMs: number;
  /** A crash of the partition's leader at this virtual time (ms), or none. */
  crashLeaderAtMs: number | null;
  /** broker.session.timeout.ms: how long the controller waits before it fences a silent (crashed) broker. */
  brokerSessionTimeoutMs: number;
  /** Virtual ms between two sends. */
  intervalMs: number;
  /** Records each run sends. */
  records: number;
  /** Records per transaction, for the runs with a transactional.id. */
  transactionRecords: number;
  /** Seeds 1…seeds. */
  seeds: number;
  /** The run (index into runs) and seed drawn as a timeline. */
  replayRun: number;
  replaySeed: number;
}

/** Bounds that keep one sweep within a few seconds in a browser. */
export const PLAYGROUND_LIMITS = { runs: 6, records: 500, seeds: 2000, brokers: 3, nameLength: 60 } as const;

/** The producer keys a run can set, in the order the page shows them. */
export const PLAYGROUND_PRODUCER_KEYS = [
  "acks",
  "enable.idempotence",
  "retries",
  "max.in.flight.requests.per.connection",
  "request.timeout.ms",
] as const;

export const PLAYGROUND_RUN_DEFAULTS: Readonly<PlaygroundRun> = Object.freeze({
  name: "my producer",
  acks: null,
  "enable.idempotence": null,
  retries: null,
  "max.in.flight.requests.per.connection": null,
  "request.timeout.ms": null,
  "transactional.id": null,
  restartProducerAtMs: null,
  replicationFactor: 3,
  minInsyncReplicas: 1,
});

/** What the page opens with: lesson 01's comparison on a lossy network, 200 seeds × 20 records. */
export const PLAYGROUND_DEFAULTS: Readonly<PlaygroundSettings> = Object.freeze({
  runs: <PlaygroundRun[]>[
    { ...PLAYGROUND_RUN_DEFAULTS, name: "acks=0 (at most once)", acks: "0", retries: 0, "enable.idempotence": false, "request.timeout.ms": 1000 },
    { ...PLAYGROUND_RUN_DEFAULTS, name: "acks=all, retries (at least once)", acks: "all", "enable.idempotence": false, "request.timeout.ms": 1000 },
    { ...PLAYGROUND_RUN_DEFAULTS, name: "idempotence on (exactly once)", acks: "all", "enable.idempotence": true, "request.timeout.ms": 1000 },
  ],
  dropRequestRate: 0.05,
  dropResponseRate: 0.05,
  transientErrorRate: 0,
  latencyMs: 1,
  jitterMs: 0,
  crashLeaderAtMs: null,
  brokerSessionTimeoutMs: 9000,
  intervalMs: 1,
  records: 20,
  transactionRecords: 10,
  seeds: 200,
  replayRun: 0,
  replaySeed: 1,
});

/** The producer config of a run: only the keys it sets. */
export function runProducerConfig(run: PlaygroundRun): ProducerConfigInput {
  const p: ProducerConfigInput = {};
  if (run.acks !== null) p.acks = run.acks;
  if (run.retries !== null) p.retries = run.retries;
  if (run["enable.idempotence"] !== null) p["enable.idempotence"] = run["enable.idempotence"];
  if (run["max.in.flight.requests.per.connection"] !== null) p["max.in.flight.requests.per.connection"] = run["max.in.flight.requests.per.connection"];
  if (run["request.timeout.ms"] !== null) p["request.timeout.ms"] = run["request.timeout.ms"];
  if (run["transactional.id"] !== null) p["transactional.id"] = run["transactional.id"];
  return p;
}

/** The scenario spec of one run (trace on: sweeps turn it off themselves). */
export function runSpec(settings: PlaygroundSettings, index: number): ScenarioSpec {
  const run = settings.runs[index];
  if (!run) throw new SimulationInputError(tr({ en: `There is no run ${index + 1}: the playground has ${settings.runs.length} run(s).`, ko: `실행 ${index + 1}은(는) 없습니다. 플레이그라운드의 실행은 ${settings.runs.length}개입니다.` }));
  const cluster: ScenarioSpec["cluster"] = {};
  if (run.replicationFactor !== PLAYGROUND_RUN_DEFAULTS.replicationFactor) cluster.replicationFactor = run.replicationFactor;
  if (run.minInsyncReplicas !== PLAYGROUND_RUN_DEFAULTS.minInsyncReplicas) cluster.minInsyncReplicas = run.minInsyncReplicas;
  const faults: ScenarioSpec["faults"] = {};
  if (settings.dropRequestRate) faults.dropRequestRate = settings.dropRequestRate;
  if (settings.dropResponseRate) faults.dropResponseRate = settings.dropResponseRate;
  if (settings.transientErrorRate) faults.transientErrorRate = settings.transientErrorRate;
  if (settings.latencyMs !== PLAYGROUND_DEFAULTS.latencyMs) faults.latencyMs = settings.latencyMs;
  if (settings.jitterMs !== PLAYGROUND_DEFAULTS.jitterMs) faults.jitterMs = settings.jitterMs;
  const plan: FaultAction[] = [];
  if (settings.crashLeaderAtMs !== null) plan.push({ atMs: settings.crashLeaderAtMs, action: "crash-leader" });
  if (run.restartProducerAtMs !== null) plan.push({ atMs: run.restartProducerAtMs, action: "restart-producer" });
  if (plan.length > 0) faults.plan = plan;
  if (settings.brokerSessionTimeoutMs !== PLAYGROUND_DEFAULTS.brokerSessionTimeoutMs) cluster.brokerSessionTimeoutMs = settings.brokerSessionTimeoutMs;
  const workload: ScenarioSpec["workload"] = { records: settings.records };
  if (settings.intervalMs !== PLAYGROUND_DEFAULTS.intervalMs) workload.intervalMs = settings.intervalMs;
  if (run["transactional.id"] !== null) workload.transactionRecords = settings.transactionRecords;
  return { name: run.name, producer: runProducerConfig(run), cluster, faults, workload };
}

/** Every run's spec, in order. */
export function playgroundSpecs(settings: PlaygroundSettings): ScenarioSpec[] {
  return settings.runs.map((_, i) => runSpec(settings, i));
}

/** Why the settings cannot run: Kafka's ConfigException text (its `origin` says whether Kafka refuses it too), or a simulation input error. */
export interface PlaygroundProblem {
  /** Index of the run at fault, or -1 for the shared settings. */
  run: number;
  /** "ConfigException" for a producer configuration Kafka (or the simulation) refuses, "SimulationInputError" otherwise. */
  kind: "ConfigException" | "SimulationInputError";
  /** The config key at fault, when known. */
  key?: string;
  message: string;
  origin?: "kafka" | "simulation";
}

/**
 * Validate settings the way a notebook run would: each run's producer config through resolveProducerConfig (Kafka's
 * ConfigException, word for word), its topic through resolveClusterOptions, the fault rates through resolveFaults.
 * Returns the problems (empty when the settings run) and the warnings Kafka would log for each run.
 */
export function checkPlayground(settings: PlaygroundSettings): { problems: PlaygroundProblem[]; warnings: string[][] } {
  const problems: PlaygroundProblem[] = [];
  const warnings: string[][] = [];
  const catchProblem = (run: number, f: () => void): void => {
    try {
      f();
    } catch (e) {
      if (e instanceof ConfigException) problems.push({ run, kind: "ConfigException", key: e.key, message: e.message, origin: e.origin });
      else if (e instanceof SimulationInputError) problems.push({ run, kind: "SimulationInputError", message: e.message });
      else throw e;
    }
  };
  catchProblem(-1, () => {
    const { dropRequestRate, dropResponseRate, transientErrorRate, latencyMs, jitterMs, crashLeaderAtMs } = settings;
    resolveFaults({ dropRequestRate, dropResponseRate, transientErrorRate, latencyMs, jitterMs, plan: crashLeaderAtMs === null ? [] : [{ atMs: crashLeaderAtMs, action: "crash-leader" }] });
    resolveClusterOptions({ brokerSessionTimeoutMs: settings.brokerSessionTimeoutMs });
    if (typeof settings.intervalMs !== "number" || !(settings.intervalMs >= 0) || !Number.isFinite(settings.intervalMs)) {
      const got = JSON.stringify(settings.intervalMs);
      throw new SimulationInputError(tr({ en: `The interval between sends must be a number of milliseconds >= 0, got ${got}.`, ko: `전송 간격은 0 이상의 ms 값이어야 합니다. 받은 값: ${got}.` }));
    }
    checkWhole("records", settings.records, 1, PLAYGROUND_LIMITS.records);
    checkWhole("seeds", settings.seeds, 1, PLAYGROUND_LIMITS.seeds);
    checkWhole("records per transaction", settings.transactionRecords, 1, PLAYGROUND_LIMITS.records);
  });
  settings.runs.forEach((run, i) => {
    warnings.push([]);
    catchProblem(i, () => {
      warnings[i] = resolveProducerConfig(runProducerConfig(run)).warnings;
    });
    catchProblem(i, () => {
      resolveClusterOptions({ replicationFactor: run.replicationFactor, minInsyncReplicas: run.minInsyncReplicas });
    });
    catchProblem(i, () => {
      const at = run.restartProducerAtMs;
      if (at !== null && (typeof at !== "number" || !Number.isFinite(at) || at < 0)) {
        const got = JSON.stringify(at);
        throw new SimulationInputError(
          tr({
            en: `run ${i + 1}: the producer restart must be at a number of milliseconds >= 0 (or empty: no restart), got ${got}.`,
            ko: `실행 ${i + 1}: 프로듀서 재시작 시각은 0 이상의 ms 값이어야 합니다(비워 두면 재시작 없음). 받은 값: ${got}.`,
          }),
        );
      }
    });
  });
  return { problems, warnings };
}

function checkWhole(name: string, v: unknown, min: number, max: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new SimulationInputError(tr({ en: `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}.`, ko: `${name}은(는) ${min}부터 ${max}까지의 정수여야 합니다. 받은 값: ${JSON.stringify(v)}.` }));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The page address: #records=20&seeds=200&drop-request=0.05&…&run=name:…;acks:all;…&run=…&replay=1.1

const SHARED_PARAMS = {
  records: "records",
  seeds: "seeds",
  "drop-request": "dropRequestRate",
  "drop-response": "dropResponseRate",
  "transient-errors": "transientErrorRate",
} as const satisfies Record<string, keyof PlaygroundSettings>;

/** Shared settings written only when they differ from the defaults (so older links stay short and valid). */
const OPTIONAL_PARAMS = {
  latency: "latencyMs",
  jitter: "jitterMs",
  interval: "intervalMs",
  "crash-leader-at": "crashLeaderAtMs",
  "broker-session-timeout": "brokerSessionTimeoutMs",
  "transaction-records": "transactionRecords",
} as const satisfies Record<string, keyof PlaygroundSettings>;

const RUN_FIELDS = ["name", ...PLAYGROUND_PRODUCER_KEYS, "transactional.id", "restart-producer-at", "replication.factor", "min.insync.replicas"] as const;

/** Percent-encodes a parameter value, leaving the characters that read well and parse safely (: ; , = / @) as they are. */
function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(/%(3A|3B|2C|3D|2F|40)/g, (m) => decodeURIComponent(m));
}

/**
 * The settings as the fragment of a page address (without "#"), readable and stable: the same settings, the same
 * text. Each run is one `run` parameter, `key:value` pairs joined by ";", its name last (a name may hold ";").
 */
export function playgroundHash(settings: PlaygroundSettings): string {
  const params: string[] = [];
  for (const [param, key] of Object.entries(SHARED_PARAMS)) params.push(`${param}=${encodeValue(String(settings[key]))}`);
  for (const [param, key] of Object.entries(OPTIONAL_PARAMS)) {
    if (settings[key] !== PLAYGROUND_DEFAULTS[key] && settings[key] !== null) params.push(`${param}=${encodeValue(String(settings[key]))}`);
  }
  for (const run of settings.runs) {
    const parts: string[] = [];
    for (const key of PLAYGROUND_PRODUCER_KEYS) if (run[key] !== null) parts.push(`${key}:${String(run[key])}`);
    // A transactional.id may hold any character: percent-encoded inside the run (so ";" cannot end it).
    if (run["transactional.id"] !== null) parts.push(`transactional.id:${encodeURIComponent(run["transactional.id"])}`);
    if (run.restartProducerAtMs !== null) parts.push(`restart-producer-at:${run.restartProducerAtMs}`);
    if (run.replicationFactor !== PLAYGROUND_RUN_DEFAULTS.replicationFactor) parts.push(`replication.factor:${run.replicationFactor}`);
    if (run.minInsyncReplicas !== PLAYGROUND_RUN_DEFAULTS.minInsyncReplicas) parts.push(`min.insync.replicas:${run.minInsyncReplicas}`);
    parts.push(`name:${run.name}`);
    params.push(`run=${encodeValue(parts.join(";"))}`);
  }
  params.push(`replay=${settings.replayRun + 1}.${settings.replaySeed}`);
  return params.join("&");
}

/**
 * Settings from a page address fragment (with or without "#"). Missing parameters take PLAYGROUND_DEFAULTS; an
 * unknown parameter or a value that is not a number where one is needed throws a SimulationInputError naming it and
 * what is allowed. Producer values are kept as given (the config check reports them, as Kafka would).
 */
export function parsePlaygroundHash(hash: string): PlaygroundSettings {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const s: PlaygroundSettings = { ...PLAYGROUND_DEFAULTS, runs: PLAYGROUND_DEFAULTS.runs.map((r) => ({ ...r })) };
  const runs: PlaygroundRun[] = [];
  const allowed = [...Object.keys(SHARED_PARAMS), ...Object.keys(OPTIONAL_PARAMS), "run", "replay"];
  for (const [param, value] of q) {
    if (param in SHARED_PARAMS) {
      s[SHARED_PARAMS[param as keyof typeof SHARED_PARAMS]] = numberFrom(param, value);
    } else if (param in OPTIONAL_PARAMS) {
      s[OPTIONAL_PARAMS[param as keyof typeof OPTIONAL_PARAMS]] = numberFrom(param, value);
    } else if (param === "run") {
      if (runs.length >= PLAYGROUND_LIMITS.runs) throw new SimulationInputError(tr({ en: `At most ${PLAYGROUND_LIMITS.runs} runs fit in one figure.`, ko: `그래프 하나에는 실행을 ${PLAYGROUND_LIMITS.runs}개까지만 넣을 수 있습니다.` }));
      runs.push(parseRun(value, runs.length));
    } else if (param === "replay") {
      const m = /^(\d+)\.(-?\d+)$/.exec(value);
      if (!m) throw new SimulationInputError(tr({ en: `replay must be RUN.SEED (e.g. 1.7: run 1, seed 7), got ${JSON.stringify(value)}.`, ko: `replay는 실행.시드 형식이어야 합니다(예: 1.7은 실행 1, 시드 7). 받은 값: ${JSON.stringify(value)}.` }));
      s.replayRun = Number(m[1]) - 1;
      s.replaySeed = Number(m[2]);
    } else {
      throw new SimulationInputError(tr({ en: `Unknown playground setting "${param}". Allowed: ${allowed.join(", ")}.`, ko: `"${param}": 이런 플레이그라운드 설정은 없습니다. 쓸 수 있는 설정: ${allowed.join(", ")}.` }));
    }
  }
  if (runs.length > 0) s.runs = runs;
  if (!(s.replayRun >= 0 && s.replayRun < s.runs.length)) s.replayRun = 0;
  return s;
}

function numberFrom(what: string, value: string): number {
  const n = value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(n)) throw new SimulationInputError(tr({ en: `${what} must be a number, got ${JSON.stringify(value)}.`, ko: `${what}은(는) 수여야 합니다. 받은 값: ${JSON.stringify(value)}.` }));
  return n;
}

function parseRun(text: string, index: number): PlaygroundRun {
  const run: PlaygroundRun = { ...PLAYGROUND_RUN_DEFAULTS, name: `run ${index + 1}` };
  let rest = text;
  while (rest !== "") {
    // The name is last and runs to the end (it may contain ";").
    const end = rest.startsWith("name:") ? rest.length : rest.indexOf(";") < 0 ? rest.length : rest.indexOf(";");
    const part = rest.slice(0, end);
    rest = rest.slice(end + 1);
    if (part === "") continue;
    const colon = part.indexOf(":");
    const key = colon < 0 ? part : part.slice(0, colon);
    const value = colon < 0 ? "" : part.slice(colon + 1);
    switch (key) {
      case "name":
        run.name = value.slice(0, PLAYGROUND_LIMITS.nameLength);
        break;
      case "acks":
        if (value !== "0" && value !== "1" && value !== "all") {
          throw new SimulationInputError(tr({ en: `run ${index + 1}: acks must be 0, 1 or all, got ${JSON.stringify(value)}.`, ko: `실행 ${index + 1}: acks는 0, 1, all 중 하나여야 합니다. 받은 값: ${JSON.stringify(value)}.` }));
        }
        run.acks = value;
        break;
      case "enable.idempotence":
        if (value !== "true" && value !== "false") {
          throw new SimulationInputError(tr({ en: `run ${index + 1}: enable.idempotence must be true or false, got ${JSON.stringify(value)}.`, ko: `실행 ${index + 1}: enable.idempotence는 true 또는 false여야 합니다. 받은 값: ${JSON.stringify(value)}.` }));
        }
        run["enable.idempotence"] = value === "true";
        break;
      case "retries":
      case "max.in.flight.requests.per.connection":
      case "request.timeout.ms":
        run[key] = numberFrom(`run ${index + 1}: ${key}`, value);
        break;
      case "transactional.id": {
        let id: string;
        try {
          id = decodeURIComponent(value);
        } catch {
          throw new SimulationInputError(tr({ en: `run ${index + 1}: transactional.id is not a valid percent-encoded text: ${JSON.stringify(value)}.`, ko: `실행 ${index + 1}: transactional.id가 올바른 퍼센트 인코딩 텍스트가 아닙니다: ${JSON.stringify(value)}.` }));
        }
        run["transactional.id"] = id;
        break;
      }
      case "restart-producer-at":
        run.restartProducerAtMs = numberFrom(`run ${index + 1}: ${key}`, value);
        break;
      case "replication.factor":
        run.replicationFactor = numberFrom(`run ${index + 1}: ${key}`, value);
        break;
      case "min.insync.replicas":
        run.minInsyncReplicas = numberFrom(`run ${index + 1}: ${key}`, value);
        break;
      default:
        throw new SimulationInputError(tr({ en: `run ${index + 1}: unknown setting "${key}". Allowed: ${RUN_FIELDS.join(", ")}.`, ko: `실행 ${index + 1}: "${key}"라는 설정은 없습니다. 쓸 수 있는 설정: ${RUN_FIELDS.join(", ")}.` }));
    }
  }
  return run;
}
