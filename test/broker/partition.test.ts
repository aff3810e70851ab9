/**
 * Replica: one partition's log on one broker, with its high watermark, leader-epoch cache and producer state
 * (Kafka's UnifiedLog, LocalLog, LeaderEpochFileCache, Partition).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Replica, defaultStateTableFactory } from "../../lib/src/broker/partition.js";
import { ProducerStateManager, lastSequence, type IncomingBatch, type ProducerStateTableLike, type ValidationResult } from "../../lib/src/broker/producer-state.js";
import type { KafkaRecord, RecordBatch, StoredBatch } from "../../lib/src/protocol/messages.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed);

const rec = (value: string, timestampMs = -1): KafkaRecord => ({ key: null, value, headers: [], timestampMs });

/** An idempotent batch of `count` records. */
function idem(producerId: number, producerEpoch: number, baseSequence: number, count: number, tag = "v"): RecordBatch {
  return { producerId, producerEpoch, baseSequence, isTransactional: false, records: Array.from({ length: count }, (_, i) => rec(`${tag}${i}`)) };
}

/** A plain (non-idempotent) batch. */
function plain(count: number, tag = "p"): RecordBatch {
  return { producerId: -1, producerEpoch: -1, baseSequence: -1, isTransactional: false, records: Array.from({ length: count }, (_, i) => rec(`${tag}${i}`)) };
}

const replica = (brokerId = 1): Replica => new Replica("t", 0, brokerId, defaultStateTableFactory);

/** What the broker does on the leader: validate through the producer-state table, then append. */
function leaderWrite(r: Replica, batch: RecordBatch, leaderEpoch: number, nowMs = 0): ValidationResult {
  if (batch.producerId < 0) {
    r.appendAsLeader(batch, leaderEpoch, nowMs);
    return { kind: "append" };
  }
  const incoming: IncomingBatch = { producerId: batch.producerId, epoch: batch.producerEpoch, firstSeq: batch.baseSequence, lastSeq: lastSequence(batch.baseSequence, batch.records.length) };
  const verdict = r.producerState.append(incoming, r.logEndOffset);
  if (verdict.kind === "append") r.appendAsLeader(batch, leaderEpoch, nowMs);
  return verdict;
}

/** Batches sizes → a leader log, one leader epoch per entry of `epochs` (same length as sizes). */
function buildLeader(sizes: number[], epochs: number[]): Replica {
  const r = replica();
  sizes.forEach((n, i) => r.appendAsLeader(plain(n, `b${i}-`), epochs[i]!, 0));
  return r;
}

describe("Replica.appendAsLeader", () => {
  it("assigns consecutive offsets, batch after batch, and moves the log end offset", () => {
    const r = replica();
    expect(r.logEndOffset).toBe(0);
    const a = r.appendAsLeader(plain(3), 0, 0);
    const b = r.appendAsLeader(plain(1), 0, 0);
    const c = r.appendAsLeader(plain(2), 0, 0);
    expect([a.baseOffset, b.baseOffset, c.baseOffset]).toEqual([0, 3, 4]);
    expect(r.logEndOffset).toBe(6);
    expect(r.recordCount).toBe(6);
    expect(r.batches).toEqual([a, b, c]);
    expect(r.highWatermark).toBe(0); // the high watermark is the broker's business (ISR), not the append's
  });

  it("stamps the leader epoch, fills in missing timestamps with now, keeps given ones, and leaves the input alone", () => {
    const r = replica();
    const input: RecordBatch = { ...plain(0), records: [rec("x", -1), rec("y", 1234)] };
    const copy = structuredClone(input);
    const stored = r.appendAsLeader(input, 7, 5000);
    expect(stored.partitionLeaderEpoch).toBe(7);
    expect(stored.isControl).toBe(false);
    expect(stored.records.map((x) => x.timestampMs)).toEqual([5000, 1234]);
    expect(input).toEqual(copy);
  });

  it("keeps the leader-epoch cache: each epoch with the first offset written in it", () => {
    const r = replica();
    expect(r.lastEpoch()).toBe(-1);
    r.appendAsLeader(plain(2), 0, 0); // 0-1
    r.appendAsLeader(plain(3), 0, 0); // 2-4
    r.appendAsLeader(plain(1), 2, 0); // 5
    r.appendAsLeader(plain(4), 5, 0); // 6-9
    r.appendAsLeader(plain(1), 5, 0); // 10
    expect(r.epochStarts).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 5 },
      { epoch: 5, startOffset: 6 },
    ]);
    expect(r.lastEpoch()).toBe(5);
  });

  it("does not touch producer state: the broker validates through producerState.append first", () => {
    const r = replica();
    r.appendAsLeader(idem(7, 0, 0, 2), 0, 0);
    expect(r.producerState.get(7)).toBeUndefined();
  });
});

