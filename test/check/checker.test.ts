/**
 * checkHistory: what the application sent (and what it was told) against what the log holds.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OUTCOMES, checkHistory, checkSummary, type LogWalk, type LoggedRecord, type Outcome, type SentRecord } from "../../lib/src/check/checker.js";
import { problemText } from "../../lib/src/check/outcome-names.js";
import { withLang } from "../../lib/src/kernel/locale.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed);

const sent = (id: string, status: SentRecord["status"] = "acknowledged", partition = 0, topic = "t"): SentRecord => ({ id, topic, partition, status });

/** A log for one partition: ids at offsets 0, 1, 2, … */
const logOf = (ids: string[], partition = 0, topic = "t", firstOffset = 0): LoggedRecord[] =>
  ids.map((id, i) => ({ topic, partition, offset: firstOffset + i, id }));

const outcomes = (r: ReturnType<typeof checkHistory>): Record<string, Outcome> => Object.fromEntries(r.rows.map((row) => [row.id, row.outcome]));

describe("checkHistory", () => {
  it("everything acknowledged, once, in order: ok, no problems", () => {
    const r = checkHistory([sent("a"), sent("b"), sent("c")], logOf(["a", "b", "c"]));
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.counts).toEqual({ deliveredOnce: 3, duplicated: 0, reordered: 0, lostAcknowledged: 0, lostUnacknowledged: 0 });
    expect(r.rows.map((row) => [row.id, row.sendIndex, row.copies, row.offsets, row.reordered, row.outcome])).toEqual([
      ["a", 0, 1, [0], false, "delivered-once"],
      ["b", 1, 1, [1], false, "delivered-once"],
      ["c", 2, 1, [2], false, "delivered-once"],
    ]);
  });

  it("an empty history is ok", () => {
    const r = checkHistory([], []);
    expect(r).toEqual({ rows: [], counts: { deliveredOnce: 0, duplicated: 0, reordered: 0, lostAcknowledged: 0, lostUnacknowledged: 0 }, ok: true, problems: [] });
  });

  it("a record written twice is duplicated, with both offsets, and not ok", () => {
    const r = checkHistory([sent("a"), sent("b")], logOf(["a", "a", "b"]));
    expect(outcomes(r)).toEqual({ a: "duplicated", b: "delivered-once" });
    expect(r.rows[0]!.copies).toBe(2);
    expect(r.rows[0]!.offsets).toEqual([0, 1]);
    expect(r.counts.duplicated).toBe(1);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(["record a appears 2 times, at offsets 0, 1 of t-0"]);
  });

  it("a late second copy is a duplicate, not a reordering: order is judged by first copies", () => {
    const r = checkHistory([sent("a"), sent("b")], logOf(["a", "b", "a"]));
    expect(outcomes(r)).toEqual({ a: "duplicated", b: "delivered-once" });
    expect(r.rows.map((row) => row.reordered)).toEqual([false, false]);
    expect(r.problems).toEqual(["record a appears 2 times, at offsets 0, 2 of t-0"]);
  });

  it("an acknowledged record missing from the log is lost-acknowledged; acks=0's 'assumed' counts as acknowledged", () => {
    const r = checkHistory([sent("a"), sent("b", "acknowledged"), sent("c", "assumed")], logOf(["a"]));
    expect(outcomes(r)).toEqual({ a: "delivered-once", b: "lost-acknowledged", c: "lost-acknowledged" });
    expect(r.counts.lostAcknowledged).toBe(2);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(["record b was acknowledged but is not in the log", "record c was assumed sent (acks=0) but is not in the log"]);
  });

  it("a failed or pending record missing from the log is lost-unacknowledged: the application knows, so still ok", () => {
    const r = checkHistory([sent("a"), sent("b", "failed"), sent("c", "pending")], logOf(["a"]));
    expect(outcomes(r)).toEqual({ a: "delivered-once", b: "lost-unacknowledged", c: "lost-unacknowledged" });
    expect(r.counts.lostUnacknowledged).toBe(2);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it("a failed or pending record that did reach the log once is delivered-once", () => {
    const r = checkHistory([sent("a", "failed"), sent("b", "pending")], logOf(["a", "b"]));
    expect(outcomes(r)).toEqual({ a: "delivered-once", b: "delivered-once" });
    expect(r.rows.map((row) => row.believed)).toEqual(["failed", "pending"]);
    expect(r.ok).toBe(true);
  });

  it("a record after one sent later is reordered, and the note says which overtook it", () => {
    const r = checkHistory([sent("a"), sent("b"), sent("c")], logOf(["b", "a", "c"]));
    expect(outcomes(r)).toEqual({ a: "reordered", b: "delivered-once", c: "delivered-once" });
    expect(r.rows[0]!.reordered).toBe(true);
    expect(r.counts.reordered).toBe(1);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(["record a (sent before b) is at offset 1 of t-0, after b at offset 0"]);
  });

  it("the log is read in offset order, whatever order its entries are given in", () => {
    const log = logOf(["a", "b", "c"]);
    const r = checkHistory([sent("a"), sent("b"), sent("c")], [log[2]!, log[0]!, log[1]!]);
    expect(r.ok).toBe(true);
    expect(r.counts.deliveredOnce).toBe(3);
  });

  it("a gap in offsets is not a problem (the checker judges records, not offsets)", () => {
    const r = checkHistory([sent("a"), sent("b")], [{ topic: "t", partition: 0, offset: 3, id: "a" }, { topic: "t", partition: 0, offset: 9, id: "b" }]);
    expect(r.ok).toBe(true);
  });

  it("ordering is per partition: interleaving across partitions is not reordering", () => {
    const s = [sent("a", "acknowledged", 0), sent("b", "acknowledged", 1), sent("c", "acknowledged", 0), sent("d", "acknowledged", 1)];
    // partition 1's records were written before partition 0's; each partition is in send order
    const r = checkHistory(s, [...logOf(["b", "d"], 1), ...logOf(["a", "c"], 0)]);
    expect(r.ok).toBe(true);
    expect(r.counts.deliveredOnce).toBe(4);
    // within partition 1, d before b is reordering
    const r2 = checkHistory(s, [...logOf(["a", "c"], 0), ...logOf(["d", "b"], 1)]);
    expect(outcomes(r2)).toEqual({ a: "delivered-once", b: "reordered", c: "delivered-once", d: "delivered-once" });
    expect(r2.problems).toEqual(["record b (sent before d) is at offset 1 of t-1, after d at offset 0"]);
  });

  it("topics are separate logs too: the same partition number in two topics is two partitions", () => {
    const s = [sent("a", "acknowledged", 0, "x"), sent("b", "acknowledged", 0, "y"), sent("c", "acknowledged", 0, "x")];
    const r = checkHistory(s, [...logOf(["b"], 0, "y"), ...logOf(["a", "c"], 0, "x")]);
    expect(r.ok).toBe(true);
    const r2 = checkHistory(s, [...logOf(["c", "a"], 0, "x"), ...logOf(["b"], 0, "y")]);
    expect(outcomes(r2)).toMatchObject({ a: "reordered" });
    expect(r2.problems[0]).toContain("of x-0");
  });

  describe("a record resent under the same id (two send attempts)", () => {
    it("is one row, keeps its first send position, and the best belief wins", () => {
      const s = [sent("a", "failed"), sent("b"), sent("a", "acknowledged")];
      const r = checkHistory(s, logOf(["a", "b"]));
      expect(r.rows).toHaveLength(2);
      expect(r.rows[0]).toMatchObject({ id: "a", sendIndex: 0, believed: "acknowledged", outcome: "delivered-once" });
      expect(r.rows[1]).toMatchObject({ id: "b", sendIndex: 1 });
      expect(r.ok).toBe(true);
    });

    it("belief ranks acknowledged > assumed > pending > failed, whatever the order of the attempts", () => {
      const statuses: SentRecord["status"][] = ["failed", "pending", "assumed", "acknowledged"];
      for (let i = 0; i < statuses.length; i++) {
        for (let j = 0; j < statuses.length; j++) {
          const r = checkHistory([sent("a", statuses[i]!), sent("a", statuses[j]!)], []);
          expect(r.rows[0]!.believed, `${statuses[i]} then ${statuses[j]}`).toBe(statuses[Math.max(i, j)]);
        }
      }
    });

    it("acknowledged on the second attempt but missing is lost-acknowledged; failed twice is lost-unacknowledged", () => {
      const r = checkHistory([sent("a", "failed"), sent("a", "acknowledged"), sent("b", "failed"), sent("b", "failed")], []);
      expect(outcomes(r)).toEqual({ a: "lost-acknowledged", b: "lost-unacknowledged" });
    });

    it("both attempts written (a producer restart without transactions) is duplicated", () => {
      const r = checkHistory([sent("a", "failed"), sent("b"), sent("a")], logOf(["a", "b", "a"]));
      expect(outcomes(r)).toEqual({ a: "duplicated", b: "delivered-once" });
      expect(r.rows[0]!.offsets).toEqual([0, 2]);
      expect(r.ok).toBe(false);
    });
  });

  it("a record in the log that was never sent is a stranger: not ok, reported, counted in no row", () => {
    const r = checkHistory([sent("a")], [...logOf(["a"]), { topic: "t", partition: 0, offset: 1, id: "zz" }]);
    expect(r.ok).toBe(false);
    expect(r.rows.map((row) => row.id)).toEqual(["a"]);
    expect(r.counts).toEqual({ deliveredOnce: 1, duplicated: 0, reordered: 0, lostAcknowledged: 0, lostUnacknowledged: 0 });
    expect(r.problems).toEqual(["offset 1 of t-0 holds zz, which was never sent"]);
  });

  it("problems come worst first: losses, then duplicates, then reordering, then strangers", () => {
    const s = [sent("lost"), sent("a"), sent("b"), sent("dup")];
    const r = checkHistory(s, [...logOf(["b", "a", "dup", "dup"]), { topic: "t", partition: 0, offset: 4, id: "who" }]);
    expect(r.problems.map((p) => p.split(" ").slice(0, 2).join(" "))).toEqual(["record lost", "record dup", "record a", "offset 4"]);
  });

  it("OUTCOMES lists every outcome once", () => {
    expect([...OUTCOMES].sort()).toEqual(["delivered-once", "duplicated", "lost-acknowledged", "lost-unacknowledged", "reordered"]);
  });

  // ---------------------------------------------------------------- properties

  /** A random send history: ids r0, r1, … to a few partitions, some sent twice, with random statuses. */
  const historyArb = fc
    .array(
      fc.record({
        topic: fc.constantFrom("t", "u"),
        partition: fc.integer({ min: 0, max: 2 }),
        status: fc.constantFrom<SentRecord["status"]>("acknowledged", "acknowledged", "assumed", "failed", "pending"),
        retryStatus: fc.option(fc.constantFrom<SentRecord["status"]>("acknowledged", "failed", "pending"), { freq: 4 }),
      }),
      { minLength: 1, maxLength: 40 },
    )
    .map((specs) => {
      const history: SentRecord[] = [];
      specs.forEach((s, i) => history.push({ id: `r${i}`, topic: s.topic, partition: s.partition, status: s.status }));
      specs.forEach((s, i) => {
        if (s.retryStatus !== null) history.push({ id: `r${i}`, topic: s.topic, partition: s.partition, status: s.retryStatus });
      });
      return history;
    });

  /** The log a perfect broker would hold: each record believed delivered, once, in first-send order per partition. */
  function perfectLog(history: SentRecord[], alsoUnacknowledged: Set<string>): LoggedRecord[] {
    const best = new Map<string, SentRecord["status"]>();
    const rank = { failed: 0, pending: 1, assumed: 2, acknowledged: 3 };
    for (const s of history) if (!best.has(s.id) || rank[s.status] > rank[best.get(s.id)!]) best.set(s.id, s.status);
    const next = new Map<string, number>();
    const log: LoggedRecord[] = [];
    const seen = new Set<string>();
    for (const s of history) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      const b = best.get(s.id)!;
      if (b !== "acknowledged" && b !== "assumed" && !alsoUnacknowledged.has(s.id)) continue;
      const key = `${s.topic}-${s.partition}`;
      const offset = next.get(key) ?? 0;
      next.set(key, offset + 1);
      log.push({ topic: s.topic, partition: s.partition, offset, id: s.id });
    }
    return log;
  }

  it("property: a log holding exactly the acknowledged records, in send order, is always ok", () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.nat(), { maxLength: 10 }), fc.infiniteStream(fc.nat()), (history, extra, shuffle) => {
        // some unacknowledged records may have made it too (a failed send that was in fact written): still ok
        const also = new Set(extra.map((n) => `r${n % 40}`));
        const log = perfectLog(history, also);
        // entries may come in any order: the checker sorts by offset
        const it = shuffle[Symbol.iterator]();
        const shuffled = [...log].sort(() => (it.next().value as number) % 3 - 1);
        const r = checkHistory(history, shuffled);
        expect(r.ok, r.problems.join("\n")).toBe(true);
        expect(r.problems).toEqual([]);
        expect(r.counts.duplicated + r.counts.reordered + r.counts.lostAcknowledged).toBe(0);
        const distinct = new Set(history.map((s) => s.id)).size;
        expect(r.rows).toHaveLength(distinct);
        const c = r.counts;
        expect(c.deliveredOnce + c.duplicated + c.reordered + c.lostAcknowledged + c.lostUnacknowledged).toBe(distinct);
        expect(c.deliveredOnce).toBe(log.length);
      }),
      { seed },
    );
  });

  it("property: swapping two records of one partition is never ok, and flags the earlier-sent one as reordered", () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), fc.nat(), fc.nat(), (history, pick, i0, j0) => {
        const log = perfectLog(history, new Set());
        const byPartition = new Map<string, LoggedRecord[]>();
        for (const e of log) {
          const key = `${e.topic}-${e.partition}`;
          byPartition.set(key, [...(byPartition.get(key) ?? []), e]);
        }
        const candidates = [...byPartition.values()].filter((entries) => entries.length >= 2);
        fc.pre(candidates.length > 0);
        const entries = candidates[pick % candidates.length]!;
        const i = i0 % entries.length;
        let j = j0 % entries.length;
        if (j === i) j = (i + 1) % entries.length;
        const [lo, hi] = i < j ? [entries[i]!, entries[j]!] : [entries[j]!, entries[i]!];
        // swap the ids at the two offsets
        const swapped = log.map((e) => (e === lo ? { ...e, id: hi.id } : e === hi ? { ...e, id: lo.id } : e));
        const r = checkHistory(history, swapped);
        expect(r.ok).toBe(false);
        expect(r.rows.find((row) => row.id === lo.id)!.outcome).toBe("reordered");
        expect(r.problems.some((p) => p.startsWith(`record ${lo.id} (sent before`))).toBe(true);
      }),
      { seed },
    );
  });

  it("property: appending a second copy of any logged record makes it duplicated and not ok", () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), (history, pick) => {
        const log = perfectLog(history, new Set());
        fc.pre(log.length > 0);
        const victim = log[pick % log.length]!;
        const maxOffset = Math.max(...log.filter((e) => e.topic === victim.topic && e.partition === victim.partition).map((e) => e.offset));
        const r = checkHistory(history, [...log, { ...victim, offset: maxOffset + 1 }]);
        expect(r.ok).toBe(false);
        expect(r.rows.find((row) => row.id === victim.id)!.outcome).toBe("duplicated");
        expect(r.counts.duplicated).toBe(1);
      }),
      { seed },
    );
  });

  it("property: dropping an acknowledged record from the log makes it lost-acknowledged and not ok", () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), (history, pick) => {
        const log = perfectLog(history, new Set());
        fc.pre(log.length > 0);
        const victim = log[pick % log.length]!;
        const r = checkHistory(history, log.filter((e) => e !== victim));
        expect(r.ok).toBe(false);
        expect(r.rows.find((row) => row.id === victim.id)!.outcome).toBe("lost-acknowledged");
        expect(r.counts.lostAcknowledged).toBe(1);
        expect(r.counts.reordered).toBe(0);
      }),
      { seed },
    );
  });
});

