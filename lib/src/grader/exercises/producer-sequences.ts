/**
 * Grader tests for exercise 5, producer-sequences: the producer's per-partition sequence numbers through retries,
 * acknowledgements, OUT_OF_ORDER_SEQUENCE_NUMBER and an epoch bump (Kafka: TransactionManager, KIP-360).
 */
import { tr } from "../../kernel/locale.js";
import { Random } from "../../kernel/random.js";
import { describeThrow, failed, matches, need, passed, scriptTest, show, type Check, type Feedback } from "../feedback.js";
import { runScript, type ScriptCall, type ScriptResult } from "../remote.js";
import type { ExerciseDefinition, GraderTest, LearnerExports, Text } from "../types.js";
import { SequenceModel } from "./producer-sequences-model.js";

const stem = "producer-sequences";
const MAX = 2147483647;
const PID = 7;

interface Seq {
  send(id: string, n: number): unknown;
  resend(id: string): unknown;
  acknowledge(id: string): unknown;
  onOutOfOrderSequence(id: string): unknown;
  bumpEpoch(): unknown;
  epoch(): unknown;
  nextSequence(): unknown;
  lastAckedSequence(): unknown;
  inFlight(): unknown;
}
type SeqClass = new (producerId: number, epoch?: number, nextSequence?: number) => Seq;

const h = (epoch: number, firstSeq: number, lastSeq: number) => ({ producerId: PID, epoch, firstSeq, lastSeq });

const send = (id: string, n: number, expect: unknown, why: Text): Check<Seq> => ({ sent: `p.send("${id}", ${n})`, call: (p) => p.send(id, n), expect, why });
const resend = (id: string, expect: unknown, why: Text): Check<Seq> => ({ sent: `p.resend("${id}")`, call: (p) => p.resend(id), expect, why });
const ack = (id: string): Check<Seq> => ({
  sent: `p.acknowledge("${id}")`, call: (p) => p.acknowledge(id), verify: () => undefined, returnsNothing: true, expectText: { en: `returns normally (${id} is in flight)`, ko: `정상적으로 반환 (${id}은(는) 전송 중)` },
});
const bump = (): Check<Seq> => ({ sent: "p.bumpEpoch()", call: (p) => p.bumpEpoch(), verify: () => undefined, returnsNothing: true, expectText: { en: "returns normally", ko: "정상적으로 반환" } });
const oosn = (id: string, expect: "retry" | "bump-epoch", why: Text): Check<Seq> => ({ sent: `p.onOutOfOrderSequence("${id}")`, call: (p) => p.onOutOfOrderSequence(id), expect, why });
const query = (method: "epoch" | "nextSequence" | "lastAckedSequence" | "inFlight", expect: unknown, why: Text): Check<Seq> => ({
  sent: `p.${method}()`, call: (p) => p[method](), expect, why,
});
const throws = (sent: string, call: (p: Seq) => unknown, why: Text): Check<Seq> => ({ sent, call, throws: { expect: { en: `throws an Error — ${why.en}`, ko: `Error를 던져야 합니다 — ${why.ko}` } } });

function seqTest(name: Text, points: number, hint: Text, checks: Check<Seq>[], args: [number, number?, number?] = [PID]): GraderTest {
  return scriptTest<Seq>({
    stem, name, points, hint, checks,
    setupSent: `const p = new PartitionSequences(${args.join(", ")});`,
    setup: (mod) => new (need<SeqClass>(mod, "PartitionSequences", stem, "class"))(...args),
  });
}