describe("Replica.endOffsetForEpoch (LeaderEpochFileCache.endOffsetFor)", () => {
  // epochs 1 @0, 3 @4, 4 @6; log end offset 9
  const r = buildLeader([2, 2, 2, 3], [1, 1, 3, 4]);

  it("the latest epoch ends at the log end offset", () => {
    expect(r.logEndOffset).toBe(9);
    expect(r.endOffsetForEpoch(4)).toEqual({ epoch: 4, endOffset: 9 });
  });

  it("an epoch present in the cache ends where the next epoch starts", () => {
    expect(r.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 4 });
    expect(r.endOffsetForEpoch(3)).toEqual({ epoch: 3, endOffset: 6 });
  });

  it("an epoch absent between two known ones answers the largest smaller epoch and the next epoch's start", () => {
    expect(r.endOffsetForEpoch(2)).toEqual({ epoch: 1, endOffset: 4 });
  });

  it("an epoch below the first known one answers that epoch and the first epoch's start offset (Kafka's floorEntry == null case)", () => {
    expect(r.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 0 });
  });

  it("UNDEFINED_EPOCH (-1) and an empty cache answer (-1, -1)", () => {
    expect(r.endOffsetForEpoch(-1)).toEqual({ epoch: -1, endOffset: -1 });
    expect(replica().endOffsetForEpoch(0)).toEqual({ epoch: -1, endOffset: -1 });
    expect(replica().endOffsetForEpoch(5)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it("an epoch above the last one answers the last epoch and the log end offset", () => {
    // Kafka's leader writes its new epoch into the cache when elected (maybeAssignEpochStartOffset), so there
    // the requested epoch always has a higher entry starting at the leader's log end offset at election.
    // The simulation's cache gains an epoch only with its first batch; answering (last epoch, log end offset)
    // gives the follower the same answer Kafka's leader would while it has not yet written in its epoch.
    expect(r.endOffsetForEpoch(5)).toEqual({ epoch: 4, endOffset: 9 });
    expect(r.endOffsetForEpoch(100)).toEqual({ epoch: 4, endOffset: 9 });
  });

  it("property: matches Kafka's endOffsetFor for any cache and any epoch up to the latest", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ size: fc.integer({ min: 1, max: 4 }), epochStep: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 0, max: 3 }), fc.nat(), (specs, firstEpoch, q) => {
        let epoch = firstEpoch;
        const epochs = specs.map((s) => (epoch += s.epochStep));
        const leader = buildLeader(specs.map((s) => s.size), epochs);
        // Kafka's algorithm over a sorted map epoch -> startOffset
        const cache = new Map<number, number>();
        let offset = 0;
        specs.forEach((s, i) => {
          if (!cache.has(epochs[i]!)) cache.set(epochs[i]!, offset);
          offset += s.size;
        });
        const keys = [...cache.keys()].sort((a, b) => a - b);
        const latest = keys[keys.length - 1]!;
        const requested = q % (latest + 2) - 1; // -1 … latest
        let expected: { epoch: number; endOffset: number };
        if (requested === -1) expected = { epoch: -1, endOffset: -1 };
        else if (requested === latest) expected = { epoch: requested, endOffset: offset };
        else {
          const higher = keys.find((k) => k > requested)!;
          const floor = keys.filter((k) => k <= requested).pop();
          expected = floor === undefined ? { epoch: requested, endOffset: cache.get(higher)! } : { epoch: floor, endOffset: cache.get(higher)! };
        }
        expect(leader.endOffsetForEpoch(requested)).toEqual(expected);
      }),
      { seed },
    );
  });
});