/** A log (already in partition and offset order, as visibleLog reads it) handed out record by record. */
const walkOf = (log: readonly LoggedRecord[]): LogWalk => (visit) => {
  for (const e of log) visit(e.topic, e.partition, e.offset, e.id);
};

describe("checkSummary (what a sweep keeps of a check)", () => {
  const statuses: SentRecord["status"][] = ["acknowledged", "assumed", "failed", "pending"];
  // Histories with repeated sends, several partitions and topics, strangers, duplicates and reorderings.
  const history = fc
    .record({
      ids: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 30 }),
      statuses: fc.array(fc.constantFrom(...statuses), { minLength: 30, maxLength: 30 }),
      placements: fc.array(fc.record({ id: fc.integer({ min: 0, max: 14 }), partition: fc.integer({ min: 0, max: 2 }), topic: fc.constantFrom("t", "u") }), { maxLength: 40 }),
    })
    .map(({ ids, statuses: st, placements }) => {
      const sentList = ids.map((n, i) => sent(`r${n}`, st[i]!, n % 3, n % 2 === 0 ? "t" : "u"));
      // Log order: topic, then partition, then offset (the order checkHistory sorts to and visibleLog reads in).
      const log = placements
        .map((p, i) => ({ topic: p.topic, partition: p.partition, offset: i, id: `r${p.id}` }))
        .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition || a.offset - b.offset));
      return { sentList, log };
    });

  it("gives checkHistory's counts, verdict and number of records, on random histories", () => {
    fc.assert(
      fc.property(history, ({ sentList, log }) => {
        const full = checkHistory(sentList, log);
        expect(checkSummary(sentList, walkOf(log))).toEqual({ counts: full.counts, ok: full.ok, records: full.rows.length });
      }),
      { seed, numRuns: 500 },
    );
  });

  it("with a position function (ids r0, r1, … each sent once) it agrees too, strangers included", () => {
    fc.assert(
      fc.property(history, ({ log }) => {
        const sentList = Array.from({ length: 10 }, (_, i) => sent(`r${i}`, statuses[i % 4]!, i % 3, i % 2 === 0 ? "t" : "u"));
        const indexOf = (id: string): number => sentList.findIndex((s) => s.id === id);
        const full = checkHistory(sentList, log);
        expect(checkSummary(sentList, walkOf(log), indexOf)).toEqual({ counts: full.counts, ok: full.ok, records: full.rows.length });
      }),
      { seed, numRuns: 500 },
    );
  });

  it("a stranger, a duplicate and a reordering each make it not ok", () => {
    const two = [sent("a"), sent("b")];
    expect(checkSummary(two, walkOf(logOf(["a", "b", "x"]))).ok).toBe(false);
    expect(checkSummary(two, walkOf(logOf(["a", "b", "b"]))).counts.duplicated).toBe(1);
    expect(checkSummary(two, walkOf(logOf(["b", "a"]))).counts.reordered).toBe(1);
    expect(checkSummary(two, walkOf(logOf(["a", "b"])))).toEqual({ counts: { deliveredOnce: 2, duplicated: 0, reordered: 0, lostAcknowledged: 0, lostUnacknowledged: 0 }, ok: true, records: 2 });
  });
});

