/**
 * Applies FaultOptions (faults as data): per-message probabilities, and the plan's one-shot hooks ("lose the next
 * produce response", "crash the leader right after its next append"), each at its virtual time.
 */
import { SimulationInputError, type ErrorName } from "../protocol/errors.js";
import type { Simulation } from "../kernel/sim.js";
import type { PartitionState } from "../broker/host.js";
import type { FaultAction, FaultOptions } from "./faults.js";

/** What the plan's actions act on: the simulated cluster. */
export interface FaultTarget {
  readonly sim: Simulation;
  crashBroker(brokerId: number, reason?: string): void;
  restartBroker(brokerId: number): void;
  isolateBroker(brokerId: number): void;
  healBroker(brokerId: number): void;
  topicNames(): string[];
  partitionState(topic: string, partition: number): PartitionState | undefined;
}

/** Applies FaultOptions: per-message probabilities and the plan's one-shot hooks. */
export class FaultInjector {
  private dropNextRequests = 0;
  private dropNextResponses = 0;
  private failNext: Array<{ error: ErrorName; count: number }> = [];
  private crashAfterNextAppend = 0;
  private delayNext: number[] = [];
  /** Listeners for producer-level plan actions (restart-producer, bump-producer-epoch). */
  readonly producerActions = new Array<(action: FaultAction) => void>(); // not []: see "Memory" in kernel/sim.ts

  constructor(
    private readonly cluster: FaultTarget,
    readonly options: FaultOptions,
  ) {}

  schedulePlan(): void {
    const sim = this.cluster.sim;
    for (const action of this.options.plan) {
      sim.scheduleAt(action.atMs ?? 0, () => this.apply(action));
    }
    if (this.options.epochBumpEveryMs > 0) {
      const every = this.options.epochBumpEveryMs;
      const tick = (): void => {
        this.emitProducerAction({ atMs: sim.nowMs, action: "bump-producer-epoch" });
        sim.schedule(every, tick);
      };
      sim.schedule(every, tick);
    }
  }

  private emitProducerAction(action: FaultAction): void {
    for (const l of this.producerActions) l(action);
  }

  apply(action: FaultAction): void {
    const c = this.cluster;
    switch (action.action) {
      case "crash-broker":
        return c.crashBroker(action.broker, "planned crash");
      case "restart-broker":
        return c.restartBroker(action.broker);
      case "crash-leader": {
        const topic = c.topicNames()[0];
        if (!topic) return;
        const s = c.partitionState(topic, action.partition ?? 0);
        if (s && s.leader >= 0) c.crashBroker(s.leader, `planned crash of partition ${s.partition}'s leader`);
        return;
      }
      case "isolate-broker":
        return c.isolateBroker(action.broker);
      case "heal-broker":
        return c.healBroker(action.broker);
      case "drop-next-produce-request":
        this.dropNextRequests += action.count ?? 1;
        return;
      case "drop-next-produce-response":
        this.dropNextResponses += action.count ?? 1;
        return;
      case "fail-next-produce":
        this.failNext.push({ error: action.error, count: action.count ?? 1 });
        return;
      case "crash-leader-after-next-append":
        this.crashAfterNextAppend++;
        return;
      case "delay-next-produce-request":
        this.delayNext.push(action.extraMs);
        return;
      case "restart-producer":
      case "bump-producer-epoch":
        return this.emitProducerAction(action);
      default: {
        const unknown: never = action;
        throw new SimulationInputError(`Unknown fault action ${JSON.stringify((unknown as { action: string }).action)}.`);
      }
    }
  }

  /** Decide what happens to a client's produce request on its way to the broker. */
  produceRequestFate(): { drop: boolean; note?: string; extraDelayMs: number } {
    if (this.dropNextRequests > 0) {
      this.dropNextRequests--;
      return { drop: true, note: "planned: drop the next produce request", extraDelayMs: 0 };
    }
    if (this.cluster.sim.random.chance(this.options.dropRequestRate)) return { drop: true, note: "request lost (dropRequestRate)", extraDelayMs: 0 };
    const extra = this.delayNext.shift() ?? 0;
    return { drop: false, extraDelayMs: extra };
  }

  /** Should this produce response be lost? Returns why, or undefined. */
  produceResponseDropNote(): string | undefined {
    if (this.dropNextResponses > 0) {
      this.dropNextResponses--;
      return "planned: lose the next produce response";
    }
    if (this.cluster.sim.random.chance(this.options.dropResponseRate)) return "response lost (dropResponseRate)";
    return undefined;
  }

  /** An injected produce error for the leader to answer with, if any. */
  produceErrorFor(_brokerId: number): ErrorName | undefined {
    const next = this.failNext[0];
    if (next) {
      if (--next.count <= 0) this.failNext.shift();
      return next.error;
    }
    if (this.cluster.sim.random.chance(this.options.transientErrorRate)) return "NOT_LEADER_OR_FOLLOWER";
    return undefined;
  }

  takeCrashAfterAppend(): boolean {
    if (this.crashAfterNextAppend > 0) {
      this.crashAfterNextAppend--;
      return true;
    }
    return false;
  }
}