describe("Replica.read", () => {
  // batches: [0,1] [2,3,4] [5] [6,7]
  const r = buildLeader([2, 3, 1, 2], [0, 0, 0, 0]);
  const bases = (bs: StoredBatch[]): number[] => bs.map((b) => b.baseOffset);

  it("returns whole batches holding offsets from fromOffset, all below the limit", () => {
    expect(bases(r.read(0, 8))).toEqual([0, 2, 5, 6]);
    expect(bases(r.read(2, 8))).toEqual([2, 5, 6]);
    expect(bases(r.read(0, 5))).toEqual([0, 2]);
  });

  it("starts with the batch containing fromOffset (as Kafka returns whole batches)", () => {
    expect(bases(r.read(3, 8))).toEqual([2, 5, 6]);
    expect(bases(r.read(4, 6))).toEqual([2, 5]);
  });

  it("stops before a batch that crosses the limit, so a consumer never sees part of a batch above the high watermark", () => {
    expect(bases(r.read(0, 4))).toEqual([0]);
    expect(bases(r.read(0, 7))).toEqual([0, 2, 5]);
    expect(bases(r.read(2, 3))).toEqual([]);
  });

  it("returns nothing at or beyond the log end, and at most maxBatches", () => {
    expect(r.read(8, 100)).toEqual([]);
    expect(r.read(50, 100)).toEqual([]);
    expect(bases(r.read(0, 8, 2))).toEqual([0, 2]);
    expect(bases(r.read(2, 8, 1))).toEqual([2]);
  });
});

