import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStateTableModule } from "../../lib/src/scenario/learner.js";
import { ProducerStateManager } from "../../lib/src/broker/producer-state.js";
import { runScenario } from "../../lib/src/scenario/scenario.js";
import { groupSpec, judge, replayLine, SCENARIO_GROUPS, shrinkScenario } from "../../lib/src/grader/scenarios.js";
import { FIXTURES, ROOT } from "./helpers.js";

describe("simulated-broker scenarios", () => {
  it("run at least 200 seeds with retries, 5 in flight and epoch bumps", () => {
    expect(SCENARIO_GROUPS.reduce((n, g) => n + g.seeds, 0)).toBeGreaterThanOrEqual(200);
    expect(SCENARIO_GROUPS.some((g) => (g.faults.epochBumpEveryMs ?? 0) > 0)).toBe(true);
    expect(SCENARIO_GROUPS.every((g) => (g.faults.dropResponseRate ?? 0) > 0)).toBe(true);
    expect(groupSpec(SCENARIO_GROUPS[0]!, 0).producer["max.in.flight.requests.per.connection"]).toBe(5);
  });

  it("pass every seed with Kafka's own ProducerStateManager (the scenarios are fair)", () => {
    for (const group of SCENARIO_GROUPS) {
      for (let step = 0; step < group.seeds; step++) {
        const v = judge(groupSpec(group, step), ProducerStateManager);
        expect({ seed: group.firstSeed + step, ...v }).toEqual({ seed: group.firstSeed + step, ok: true, referenceFails: false, problems: [] });
      }
    }
  });

  it("shrink a failing seed of a wrong table to a few records, and the replay line reproduces it", () => {
    const file = join(FIXTURES, "wrong", "duplicate-as-error", "sequence-validation.ts");
    const learner = loadStateTableModule(file);
    const group = SCENARIO_GROUPS[0]!;
    const failing = Array.from({ length: group.seeds }, (_, i) => groupSpec(group, i)).filter((s) => !judge(s, learner.ProducerStateTable).ok);
    expect(failing.length).toBeGreaterThan(0);
    const { spec, verdict } = shrinkScenario(failing, learner.ProducerStateTable);
    expect(verdict.ok).toBe(false);
    expect(spec.workload.records).toBeLessThanOrEqual(5);
    const replay = replayLine(spec, file);
    expect(replay).toContain(`loadStateTableModule(${JSON.stringify(file)})`);
    // The replay line's spec, run as a notebook would run it, fails the same way.
    const literal = replay.slice(replay.indexOf("runScenario(") + "runScenario(".length, replay.lastIndexOf(", \"stateTable\""));
    const replayed = runScenario({ ...JSON.parse(`${literal}}`), stateTable: learner.createStateTable });
    const failedRecords = replayed.history.filter((h) => h.status === "failed").length;
    expect(!replayed.check.ok || failedRecords > 0).toBe(true);
    void ROOT;
  });
});
