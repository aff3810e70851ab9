/**
 * Faults are data: probabilities applied to every message, plus a plan of targeted, one-shot actions.
 * All randomness comes from the simulation's seeded PRNG.
 */
import { tr } from "../kernel/locale.js";
import type { TransactionalApi } from "../broker/transaction-coordinator.js";
import type { ErrorName } from "../protocol/errors.js";
import { SimulationInputError } from "../protocol/errors.js";

export type FaultAction =
  /** Crash a broker (it loses nothing on disk; it stops answering until restarted). */
  | { atMs: number; action: "crash-broker"; broker: number }
  | { atMs: number; action: "restart-broker"; broker: number }
  /** Crash whichever broker leads the partition at that time. */
  | { atMs: number; action: "crash-leader"; partition?: number }
  /** Cut a broker off the network (messages to and from it are lost) / reconnect it. */
  | { atMs: number; action: "isolate-broker"; broker: number }
  | { atMs: number; action: "heal-broker"; broker: number }
  /** One-shot hooks, armed at atMs (default 0) and spent on the next matching event. */
  | { atMs?: number; action: "drop-next-produce-request"; count?: number }
  | { atMs?: number; action: "drop-next-produce-response"; count?: number }
  /**
   * The leader answers the next produce with this error without writing it. With `recordId`, only produces whose batch
   * holds that record count (a targeted fault: "refuse v0's batch, 1000 times"); the others pass.
   */
  | { atMs?: number; action: "fail-next-produce"; error: ErrorName; count?: number; recordId?: string }
  /** The transaction coordinator answers the next request(s) of this API with the error (e.g. CONCURRENT_TRANSACTIONS). */
  | { atMs?: number; action: "fail-next-coordinator-request"; api: TransactionalApi; error: ErrorName; count?: number }
  /** Crash the leader right after it appends the next produce, before any follower copies it. */
  | { atMs?: number; action: "crash-leader-after-next-append" }
  /** Delay the next produce request by extraMs (as if resent on a new connection: later requests overtake it). */
  | { atMs?: number; action: "delay-next-produce-request"; extraMs: number; recordId?: string }
  /**
   * The application restarts the producer: a new instance (a new producer id, or with transactional.id the same id
   * and a bumped epoch); records not acknowledged (not committed, with transactions) are sent again.
   * `zombie`: the old instance is not stopped and carries on (as after a long GC pause): it should be fenced.
   */
  | { atMs: number; action: "restart-producer"; zombie?: boolean }
  /** Force the idempotent producer to bump its epoch (as after a delivery timeout, KIP-360). */
  | { atMs: number; action: "bump-producer-epoch" };

export interface FaultOptions {
  /** One-way network latency, in ms. */
  latencyMs: number;
  /** Extra latency drawn uniformly from [0, jitterMs] per message. Messages on one connection still arrive in order (TCP). */
  jitterMs: number;
  /** Probability that a produce request is lost on its way to the broker (nothing written). */
  dropRequestRate: number;
  /** Probability that a produce response is lost on its way back (written, but the producer never hears). */
  dropResponseRate: number;
  /** Probability that a leader answers a produce with NOT_LEADER_OR_FOLLOWER without writing (a transient error). */
  transientErrorRate: number;
  /** Every epochBumpEveryMs of virtual time, force an idempotent producer epoch bump (0 = never). */
  epochBumpEveryMs: number;
  plan: FaultAction[];
}

export const FAULT_DEFAULTS: FaultOptions = {
  latencyMs: 1,
  jitterMs: 0,
  dropRequestRate: 0,
  dropResponseRate: 0,
  transientErrorRate: 0,
  epochBumpEveryMs: 0,
  plan: [],
};

const RATE_KEYS = ["dropRequestRate", "dropResponseRate", "transientErrorRate"] as const;
const MS_KEYS = ["latencyMs", "jitterMs", "epochBumpEveryMs"] as const;

export function resolveFaults(input: Partial<FaultOptions> = {}): FaultOptions {
  const allowed = new Set(Object.keys(FAULT_DEFAULTS));
  for (const key of Object.keys(input)) {
    if (!allowed.has(key)) {
      throw new SimulationInputError(tr({ en: `Unknown fault option "${key}". Allowed: ${[...allowed].join(", ")}.`, ko: `"${key}": 이런 장애 옵션은 없습니다. 쓸 수 있는 옵션: ${[...allowed].join(", ")}.` }));
    }
  }
  const f: FaultOptions = { ...FAULT_DEFAULTS, ...input, plan: [...(input.plan ?? [])] };
  for (const k of RATE_KEYS) {
    const v = f[k];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new SimulationInputError(tr({ en: `Fault option ${k} must be a probability between 0 and 1, got ${String(v)}.`, ko: `장애 옵션 ${k}은(는) 0과 1 사이의 확률이어야 합니다. 받은 값: ${String(v)}.` }));
    }
  }
  for (const k of MS_KEYS) {
    const v = f[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new SimulationInputError(tr({ en: `Fault option ${k} must be a number of milliseconds >= 0, got ${String(v)}.`, ko: `장애 옵션 ${k}은(는) 0 이상의 ms 값이어야 합니다. 받은 값: ${String(v)}.` }));
    }
  }
  for (const a of f.plan) {
    if (!a || typeof a !== "object" || typeof (a as { action?: unknown }).action !== "string") {
      throw new SimulationInputError(tr({ en: `Each fault plan entry needs an "action"; got ${JSON.stringify(a)}.`, ko: `장애 계획의 항목마다 "action"이 있어야 합니다. 받은 값: ${JSON.stringify(a)}.` }));
    }
    const at = (a as { atMs?: unknown }).atMs;
    if (at !== undefined && (typeof at !== "number" || !(at >= 0))) {
      throw new SimulationInputError(tr({ en: `Fault plan entry ${a.action}: atMs must be a number >= 0, got ${String(at)}.`, ko: `장애 계획 항목 ${a.action}: atMs는 0 이상의 수여야 합니다. 받은 값: ${String(at)}.` }));
    }
  }
  return f;
}