describe("Replica.appendAsFollower", () => {
  it("copies the leader's batches as they are, offsets and epochs included", () => {
    const leader = buildLeader([2, 1, 3], [0, 1, 1]);
    const follower = replica(2);
    expect(follower.appendAsFollower(leader.read(0, leader.logEndOffset))).toBe(3);
    expect(follower.batches).toEqual(leader.batches);
    expect(follower.logEndOffset).toBe(leader.logEndOffset);
    expect(follower.epochStarts).toEqual(leader.epochStarts);
  });

  it("skips batches it already has and appends the rest", () => {
    const leader = buildLeader([2, 1, 3], [0, 0, 0]);
    const follower = replica(2);
    follower.appendAsFollower(leader.read(0, 3));
    expect(follower.logEndOffset).toBe(3);
    expect(follower.appendAsFollower(leader.read(0, leader.logEndOffset))).toBe(1);
    expect(follower.batches).toEqual(leader.batches);
    expect(follower.appendAsFollower(leader.read(0, leader.logEndOffset))).toBe(0);
  });

  it("rejects a batch that would leave a gap, naming the offsets", () => {
    const leader = buildLeader([2, 1, 3], [0, 0, 0]);
    const follower = replica(2);
    expect(() => follower.appendAsFollower(leader.read(3, leader.logEndOffset))).toThrow(/batch at offset 3 does not follow log end offset 0/);
    expect(follower.logEndOffset).toBe(0);
    expect(follower.batches).toEqual([]);
  });

  it("rejects a batch that overlaps the end of its log (diverged logs must be truncated first)", () => {
    const follower = buildLeader([2], [0]); // [0,1] from an old leader
    const leader = buildLeader([3], [1]); // [0,1,2] from the new one
    expect(() => follower.appendAsFollower(leader.read(0, 3))).toThrow(/batch at offset 0 does not follow log end offset 2/);
    expect(follower.logEndOffset).toBe(2);
  });

  it("rebuilds the producer state the leader has, without validating (followers do not check sequences)", () => {
    const leader = replica(1);
    expect(leaderWrite(leader, idem(7, 0, 0, 2), 0)).toEqual({ kind: "append" });
    expect(leaderWrite(leader, plain(1), 0)).toEqual({ kind: "append" });
    expect(leaderWrite(leader, idem(8, 0, 40, 3), 0)).toEqual({ kind: "append" });
    expect(leaderWrite(leader, idem(7, 0, 2, 1), 1)).toEqual({ kind: "append" });
    expect(leaderWrite(leader, idem(7, 0, 2, 1), 1)).toEqual({ kind: "duplicate", firstOffset: 6, lastOffset: 6 });
    const follower = replica(2);
    follower.appendAsFollower(leader.read(0, leader.logEndOffset));
    for (const pid of [7, 8]) expect(follower.producerState.get(pid)).toEqual(leader.producerState.get(pid));
    // plain (producerId -1) batches leave no producer state
    expect((follower.producerState as ProducerStateManager).producerIds()).toEqual([7, 8]);
    // so when it becomes leader, a retry is still recognised as a duplicate
    expect(leaderWrite(follower, idem(8, 0, 40, 3), 2)).toEqual({ kind: "duplicate", firstOffset: 3, lastOffset: 5 });
  });

  it("with a learner's table that has only append(), replays through append() and ignores its verdicts and throws", () => {
    const calls: Array<[IncomingBatch, number]> = [];
    const inner = new ProducerStateManager();
    let throwNext = true;
    const learnerTable: ProducerStateTableLike = {
      get: (pid) => inner.get(pid),
      append: (b, offset) => {
        calls.push([b, offset]);
        if (throwNext) {
          throwNext = false;
          throw new Error("learner bug");
        }
        return inner.append(b, offset);
      },
    };
    const leader = replica(1);
    leaderWrite(leader, idem(7, 0, 0, 2), 0);
    leaderWrite(leader, idem(7, 0, 2, 2), 0);
    const follower = new Replica("t", 0, 2, () => learnerTable);
    expect(follower.appendAsFollower(leader.read(0, leader.logEndOffset))).toBe(2);
    expect(calls).toEqual([
      [{ producerId: 7, epoch: 0, firstSeq: 0, lastSeq: 1 }, 0],
      [{ producerId: 7, epoch: 0, firstSeq: 2, lastSeq: 3 }, 2],
    ]);
    expect(follower.logEndOffset).toBe(4);
  });
});

