/**
 * Seeded random histories for sequence-validation: the learner's ProducerStateTable and the library's own
 * ProducerStateManager get the same appends; every answer and every state must agree. A failing history is
 * shrunk (steps removed while it still fails) before it is shown.
 */
import { ProducerStateManager, type IncomingBatch } from "../../broker/producer-state.js";
import { tr } from "../../kernel/locale.js";
import { Random } from "../../kernel/random.js";
import { describeThrow, failed, matches, need, passed, show } from "../feedback.js";
import { runScript, type ScriptCall, type ScriptResult } from "../remote.js";
import type { GraderTest, LearnerExports } from "../types.js";

const MAX = 2147483647;
export const RANDOM_HISTORY_SEED = 20240611;
export const RANDOM_HISTORIES = 200;
const STEPS_PER_HISTORY = 30;

interface Op { batch: IncomingBatch; firstOffset: number }
interface Table { get(pid: number): unknown; append(batch: IncomingBatch, firstOffset: number): unknown }

const wrapAdd = (seq: number, n: number) => (seq + n > MAX ? seq + n - MAX - 1 : seq + n);

/**
 * A history a producer (or two) might cause: mostly in sequence, with retries, gaps, bumps, zombies.
 * It is a function of the seed alone: the producers assume that their new batches (and a bump's batch starting at
 * 0) are written, without asking any table. So the whole history can be sent to the learner's table at once
 * without telling it anything about Kafka's answers (a later batch never depends on an earlier answer).
 */
export function randomHistory(rng: Random, length = STEPS_PER_HISTORY): Op[] {
  const producers = [1, 2].map((pid) => ({
    pid,
    epoch: rng.int(3),
    next: rng.chance(0.25) ? MAX - rng.int(12) : rng.chance(0.5) ? 0 : rng.int(1000),
    sent: [] as IncomingBatch[],
  }));
  const ops: Op[] = [];
  let logEnd = 0;
  for (let i = 0; i < length; i++) {
    const p = rng.chance(0.8) ? producers[0]! : producers[1]!;
    const roll = rng.next();
    const count = 1 + rng.int(5);
    let batch: IncomingBatch;
    let written = false;
    if (roll < 0.5 || p.sent.length === 0) {
      batch = { producerId: p.pid, epoch: p.epoch, firstSeq: p.next, lastSeq: wrapAdd(p.next, count - 1) };
      written = true;
    } else if (roll < 0.68) {
      batch = { ...rng.pick(p.sent.slice(-8)) }; // a retry: retained or not, maybe from an older epoch
    } else if (roll < 0.76) {
      const first = wrapAdd(p.next, 1 + rng.int(3)); // a gap
      batch = { producerId: p.pid, epoch: p.epoch, firstSeq: first, lastSeq: wrapAdd(first, count - 1) };
    } else if (roll < 0.86) {
      p.epoch += 1; // an epoch bump, usually restarting at 0
      const first = rng.chance(0.8) ? 0 : p.next;
      batch = { producerId: p.pid, epoch: p.epoch, firstSeq: first, lastSeq: wrapAdd(first, count - 1) };
      written = first === 0;
    } else if (roll < 0.92) {
      batch = { producerId: p.pid, epoch: Math.max(0, p.epoch - 1 - rng.int(2)), firstSeq: p.next, lastSeq: wrapAdd(p.next, count - 1) };
    } else {
      const base = rng.pick(p.sent.slice(-5)); // a partial overlap
      batch = { producerId: p.pid, epoch: base.epoch, firstSeq: base.firstSeq, lastSeq: wrapAdd(base.lastSeq, 1) };
    }
    ops.push({ batch, firstOffset: logEnd });
    p.sent.push(batch);
    if (written) {
      logEnd += batch.lastSeq >= batch.firstSeq ? batch.lastSeq - batch.firstSeq + 1 : MAX - batch.firstSeq + batch.lastSeq + 2;
      p.next = wrapAdd(batch.lastSeq, 1);
    }
  }
  return ops;
}

interface Divergence { step: number; call: string; got: string; expected: string; why: string }

/** The calls that replay `ops` on a fresh table: new, then append and get for each op. `base`: index of the new. */
function scriptFor(ops: Op[], base: number): ScriptCall[] {
  const calls: ScriptCall[] = [{ op: "new", name: "ProducerStateTable", args: [] }];
  for (const { batch, firstOffset } of ops) {
    calls.push({ op: "invoke", target: base, method: "append", args: [{ ...batch }, firstOffset] });
    calls.push({ op: "invoke", target: base, method: "get", args: [batch.producerId] });
  }
  return calls;
}

/** The first disagreement between the learner's answers (to scriptFor(ops)) and a fresh ProducerStateManager. */
function compare(ops: Op[], answers: ScriptResult[]): Divergence | undefined {
  const reference = new ProducerStateManager();
  const created = answers[0]!;
  if (!created.ok) {
    return {
      step: -1, call: "new ProducerStateTable()", got: describeThrow(created.error),
      expected: tr({ en: "a table", ko: "테이블 하나" }), why: tr({ en: "the constructor must work", ko: "생성자가 동작해야 합니다" }),
    };
  }
  for (let i = 0; i < ops.length; i++) {
    const { batch, firstOffset } = ops[i]!;
    const call = `t.append(${show(batch)}, ${firstOffset})`;
    const want = reference.append({ ...batch }, firstOffset);
    const got = answers[1 + 2 * i]!;
    if (!got.ok) return { step: i, call, got: describeThrow(got.error), expected: show(want), why: tr({ en: "append must answer", ko: "append는 답해야 합니다" }) };
    if (!matches(got.value, want)) return { step: i, call, got: show(got.value), expected: show(want), why: tr({ en: "Kafka's answer for this batch", ko: "이 배치에 대한 Kafka의 답" }) };
    const wantState = reference.get(batch.producerId);
    const gotState = answers[2 + 2 * i]!;
    const stateCall = `t.get(${batch.producerId})   ${tr({ en: "(after the append above)", ko: "(위의 append 다음)" })}`;
    if (!gotState.ok) return { step: i, call: `${call}\n${stateCall}`, got: describeThrow(gotState.error), expected: show(wantState), why: tr({ en: "get must answer", ko: "get은 답해야 합니다" }) };
    const stateOk = wantState === undefined ? gotState.value === undefined : matches(gotState.value, { epoch: wantState.epoch, batches: wantState.batches });
    if (!stateOk) {
      return {
        step: i, call: `${call}\n${stateCall}`, got: show(gotState.value), expected: show(wantState),
        why: tr({ en: "the producer's state after this append", ko: "이 append 다음의 프로듀서 상태" }),
      };
    }
  }
  return undefined;
}