describe("problem sentences in the Korean edition", () => {
  it("each kind of problem has its Korean sentence with the term table's word; the problems themselves stay English", () => {
    const sent = (id: string, status: SentRecord["status"] = "acknowledged"): SentRecord => ({ id, topic: "t", partition: 0, status });
    const check = checkHistory([sent("r0"), sent("r1"), sent("r2"), sent("r3", "assumed")], [
      { topic: "t", partition: 0, offset: 0, id: "r1" },
      { topic: "t", partition: 0, offset: 1, id: "r0" },
      { topic: "t", partition: 0, offset: 2, id: "r1" },
      { topic: "t", partition: 0, offset: 3, id: "x9" },
    ]);
    expect(check.problems.length).toBeGreaterThanOrEqual(4);
    const korean = withLang("ko", () => check.problems.map(problemText));
    for (const p of check.problems) expect(p).not.toMatch(/[\uac00-\ud7a3]/);
    expect(korean.every((k) => /[\uac00-\ud7a3]/.test(k))).toBe(true);
    const all = korean.join("\n");
    for (const word of ["확인 응답 후 유실", "중복", "보낸 적 없는 레코드"]) expect(all).toContain(word);
    expect(check.problems.map(problemText)).toEqual(check.problems);
    expect(withLang("ko", () => problemText("something else"))).toBe("something else");
  });
});