describe("Replica.truncateTo", () => {
  it("drops everything from the offset, rounding down to a batch boundary", () => {
    // batches: [0,1] [2,3,4] [5] [6,7]
    const cases: Array<[number, number, number]> = [
      // offset, resulting log end offset, batches removed
      [8, 8, 0],
      [100, 8, 0],
      [7, 6, 1],
      [6, 6, 1],
      [5, 5, 2],
      [4, 2, 3],
      [3, 2, 3],
      [2, 2, 3],
      [1, 0, 4],
      [0, 0, 4],
    ];
    for (const [offset, leo, removed] of cases) {
      const r = buildLeader([2, 3, 1, 2], [0, 0, 0, 0]);
      expect(r.truncateTo(offset), `truncateTo(${offset})`).toBe(removed);
      expect(r.logEndOffset, `truncateTo(${offset})`).toBe(leo);
      expect(r.batches.length).toBe(4 - removed);
      const last = r.batches[r.batches.length - 1];
      expect(last ? last.baseOffset + last.records.length : 0).toBe(leo);
    }
  });

  it("lowers the high watermark to the new log end, never raises it", () => {
    const r = buildLeader([2, 3, 1, 2], [0, 0, 0, 0]);
    r.highWatermark = 7;
    r.truncateTo(6);
    expect(r.highWatermark).toBe(6);
    r.highWatermark = 1;
    r.truncateTo(5);
    expect(r.highWatermark).toBe(1);
  });

  it("forgets the epochs that started at or after the new log end", () => {
    const r = buildLeader([2, 2, 2, 2], [0, 1, 1, 3]); // 0@0, 1@2, 3@6
    r.truncateTo(6);
    expect(r.epochStarts).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 2 }]);
    expect(r.lastEpoch()).toBe(1);
    expect(r.endOffsetForEpoch(3)).toEqual({ epoch: 1, endOffset: 6 });
    r.truncateTo(2);
    expect(r.epochStarts).toEqual([{ epoch: 0, startOffset: 0 }]);
    r.truncateTo(0);
    expect(r.epochStarts).toEqual([]);
    expect(r.lastEpoch()).toBe(-1);
    // and the cache grows again from there
    r.appendAsLeader(plain(1), 4, 0);
    expect(r.epochStarts).toEqual([{ epoch: 4, startOffset: 0 }]);
  });

  it("rebuilds producer state from what is left: a truncated batch is no longer a duplicate, it is written again", () => {
    const r = replica();
    leaderWrite(r, idem(7, 0, 0, 2), 0); // 0-1
    leaderWrite(r, idem(7, 0, 2, 2), 0); // 2-3
    leaderWrite(r, idem(7, 0, 4, 2), 0); // 4-5
    r.truncateTo(4);
    expect(r.producerState.get(7)!.batches.map((b) => b.firstSeq)).toEqual([0, 2]);
    expect(leaderWrite(r, idem(7, 0, 4, 2), 1)).toEqual({ kind: "append" });
    expect(leaderWrite(r, idem(7, 0, 2, 2), 1)).toEqual({ kind: "duplicate", firstOffset: 2, lastOffset: 3 });
    r.truncateTo(0);
    expect(r.producerState.get(7)).toBeUndefined();
  });

  it("property: truncating gives the same replica as one that only ever had the kept batches", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ size: fc.integer({ min: 1, max: 4 }), pid: fc.integer({ min: -1, max: 2 }), epochStep: fc.integer({ min: 0, max: 1 }) }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.nat(),
        fc.nat(),
        (specs, cutSeed, hwSeed) => {
          const leader = replica(1);
          const nextSeq = new Map<number, number>();
          let epoch = 0;
          for (const s of specs) {
            epoch += s.epochStep;
            if (s.pid < 0) leaderWrite(leader, plain(s.size), epoch);
            else {
              const seq = nextSeq.get(s.pid) ?? 0;
              expect(leaderWrite(leader, idem(s.pid, 0, seq, s.size), epoch).kind).toBe("append");
              nextSeq.set(s.pid, seq + s.size);
            }
          }
          const leo = leader.logEndOffset;
          const cut = cutSeed % (leo + 2);
          const hw = hwSeed % (leo + 1);
          const r = replica(2);
          r.appendAsFollower(leader.read(0, leo));
          r.highWatermark = hw;
          r.truncateTo(cut);

          const kept = leader.batches.filter((b) => b.baseOffset + b.records.length <= cut);
          const fresh = replica(3);
          fresh.appendAsFollower(kept);
          expect(r.batches).toEqual(fresh.batches);
          expect(r.logEndOffset).toBe(fresh.logEndOffset);
          expect(r.logEndOffset).toBeLessThanOrEqual(cut);
          expect(r.epochStarts).toEqual(fresh.epochStarts);
          expect(r.highWatermark).toBe(Math.min(hw, r.logEndOffset));
          for (const pid of [0, 1, 2]) expect(r.producerState.get(pid)).toEqual(fresh.producerState.get(pid));
          // a follower that replicates from the truncated replica again catches up to the same log
          r.appendAsFollower(leader.read(r.logEndOffset, leo));
          expect(r.batches).toEqual(leader.batches);
          for (const pid of [0, 1, 2]) expect(r.producerState.get(pid)).toEqual(leader.producerState.get(pid));
        },
      ),
      { seed },
    );
  });
});