const handTests: GraderTest[] = [
  seqTest({ en: "a new producer starts at sequence 0 in its epoch", ko: "새 프로듀서는 자기 에포크에서 시퀀스 번호 0부터 시작합니다" }, 1,
    { en: "Before anything is sent: epoch as given, nextSequence 0, lastAckedSequence −1, nothing in flight.", ko: "아무것도 보내기 전에는 에포크는 받은 값, nextSequence는 0, lastAckedSequence는 −1이고 전송 중인 배치가 없습니다." },
    [query("epoch", 0, { en: "epoch 0 by default", ko: "기본 에포크는 0입니다" }), query("nextSequence", 0, { en: "sequences start at 0", ko: "시퀀스 번호는 0에서 시작합니다" }), query("lastAckedSequence", -1, { en: "nothing acknowledged yet", ko: "아직 확인 응답을 받은 것이 없습니다" }), query("inFlight", [], { en: "nothing sent", ko: "보낸 것이 없습니다" })]),
  seqTest({ en: "send numbers a batch by its records", ko: "send는 배치의 레코드 수만큼 번호를 매깁니다" }, 2,
    { en: "A batch of n records takes n sequence numbers: firstSeq = nextSequence, lastSeq = firstSeq + n − 1.", ko: "레코드 n개짜리 배치는 시퀀스 번호 n개를 씁니다. firstSeq = nextSequence, lastSeq = firstSeq + n − 1입니다." },
    [send("a", 3, h(0, 0, 2), { en: "3 records: 0, 1, 2", ko: "레코드 3개: 0, 1, 2" }), send("b", 1, h(0, 3, 3), { en: "1 record: 3", ko: "레코드 1개: 3" }), send("c", 5, h(0, 4, 8), { en: "5 records: 4…8", ko: "레코드 5개: 4…8" }), query("nextSequence", 9, { en: "the next batch starts at 9", ko: "다음 배치는 9에서 시작합니다" })]),
  seqTest({ en: "a resend carries the same epoch and sequences", ko: "재전송은 같은 에포크와 시퀀스 번호를 씁니다" }, 2,
    { en: "A retry must be recognisable as the same batch: resend returns exactly the header the batch was first sent with.", ko: "재시도는 같은 배치로 알아볼 수 있어야 합니다. resend는 처음 보낼 때의 헤더를 그대로 돌려줍니다." },
    [send("a", 3, h(0, 0, 2), { en: "first batch", ko: "첫 번째 배치" }), send("b", 2, h(0, 3, 4), { en: "second batch", ko: "두 번째 배치" }), resend("a", h(0, 0, 2), { en: "the same sequences, so the broker sees a duplicate", ko: "시퀀스 번호가 같으므로 브로커는 중복으로 봅니다" }), resend("b", h(0, 3, 4), { en: "the same sequences", ko: "같은 시퀀스 번호" }), query("nextSequence", 5, { en: "resending takes no new numbers", ko: "재전송은 새 번호를 쓰지 않습니다" })]),
  seqTest({ en: "acknowledged batches leave the in-flight list, in send order", ko: "확인 응답을 받은 배치는 전송 중 목록에서 빠지고, 목록은 보낸 순서를 지킵니다" }, 1,
    { en: "inFlight() lists the unacknowledged batches in the order they were first sent.", ko: "inFlight()는 확인 응답을 받지 않은 배치를 처음 보낸 순서대로 나열합니다." },
    [send("a", 1, h(0, 0, 0), { en: "a", ko: "a" }), send("b", 1, h(0, 1, 1), { en: "b", ko: "b" }), send("c", 1, h(0, 2, 2), { en: "c", ko: "c" }), ack("b"), query("inFlight", ["a", "c"], { en: "b is done", ko: "b는 끝났습니다" })]),
  seqTest({ en: "lastAckedSequence follows acknowledgements and never goes back", ko: "lastAckedSequence는 확인 응답을 따라가며 뒤로 가지 않습니다" }, 2,
    { en: "Remember the lastSeq of the latest-SENT batch acknowledged so far; a late acknowledgement of an earlier batch must not move it back.", ko: "지금까지 확인 응답을 받은 배치 중 가장 나중에 보낸 배치의 lastSeq를 기억하세요. 먼저 보낸 배치의 확인 응답이 늦게 와도 뒤로 돌아가면 안 됩니다." },
    [send("a", 2, h(0, 0, 1), { en: "a", ko: "a" }), send("b", 3, h(0, 2, 4), { en: "b", ko: "b" }), ack("b"), query("lastAckedSequence", 4, { en: "b ends at 4", ko: "b는 4에서 끝납니다" }), ack("a"), query("lastAckedSequence", 4, { en: "a was sent before b: still 4", ko: "a는 b보다 먼저 보냈습니다. 여전히 4입니다" })]),
  seqTest({ en: "sequences wrap after 2147483647", ko: "시퀀스 번호는 2147483647 다음에 되돌아갑니다" }, 2,
    { en: "After 2147483647 comes 0: a batch may start near the top and end near 0.", ko: "2147483647 다음은 0입니다. 배치는 최댓값 근처에서 시작해 0 근처에서 끝날 수 있습니다." },
    [send("a", 3, h(0, MAX - 1, 0), { en: "2147483646, 2147483647, 0", ko: "2147483646, 2147483647, 0" }), send("b", 2, h(0, 1, 2), { en: "continues at 1", ko: "1부터 이어집니다" }), query("nextSequence", 3, { en: "after 2", ko: "2 다음" })],
    [PID, 0, MAX - 1]),
  seqTest({ en: "OUT_OF_ORDER_SEQUENCE_NUMBER on the next batch means a real gap: bump the epoch", ko: "다음 배치가 OUT_OF_ORDER_SEQUENCE_NUMBER이면 진짜 빈틈입니다. 에포크를 올립니다" }, 2,
    { en: "If the refused batch is the one right after the last acknowledged sequence, nothing earlier is pending: the broker lost track (KIP-360), so bump the epoch.", ko: "거부된 배치가 마지막으로 확인 응답을 받은 시퀀스 번호 바로 다음 배치라면, 그 앞에 기다리는 배치가 없습니다. 브로커가 상태를 잃은 것이므로(KIP-360) 에포크를 올리세요." },
    [send("a", 3, h(0, 0, 2), { en: "a", ko: "a" }), send("b", 2, h(0, 3, 4), { en: "b", ko: "b" }), oosn("a", "bump-epoch", { en: "a is the first unacknowledged batch (0 follows −1)", ko: "a는 확인 응답을 받지 않은 첫 배치입니다 (−1 다음은 0)" }), ack("a"), oosn("b", "bump-epoch", { en: "b starts right after the acknowledged 2", ko: "b는 확인 응답을 받은 2 바로 다음에서 시작합니다" })]),
  seqTest({ en: "OUT_OF_ORDER_SEQUENCE_NUMBER behind an unresolved batch: retry", ko: "결과가 나지 않은 배치 뒤의 OUT_OF_ORDER_SEQUENCE_NUMBER: 재시도합니다" }, 2,
    { en: "If an earlier batch is still unresolved, this one was refused because that one has not landed yet: retry it, do not bump.", ko: "앞 배치의 결과가 아직 나지 않았다면, 이 배치는 앞 배치가 아직 적재되지 않아서 거부된 것입니다. 에포크를 올리지 말고 재시도하세요." },
    [send("a", 3, h(0, 0, 2), { en: "a", ko: "a" }), send("b", 2, h(0, 3, 4), { en: "b", ko: "b" }), send("c", 1, h(0, 5, 5), { en: "c", ko: "c" }), oosn("b", "retry", { en: "a (0–2) is not acknowledged yet", ko: "a (0–2)는 아직 확인 응답을 받지 않았습니다" }), oosn("c", "retry", { en: "a and b are still pending", ko: "a와 b는 아직 결과를 기다립니다" })]),
  seqTest({ en: "bumpEpoch renumbers the batches in flight from 0", ko: "bumpEpoch는 전송 중인 배치의 번호를 0부터 다시 매깁니다" }, 3,
    { en: "Epoch + 1; the unacknowledged batches get sequences 0, … back to back in send order; nextSequence follows them; lastAckedSequence is −1.", ko: "에포크 + 1입니다. 확인 응답을 받지 않은 배치는 보낸 순서대로 0부터 빈틈없이 시퀀스 번호를 받습니다. nextSequence는 그 뒤를 잇고, lastAckedSequence는 −1입니다." },
    [
      send("a", 3, h(0, 0, 2), { en: "a", ko: "a" }), send("b", 2, h(0, 3, 4), { en: "b", ko: "b" }), send("c", 4, h(0, 5, 8), { en: "c", ko: "c" }),
      ack("a"), bump(),
      query("epoch", 1, { en: "the epoch went up by one", ko: "에포크가 1 올라갔습니다" }),
      resend("b", h(1, 0, 1), { en: "b is renumbered from 0 under the new epoch", ko: "b는 새 에포크에서 0부터 번호를 다시 받습니다" }),
      resend("c", h(1, 2, 5), { en: "c follows b", ko: "c는 b 다음입니다" }),
      query("nextSequence", 6, { en: "new batches come after the renumbered ones", ko: "새 배치는 번호를 다시 받은 배치 뒤에 옵니다" }),
      query("lastAckedSequence", -1, { en: "nothing acknowledged in the new epoch", ko: "새 에포크에서 확인 응답을 받은 것이 없습니다" }),
    ]),
  seqTest({ en: "after a bump, new batches continue after the renumbered ones", ko: "에포크를 올린 뒤 새 배치는 번호를 다시 받은 배치 뒤에 이어집니다" }, 2,
    { en: "Sending after the bump uses the new epoch and the next free sequence.", ko: "에포크를 올린 뒤에 보내는 배치는 새 에포크와 다음 빈 시퀀스 번호를 씁니다." },
    [send("a", 2, h(0, 0, 1), { en: "a", ko: "a" }), send("b", 2, h(0, 2, 3), { en: "b", ko: "b" }), ack("a"), bump(), send("c", 3, h(1, 2, 4), { en: "b took 0–1, so c gets 2–4", ko: "b가 0–1을 썼으므로 c는 2–4를 받습니다" }), ack("b"), query("lastAckedSequence", 1, { en: "b ends at 1 now", ko: "이제 b는 1에서 끝납니다" }), oosn("c", "bump-epoch", { en: "c follows the acknowledged 1", ko: "c는 확인 응답을 받은 1 다음입니다" })]),
  seqTest({ en: "a bump with nothing in flight restarts at 0", ko: "전송 중인 배치가 없을 때 에포크를 올리면 0부터 다시 시작합니다" }, 1,
    { en: "With no batch in flight, the new epoch simply starts at sequence 0.", ko: "전송 중인 배치가 없으면 새 에포크는 그냥 시퀀스 번호 0에서 시작합니다." },
    [send("a", 5, h(0, 0, 4), { en: "a", ko: "a" }), ack("a"), bump(), query("nextSequence", 0, { en: "restart at 0", ko: "0부터 다시 시작합니다" }), send("b", 1, h(1, 0, 0), { en: "epoch 1, sequence 0", ko: "에포크 1, 시퀀스 번호 0" })]),
  seqTest({ en: "the epoch passed to the constructor is used", ko: "생성자에 넘긴 에포크를 씁니다" }, 1,
    { en: "A producer may start at any epoch (InitProducerId hands it out).", ko: "프로듀서는 어떤 에포크에서든 시작할 수 있습니다 (InitProducerId가 나눠 줍니다)." },
    [send("a", 1, h(4, 0, 0), { en: "epoch 4", ko: "에포크 4" }), bump(), query("epoch", 5, { en: "4 + 1", ko: "4 + 1" })], [PID, 4]),
  seqTest({ en: "misuse throws an Error", ko: "잘못 쓰면 Error를 던집니다" }, 2,
    { en: "Refuse what cannot happen: sending an id twice, acting on an id that is not in flight, a batch without records.", ko: "일어날 수 없는 일은 거부하세요. 같은 id를 두 번 보내기, 전송 중이 아닌 id 다루기, 레코드 없는 배치가 그렇습니다." },
    [
      send("a", 1, h(0, 0, 0), { en: "a", ko: "a" }),
      throws('p.send("a", 1)', (p) => p.send("a", 1), { en: "a is already in flight: that would be a resend", ko: "a는 이미 전송 중입니다. 그것은 재전송이어야 합니다" }),
      throws('p.resend("zzz")', (p) => p.resend("zzz"), { en: "zzz was never sent", ko: "zzz는 보낸 적이 없습니다" }),
      throws('p.send("b", 0)', (p) => p.send("b", 0), { en: "a batch has at least one record", ko: "배치에는 레코드가 하나 이상 있습니다" }),
      ack("a"),
      throws('p.acknowledge("a")', (p) => p.acknowledge("a"), { en: "a is not in flight any more", ko: "a는 더는 전송 중이 아닙니다" }),
    ]),
];

