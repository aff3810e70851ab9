/**
 * The text sequence diagram: lanes, arrows, marks for lost messages and duplicates, the outcome summary,
 * colours only on request, and the same text whether rendered at once or event by event.
 * The randomized test prints its seed; replay with FC_SEED=<seed>.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import {
  TextTimeline,
  checkHistory,
  createScenario,
  formatRecordIds,
  lessonScenario,
  renderOutcome,
  renderRun,
  renderTimeline,
  runScenario,
  timelineLanes,
  timelineLanesForSpec,
  type TraceEvent,
} from "kafka-sim";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const strip = (s: string) => s.replace(ANSI, "");
const LANE_WIDTH = 12;
/** The lane area of a line: after the 7-character time and two blanks. */
const laneArea = (line: string, lanes: number) => line.slice(9, 9 + lanes * LANE_WIDTH);

describe("formatRecordIds", () => {
  test.each([
    [["r3", "r4", "r5", "r6"], "[r3–r6]"],
    [["r1", "r2"], "[r1, r2]"],
    [["r7"], "[r7]"],
    [["r1", "r3", "r4", "r5", "x"], "[r1, r3–r5, x]"],
    [[], "[]"],
    [["r0", "r2", "r4", "r6", "r8", "r10", "r12", "r14"], "[r0, r2, r4, r6, r8, r10, … 2 more]"],
  ])("%j → %s", (ids, text) => {
    expect(formatRecordIds(ids)).toBe(text);
  });
});

describe("lanes", () => {
  test("producers in order of appearance, then brokers by id (brokers with no event still get a lane when counted)", () => {
    const events: TraceEvent[] = [
      { atMs: 0, type: "request", from: "producer", to: "broker-2" },
      { atMs: 1, type: "request", from: "producer#2", to: "broker-0" },
    ];
    expect(timelineLanes(events)).toEqual(["producer", "producer#2", "broker-0", "broker-2"]);
    expect(timelineLanes(events, 4)).toEqual(["producer", "producer#2", "broker-0", "broker-1", "broker-2", "broker-3"]);
    expect(timelineLanesForSpec(3, 1)).toEqual(["producer", "producer#2", "broker-0", "broker-1", "broker-2"]);
  });

  test("a lane width below 4 is refused", () => {
    expect(() => new TextTimeline(["producer"], { laneWidth: 2 })).toThrow(/laneWidth must be a whole number >= 4, got 2/);
  });
});

describe("the at-least-once run as a diagram", () => {
  const result = runScenario(lessonScenario("at-least-once"));
  const text = renderRun(result, { width: 0 });
  const lines = text.split("\n");

  test("plain text: no escape codes, a header naming every lane in order", () => {
    expect(text).not.toMatch(ANSI);
    expect(lines[0]).toMatch(/^\s+ms {2}producer {4}broker-0 {4}broker-1 {4}broker-2$/);
  });

  test("the lost response is drawn as an arrow ending in ✗ before the producer's lane", () => {
    const lost = lines.find((l) => l.includes("response lost"))!;
    expect(lost).toBeDefined();
    expect(laneArea(lost, 4)).toMatch(/^│✗─+┤ +│ +│ +$/);
    expect(lost).toContain("planned: lose the next produce response");
  });

  test("requests are arrows from the producer to the leader with their batch fields; the resend says so", () => {
    const first = lines.find((l) => l.includes("Produce") && l.includes("[r0]"))!;
    expect(laneArea(first, 4)).toMatch(/^├─+▶ +│ +│ +$/);
    expect(first).toContain("n=1 (no pid, no sequence)");
    expect(lines.some((l) => /Produce .*\[r2\] — resend, attempt 2/.test(l))).toBe(true);
  });

  test("the second copy of the record is marked DUPLICATE with where the first one is", () => {
    const dupRow = result.check.rows.find((r) => r.outcome === "duplicated")!;
    const marked = lines.filter((l) => l.includes("DUPLICATE"));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain(`${dupRow.id} at ${dupRow.offsets[0]}`);
    expect(marked[0]).toContain(`at offset ${dupRow.offsets[1]}`);
  });

  test("a quiet stretch (the request timeout) gets a ⋮ line", () => {
    expect(lines.some((l) => /^\s+⋮ .*\(30\.0 s pass\)$/.test(l))).toBe(true);
  });

  test("every event line keeps the lanes aligned", () => {
    const body = lines.slice(1, lines.indexOf(""));
    expect(body.length).toBeGreaterThan(20);
    for (const l of body) expect(laneArea(l, 4)).toMatch(/^([│├┤─▶◀✗●■◆!┿✓~↻X↺⌀★✂◇⇑ ]{12}){4}$/);
  });

  test("the outcome names the duplicated and reordered records and gives the verdict", () => {
    const outcome = text.slice(text.indexOf("Outcome"));
    const c = result.check.counts;
    expect(outcome).toMatch(new RegExp(`duplicated +${c.duplicated} `));
    expect(outcome).toMatch(new RegExp(`reordered +${c.reordered} `));
    expect(outcome).toContain("Verdict: not exactly once in order");
  });

  test("colour on request only: the coloured text, stripped of escapes, is the plain text", () => {
    const colored = renderRun(result, { color: true, width: 0 });
    expect(colored).toMatch(ANSI);
    expect(strip(colored)).toBe(text);
  });

  test("deterministic: rendering again, or re-running the same seed, gives the same text", () => {
    expect(renderRun(result, { width: 0 })).toBe(text);
    expect(renderRun(runScenario(lessonScenario("at-least-once")), { width: 0 })).toBe(text);
  });
});