/** Replay each history on a fresh learner table (many histories per round trip); the first disagreement of each. */
export function replayAll(mod: LearnerExports, histories: Op[][]): (Divergence | undefined)[] {
  const out: (Divergence | undefined)[] = [];
  for (let from = 0; from < histories.length; from += 50) {
    const chunk = histories.slice(from, from + 50);
    const calls: ScriptCall[] = [];
    const starts: number[] = [];
    for (const ops of chunk) {
      starts.push(calls.length);
      calls.push(...scriptFor(ops, calls.length));
    }
    const answers = runScript(mod, calls);
    chunk.forEach((ops, k) => out.push(compare(ops, answers.slice(starts[k], starts[k]! + 1 + 2 * ops.length))));
  }
  return out;
}

/** Replay `ops` on a fresh learner table and a fresh ProducerStateManager; the first disagreement, if any. */
export function replay(mod: LearnerExports, ops: Op[]): Divergence | undefined {
  return replayAll(mod, [ops])[0];
}

/** Remove steps while the history still fails (and cut it after the failure). */
export function shrinkHistory(mod: LearnerExports, ops: Op[]): { ops: Op[]; divergence: Divergence } | undefined {
  let best = ops;
  let divergence = replay(mod, best);
  if (!divergence) return undefined;
  best = best.slice(0, divergence.step + 1);
  for (let i = best.length - 1; i >= 0; i--) {
    const candidate = [...best.slice(0, i), ...best.slice(i + 1)];
    if (candidate.length === 0) continue;
    const d = replay(mod, candidate);
    if (d) {
      best = candidate.slice(0, d.step + 1);
      divergence = d;
      i = Math.min(i, best.length);
    }
  }
  return { ops: best, divergence: divergence! };
}

export function randomHistoryTest(stem: string): GraderTest {
  return {
    name: `ProducerStateTable: ${RANDOM_HISTORIES} random histories agree with Kafka (seed ${RANDOM_HISTORY_SEED})`,
    nameKo: `ProducerStateTable: 무작위 이력 ${RANDOM_HISTORIES}개가 Kafka와 일치합니다 (시드 ${RANDOM_HISTORY_SEED})`,
    points: 3,
    timeoutMs: 5000,
    run(mod: LearnerExports) {
      need<new () => Table>(mod, "ProducerStateTable", stem, "class");
      const rng = new Random(RANDOM_HISTORY_SEED);
      const histories = Array.from({ length: RANDOM_HISTORIES }, () => randomHistory(rng.fork()));
      const divergences = replayAll(mod, histories);
      const failures = divergences.filter(Boolean).length;
      const firstIndex = divergences.findIndex(Boolean);
      if (firstIndex < 0) return passed();
      const first = { history: firstIndex, ops: histories[firstIndex]! };
      const shrunk = shrinkHistory(mod, first.ops)!;
      const d = shrunk.divergence;
      const lines = shrunk.ops.map((op) => `t.append(${show(op.batch)}, ${op.firstOffset})`);
      const fraction = (RANDOM_HISTORIES - failures) / RANDOM_HISTORIES;
      const outcome = failed({
        sent: [
          tr({
            en: `${failures} of ${RANDOM_HISTORIES} random histories disagree with Kafka (seed ${RANDOM_HISTORY_SEED}). The smallest failing history found (history #${first.history}, shrunk to ${shrunk.ops.length} appends):`,
            ko: `무작위 이력 ${RANDOM_HISTORIES}개 중 ${failures}개가 Kafka와 다릅니다 (시드 ${RANDOM_HISTORY_SEED}). 찾은 가장 작은 실패 이력입니다 (이력 #${first.history}, append ${shrunk.ops.length}번으로 줄임):`,
          }),
          "const t = new ProducerStateTable();",
          ...lines.slice(0, -1),
          `${d.call}   ${tr({ en: "← here", ko: "← 여기" })}`,
        ].join("\n"),
        got: d.got,
        kafka: `${d.expected} — ${d.why}`,
        hint: tr({
          en: "Replay these appends by hand, one rule at a time (duplicate, stale epoch, new epoch, same epoch, no state); the last one is where your table and Kafka part ways.",
          ko: "이 append들을 손으로 하나씩 다시 따라가 보세요. 규칙을 하나씩 적용합니다 (중복, 지난 에포크, 새 에포크, 같은 에포크, 프로듀서 상태 없음). 마지막 append에서 여러분의 테이블과 Kafka가 갈라집니다.",
        }),
      });
      // Partial credit: the share of histories that agree, but never full marks for a table that disagrees.
      return { ...outcome, fraction: Math.min(fraction, 0.9) };
    },
  };
}