/** Random operation sequences, the learner's class and the grader's model side by side. */
const RANDOM_SEED = 5150;
const RANDOM_RUNS = 200;

function randomOpsTest(): GraderTest {
  return {
    name: `${RANDOM_RUNS} random histories of sends, resends, acknowledgements and bumps agree with Kafka (seed ${RANDOM_SEED})`,
    nameKo: `전송·재전송·확인 응답·에포크 올리기로 된 무작위 이력 ${RANDOM_RUNS}개가 Kafka와 일치합니다 (시드 ${RANDOM_SEED})`,
    points: 3,
    timeoutMs: 5000,
    run(mod: LearnerExports) {
      need<SeqClass>(mod, "PartitionSequences", stem, "class");
      const rng = new Random(RANDOM_SEED);
      interface Step { sent: string; want: unknown; calls: { method: string; args: unknown[] }[]; pick: (values: unknown[]) => unknown }
      // Every history is decided by the model alone, so all of them go to the learner's class in a few round trips.
      const histories = Array.from({ length: RANDOM_RUNS }, () => {
        const r = rng.fork();
        const start = r.chance(0.3) ? MAX - r.int(15) : 0;
        const epoch = r.int(3);
        const model = new SequenceModel(PID, epoch, start);
        const steps: Step[] = [];
        let nextId = 0;
        for (let step = 0; step < 25; step++) {
          const inflight = model.inFlight();
          const roll = r.next();
          if (roll < 0.35 || inflight.length === 0) {
            const id = `b${nextId++}`, n = 1 + r.int(6);
            steps.push({ sent: `p.send("${id}", ${n})`, want: model.send(id, n), calls: [{ method: "send", args: [id, n] }], pick: (v) => v[0] });
          } else if (roll < 0.55) {
            const id = r.pick(inflight);
            steps.push({ sent: `p.resend("${id}")`, want: model.resend(id), calls: [{ method: "resend", args: [id] }], pick: (v) => v[0] });
          } else if (roll < 0.8) {
            const id = r.chance(0.7) ? inflight[0]! : r.pick(inflight);
            model.acknowledge(id);
            steps.push({
              sent: `p.acknowledge("${id}"); p.lastAckedSequence()`, want: model.lastAckedSequence(),
              calls: [{ method: "acknowledge", args: [id] }, { method: "lastAckedSequence", args: [] }], pick: (v) => v[1],
            });
          } else if (roll < 0.9) {
            const id = r.pick(inflight);
            steps.push({ sent: `p.onOutOfOrderSequence("${id}")`, want: model.onOutOfOrderSequence(id), calls: [{ method: "onOutOfOrderSequence", args: [id] }], pick: (v) => v[0] });
          } else {
            model.bumpEpoch();
            steps.push({
              sent: "p.bumpEpoch(); [p.epoch(), p.nextSequence(), p.lastAckedSequence(), p.inFlight()]",
              want: [model.epoch(), model.nextSequence(), model.lastAckedSequence(), model.inFlight()],
              calls: ["bumpEpoch", "epoch", "nextSequence", "lastAckedSequence", "inFlight"].map((method) => ({ method, args: [] })),
              pick: (v) => v.slice(1),
            });
          }
        }
        return { args: [PID, epoch, start], steps };
      });
      const answers: ScriptResult[][] = [];
      for (let from = 0; from < histories.length; from += 50) {
        const calls: ScriptCall[] = [];
        const starts: number[] = [];
        for (const h of histories.slice(from, from + 50)) {
          const base = calls.length;
          starts.push(base);
          calls.push({ op: "new", name: "PartitionSequences", args: h.args });
          for (const step of h.steps) for (const c of step.calls) calls.push({ op: "invoke", target: base, method: c.method, args: c.args });
        }
        const got = runScript(mod, calls);
        starts.forEach((s, k) => answers.push(got.slice(s, k + 1 < starts.length ? starts[k + 1] : got.length)));
      }
      let failures = 0;
      let firstFailure: Feedback | undefined;
      for (let run = 0; run < RANDOM_RUNS; run++) {
        const { args, steps } = histories[run]!;
        const got = answers[run]!;
        const lines = [`const p = new PartitionSequences(${args.join(", ")});`];
        let problem: { call: string; got: string; want: string } | undefined;
        if (!got[0]!.ok) problem = { call: lines.pop()!, got: describeThrow(got[0]!.error), want: tr({ en: "a PartitionSequences", ko: "PartitionSequences 객체 하나" }) };
        let at = 1;
        for (const step of steps) {
          if (problem) break;
          const mine = got.slice(at, at + step.calls.length);
          at += step.calls.length;
          const thrown = mine.find((x) => !x.ok);
          const value = thrown ? undefined : step.pick(mine.map((x) => (x as { value: unknown }).value));
          if (thrown && !thrown.ok) problem = { call: step.sent, got: describeThrow(thrown.error), want: show(step.want) };
          else if (!matches(value, step.want)) problem = { call: step.sent, got: show(value), want: show(step.want) };
          else lines.push(`${step.sent}   → ${show(value)}`);
        }
        if (problem) {
          failures++;
          if (!firstFailure) {
            const more = lines.length - 12;
            const shown = lines.length > 12 ? [lines[0]!, tr({ en: `… ${more} more steps …`, ko: `… ${more}단계 더 …` }), ...lines.slice(-11)] : lines;
            firstFailure = {
              sent: [
                tr({ en: `history #${run} (the first that disagrees):`, ko: `이력 #${run} (처음으로 다른 이력):` }),
                ...shown,
                `${problem.call}   ${tr({ en: "← here", ko: "← 여기" })}`,
              ].join("\n"),
              got: problem.got,
              kafka: problem.want,
              hint: tr({
                en: "Replay the steps on paper: which batches are in flight, what the last acknowledged sequence is, and what a bump renumbers.",
                ko: "단계를 종이에 다시 따라가 보세요. 어떤 배치가 전송 중인지, 마지막으로 확인 응답을 받은 시퀀스 번호가 무엇인지, 에포크를 올리면 무엇의 번호가 다시 매겨지는지 봅니다.",
              }),
            };
          }
        }
      }
      if (!firstFailure) return passed();
      const disagree = tr({ en: `${failures} of ${RANDOM_RUNS} random histories disagree (seed ${RANDOM_SEED})`, ko: `무작위 이력 ${RANDOM_RUNS}개 중 ${failures}개가 다릅니다 (시드 ${RANDOM_SEED})` });
      const out = failed({ ...firstFailure, sent: `${disagree}; ${firstFailure.sent}` });
      return { ...out, fraction: Math.min(0.9, (RANDOM_RUNS - failures) / RANDOM_RUNS) };
    },
  };
}

export const producerSequencesExercise: ExerciseDefinition = {
  stem,
  title: { en: "producer-side sequence numbers through retries and an epoch bump", ko: "재시도와 에포크 올리기를 거치는 프로듀서 쪽 시퀀스 번호" },
  tests: [...handTests, randomOpsTest()],
};