describe("other lessons' marks", () => {
  test("idempotent: the broker's duplicate answer, no DUPLICATE write; verdict exactly once", () => {
    const text = renderRun(runScenario(lessonScenario("idempotent")), { width: 0 });
    expect(text).toMatch(/◆ .*duplicate of pid=\d+ epoch=0 seq=\d+ .*answered with offset \d+/);
    expect(text).not.toContain("DUPLICATE");
    expect(text).toContain("Verdict: every record the producer counted as sent is in the log exactly once, in order.");
  });

  test("acks1-failover: crash, leader change, truncation, and the acknowledged loss", () => {
    const text = renderRun(runScenario(lessonScenario("acks1-failover")), { width: 0 });
    expect(text).toMatch(/X .*broker-0 crashes/);
    expect(text).toMatch(/★ .*leader change: broker \d leads/);
    expect(text).toMatch(/✂ .*broker-0 truncates events-0 to offset \d+, dropping 1 record/);
    expect(text).toMatch(/lost after acknowledgement +1 +r\d+ \(acknowledged\)/);
  });

  test("producer-restart: a lane for the new instance and its new producer id", () => {
    const r = runScenario(lessonScenario("producer-restart"));
    const text = renderRun(r, { width: 0 });
    expect(text.split("\n")[0]).toContain("producer#2");
    expect(text).toContain(`InitProducerId → pid=${r.producers[1]!.producerId} epoch=0`);
    expect(text).toMatch(/↺ .*producer is restarted/);
  });

  test("epoch-bump and sequence errors are named", () => {
    expect(renderRun(runScenario(lessonScenario("epoch-bump")), { width: 0 })).toMatch(/⇑ .*epoch bump → pid=0 epoch=1/);
    expect(renderRun(runScenario(lessonScenario("sequence-gap")), { width: 0 })).toMatch(/! .*refuse pid=0 epoch=0 seq=\d+ .*OUT_OF_ORDER_SEQUENCE_NUMBER/);
    expect(renderRun(runScenario(lessonScenario("not-enough-replicas")), { width: 0 })).toMatch(/NOT_ENOUGH_REPLICAS: ISR \[0\] < min.insync.replicas=2/);
  });

  test("hidden types: deliveries are left out by default and shown when asked", () => {
    const trace = runScenario(lessonScenario("at-most-once")).trace;
    expect(renderTimeline(trace)).not.toContain("arrives");
    expect(renderTimeline(trace, { hide: [] })).toContain("Produce arrives");
  });
});

describe("renderOutcome", () => {
  test("an acknowledged loss and a failed send are told apart", () => {
    const check = checkHistory(
      [
        { id: "a", topic: "t", partition: 0, status: "acknowledged" },
        { id: "b", topic: "t", partition: 0, status: "failed" },
        { id: "c", topic: "t", partition: 0, status: "acknowledged" },
      ],
      [{ id: "c", topic: "t", partition: 0, offset: 0 }],
    );
    const text = renderOutcome(check);
    expect(text).toMatch(/lost after acknowledgement +1 +a \(acknowledged\)/);
    expect(text).toMatch(/lost, producer said failed +1 +b \(failed\)/);
    expect(text).toContain("Verdict: not exactly once in order: 1 lost after the producer counted it as sent.");
  });
});

describe("step by step", () => {
  test("property: rendering a run event by event as it is stepped gives the same lines as rendering its whole trace", () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed} npx vitest run test/text-timeline.test.ts)`);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom("at-least-once", "idempotent", "producer-restart", "reordering"), fc.boolean(), (s, name, color) => {
        const run = createScenario(lessonScenario(name, { seed: s, dropResponseRate: 0.05 }));
        const lanes = timelineLanesForSpec(run.cluster.brokers.length, 1);
        const t = new TextTimeline(lanes, { color });
        const stepped = [t.header()];
        for (let events = run.step(); events.length > 0; events = run.step()) for (const e of events) stepped.push(...t.event(e));
        expect(stepped.join("\n")).toBe(renderTimeline(run.trace, { lanes, color }));
        if (!color) for (const l of stepped.slice(1)) expect(laneArea(l, lanes.length)).toHaveLength(lanes.length * LANE_WIDTH);
      }),
      { seed, numRuns: 25 },
    );
  });
});
