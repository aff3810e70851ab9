import { describe, expect, test } from "vitest";
import { lessonScenario, outcomeFigure, outcomeTotals, runScenario, sweep, timelineFigure, withLang } from "kafka-sim";

/** The 10 px labels of a figure, as drawn: text, anchor point (group offsets applied) and text-anchor. */
function labelsOf(svg: string): Array<{ text: string; x: number; y: number; anchor: string }> {
  const out: Array<{ text: string; x: number; y: number; anchor: string }> = [];
  for (const g of svg.matchAll(/<g aria-label="text"([^>]*)>(.*?)<\/g>/g)) {
    const attrs = g[1]!;
    if (!attrs.includes('font-size="10"')) continue;
    const shift = /transform="translate\(([-\d.]+),([-\d.]+)\)"/.exec(attrs);
    const anchor = /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? "middle";
    for (const t of g[2]!.matchAll(/<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)) {
      out.push({ text: t[3]!, x: Number(t[1]) + Number(shift?.[1] ?? 0), y: Number(t[2]) + Number(shift?.[2] ?? 0), anchor });
    }
  }
  return out;
}

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
  for (const lang of ["en", "ko"] as const) {
    test(`the timeline's labels do not cover each other, even where a quick round trip or two events share an instant (${lang})`, () => {
      // Lesson 3's reordering run: requests and responses milliseconds apart, a reject and an append at one instant.
      const r = runScenario(lessonScenario("reordering"));
      const svg = withLang(lang, () => timelineFigure(r.trace, { lanes: ["producer", "broker-0", "broker-1"], width: 720, height: 640 }));
      const labels = labelsOf(svg);
      expect(labels.length).toBeGreaterThan(20);
      // The Korean notes (적재, 거부) are drawn, and sized as Hangul.
      if (lang === "ko") expect(labels.some((l) => /[\uac00-\ud7a3]/.test(l.text))).toBe(true);
      // Boxes a little smaller than the glyphs (5 px per character, 9 px per Hangul syllable, 9 px high): any overlap
      // found is a real one.
      const box = (l: (typeof labels)[number]) => {
        const w = [...l.text].reduce((n, ch) => n + (/[\uac00-\ud7a3]/.test(ch) ? 9 : 5), 0);
        const left = l.anchor === "start" ? l.x : l.anchor === "end" ? l.x - w : l.x - w / 2;
        return { left, right: left + w, top: l.y - 4.5, bottom: l.y + 4.5 };
      };
      const clashes: string[] = [];
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          const a = box(labels[i]!);
          const b = box(labels[j]!);
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) clashes.push(`"${labels[i]!.text}" / "${labels[j]!.text}"`);
        }
      }
      expect(clashes).toEqual([]);
      // Lanes with nothing drawn are left out unless asked for.
      expect(timelineFigure(r.trace)).not.toContain(">broker-2<");
    });
  }
});
