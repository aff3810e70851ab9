import { describe, expect, test } from "vitest";
import { outcomeFigure, outcomeTotals, runScenario, sweep, timelineFigure } from "kafka-sim";

describe("figures", () => {
  const rows = [
    ...sweep({ name: "acks=0", producer: { acks: "0", "enable.idempotence": false }, faults: { dropRequestRate: 0.2 }, workload: { records: 20 } }, { seeds: 5 }),
    ...sweep({ name: "idempotent", faults: { dropResponseRate: 0.2 }, workload: { records: 20 } }, { seeds: 5 }),
  ];
  test("outcome totals add up to every record of every seed, per scenario", () => {
    const totals = outcomeTotals(rows);
    for (const name of ["acks=0", "idempotent"]) {
      const mine = totals.filter((t) => t.scenario === name);
      expect(mine.reduce((n, t) => n + t.records, 0)).toBe(100);
      expect(mine.reduce((n, t) => n + t.share, 0)).toBeCloseTo(1);
    }
    expect(totals.find((t) => t.scenario === "idempotent" && t.outcome === "delivered once")!.records).toBe(100);
  });
  test("the outcome figure is a deterministic SVG with a bar per outcome and a legend", () => {
    const a = outcomeFigure(rows);
    expect(a.startsWith("<svg")).toBe(true);
    expect(a).toBe(outcomeFigure(rows));
    expect(a).toContain("lost (acknowledged)");
    expect((a.match(/<rect/g) ?? []).length).toBeGreaterThan(4);
  });
  test("the timeline draws each produce request and response, lost ones marked ✗", () => {
    const r = runScenario({ seed: 1, producer: { "enable.idempotence": false }, workload: { records: 10 }, faults: { plan: [{ atMs: 5, action: "drop-next-produce-response" }] }, cluster: {} });
    const svg = timelineFigure(r.trace, { untilMs: 200 });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toBe(timelineFigure(r.trace, { untilMs: 200 }));
    expect(svg).toContain("✗");
    expect(svg).toContain("broker-0");
    expect(svg).toContain("producer");
    const messages = new Set(r.trace.filter((e) => e.message !== undefined && e.atMs <= 200).map((e) => e.message));
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(messages.size);
  });
});
