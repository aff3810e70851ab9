/**
 * Grader tests for exercise 4, sequence-validation: the broker's check of an idempotent batch
 * (Kafka 4.x ProducerStateManager / ProducerStateEntry / ProducerAppendInfo; KAFKA-SEMANTICS.md §1).
 * Hand-written cases here; the simulated-broker scenarios are in ../scenarios.ts. Every expected answer is also
 * checked against the library's own ProducerStateManager by the grader's tests (test/grader/).
 */
import { tr } from "../../kernel/locale.js";
import { callTest, need, scriptTest, show, type Check } from "../feedback.js";
import type { ExerciseDefinition, GraderTest, LearnerExports, Text } from "../types.js";
import { randomHistoryTest } from "./sequence-validation-random.js";
import { scenarioTests } from "../scenarios.js";

export const stem = "sequence-validation";
const MAX = 2147483647;

interface Batch { producerId: number; epoch: number; firstSeq: number; lastSeq: number }
interface Meta { firstSeq: number; lastSeq: number; firstOffset: number; lastOffset: number }
interface State { epoch: number; batches: Meta[] }
interface Table { get(pid: number): unknown; append(batch: Batch, firstOffset: number): unknown }

const APPEND = { kind: "append" } as const;
const OOSN = { kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" } as const;
const FENCED = { kind: "error", error: "INVALID_PRODUCER_EPOCH" } as const;
const dup = (firstOffset: number, lastOffset: number) => ({ kind: "duplicate", firstOffset, lastOffset }) as const;

const b = (firstSeq: number, lastSeq: number, epoch = 0, producerId = 1): Batch => ({ producerId, epoch, firstSeq, lastSeq });
const m = (firstSeq: number, lastSeq: number, firstOffset: number): Meta => ({ firstSeq, lastSeq, firstOffset, lastOffset: firstOffset + (lastSeq >= firstSeq ? lastSeq - firstSeq : MAX - firstSeq + lastSeq + 1) });

/** Five consecutive batches of 5 records: 0–4 @0, 5–9 @5, … 20–24 @20. */
const FIVE: Meta[] = [0, 1, 2, 3, 4].map((i) => m(i * 5, i * 5 + 4, i * 5));

function validateCheck(state: State | undefined, batch: Batch, expect: unknown, why: Text, hint?: Text): Check<LearnerExports> {
  return {
    sent: `validateBatch(${show(state, 2000)}, ${show(batch)})`,
    call: (mod) => need<(s: unknown, x: Batch) => unknown>(mod, "validateBatch", stem)(state === undefined ? undefined : structuredClone(state), { ...batch }),
    expect,
    why,
    hint,
  };
}

const append = (batch: Batch, offset: number, expect: unknown, why: Text, hint?: Text): Check<Table> => ({
  sent: `t.append(${show(batch)}, ${offset})`,
  call: (t) => t.append({ ...batch }, offset),
  expect,
  why,
  hint,
});

/** Six batches of five records from producer 1, appended at offsets 0, 5, …, 25: one more than Kafka retains. */
const sixBatches = (): Check<Table>[] =>
  (["1st", "2nd", "3rd", "4th", "5th", "6th"] as const).map((en, i) => append(b(5 * i, 5 * i + 4), 5 * i, APPEND, { en, ko: `${i + 1}번째` }));

/** t.get(pid) must show this state (epoch and batches, oldest first). */
const getIs = (pid: number, expect: State | undefined, why: Text, hint?: Text): Check<Table> => ({
  sent: `t.get(${pid})`,
  call: (t) => t.get(pid),
  expect,
  verify: expect === undefined ? (got) => (got === undefined ? undefined : `undefined — ${tr(why)}`) : undefined,
  why,
  hint,
});

function tableTest(name: Text, points: number, hint: Text, checks: Check<Table>[]): GraderTest {
  return scriptTest<Table>({
    stem, name, points, hint, checks,
    setupSent: "const t = new ProducerStateTable();",
    setup: (mod) => new (need<new () => Table>(mod, "ProducerStateTable", stem, "class"))(),
  });
}

const validateTests: GraderTest[] = [
  callTest({
    stem, name: { en: "validateBatch: no state accepts any first sequence", ko: "validateBatch: 프로듀서 상태가 없으면 어떤 첫 시퀀스 번호든 받아들입니다" }, points: 1,
    hint: { en: "state === undefined means the partition knows nothing about this producer: since Kafka 2.5 any sequence is written.", ko: "state === undefined는 파티션이 이 프로듀서를 전혀 모른다는 뜻입니다. Kafka 2.5부터는 어떤 시퀀스 번호든 적재합니다." },
    checks: [
      validateCheck(undefined, b(0, 4), APPEND, { en: "a new producer", ko: "새 프로듀서" }),
      validateCheck(undefined, b(42, 50, 3), APPEND, { en: "no state (expired, say): Kafka ≥ 2.5 accepts any sequence, not only 0", ko: "프로듀서 상태가 없습니다 (예를 들어 만료됨). Kafka ≥ 2.5는 0만이 아니라 어떤 시퀀스 번호든 받아들입니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: the next batch in the same epoch is appended", ko: "validateBatch: 같은 에포크의 다음 배치는 적재합니다" }, points: 1,
    hint: { en: "Same epoch: the batch must start at lastSeq + 1 of the newest retained batch.", ko: "같은 에포크라면 배치는 보관 중인 가장 최근 배치의 lastSeq + 1에서 시작해야 합니다." },
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(5, 9), APPEND, { en: "5 follows 4", ko: "4 다음은 5입니다" }),
      validateCheck({ epoch: 0, batches: [] }, b(0, 2), APPEND, { en: "no batches retained in this epoch: the first one starts at 0", ko: "이 에포크에 보관한 배치가 없습니다. 첫 배치는 0에서 시작합니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: a gap is OUT_OF_ORDER_SEQUENCE_NUMBER", ko: "validateBatch: 빈틈은 OUT_OF_ORDER_SEQUENCE_NUMBER입니다" }, points: 1,
    hint: { en: "If firstSeq is beyond lastSeq + 1, some records never arrived: refuse with OUT_OF_ORDER_SEQUENCE_NUMBER.", ko: "firstSeq가 lastSeq + 1보다 크면 도착하지 않은 레코드가 있습니다. OUT_OF_ORDER_SEQUENCE_NUMBER로 거부하세요." },
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(6, 9), OOSN, { en: "sequence 5 is missing", ko: "시퀀스 번호 5가 빠졌습니다" }),
      validateCheck({ epoch: 0, batches: [] }, b(3, 4), OOSN, { en: "with no batch in this epoch, only 0 is in sequence", ko: "이 에포크에 배치가 없으면 0만 순서에 맞습니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: a duplicate of the newest batch returns its original offsets", ko: "validateBatch: 가장 최근 배치의 중복에는 원래 오프셋을 돌려줍니다" }, points: 1,
    hint: { en: "A retry whose (firstSeq, lastSeq) equals a retained batch was already written: answer duplicate with that batch's offsets, before any sequence check.", ko: "(firstSeq, lastSeq)가 보관 중인 배치와 같은 재시도는 이미 적재된 것입니다. 시퀀스 검사보다 먼저, 그 배치의 오프셋으로 duplicate를 답하세요." },
    checks: [validateCheck({ epoch: 0, batches: [m(0, 4, 0), m(5, 9, 5)] }, b(5, 9), dup(5, 9), { en: "the response to 5–9 was lost; the retry is acknowledged with the offsets it got the first time", ko: "5–9에 대한 응답이 유실되었습니다. 재시도에는 처음 받은 오프셋으로 확인 응답을 보냅니다" })],
  }),
  callTest({
    stem, name: { en: "validateBatch: a duplicate of an older retained batch returns its original offsets", ko: "validateBatch: 보관 중인 더 오래된 배치의 중복에도 원래 오프셋을 돌려줍니다" }, points: 2,
    hint: { en: "Look through all retained batches, not only the newest: with 5 requests in flight, a retry of any of the last 5 can arrive.", ko: "가장 최근 배치만이 아니라 보관 중인 배치를 모두 살펴보세요. 전송 중인 요청이 5개면 마지막 5개 중 어느 배치의 재시도든 올 수 있습니다." },
    checks: [
      validateCheck({ epoch: 0, batches: FIVE }, b(0, 4), dup(0, 4), { en: "0–4 is the oldest of the 5 retained batches", ko: "0–4는 보관 중인 배치 5개 중 가장 오래된 것입니다" }),
      validateCheck({ epoch: 0, batches: FIVE }, b(10, 14), dup(10, 14), { en: "10–14 is retained", ko: "10–14는 보관 중입니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: a partial overlap is OUT_OF_ORDER_SEQUENCE_NUMBER, not a duplicate", ko: "validateBatch: 일부만 겹치면 중복이 아니라 OUT_OF_ORDER_SEQUENCE_NUMBER입니다" }, points: 1,
    hint: { en: "A duplicate must match a retained batch exactly (both firstSeq and lastSeq).", ko: "중복 배치는 보관 중인 배치와 정확히 같아야 합니다 (firstSeq와 lastSeq 둘 다)." },
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0), m(5, 9, 5)] }, b(5, 7), OOSN, { en: "5–7 is not a batch that was written (5–9 was)", ko: "5–7은 적재된 배치가 아닙니다 (적재된 것은 5–9입니다)" }),
      validateCheck({ epoch: 0, batches: [m(0, 4, 0), m(5, 9, 5)] }, b(3, 9), OOSN, { en: "3–9 overlaps two batches", ko: "3–9는 배치 두 개에 걸쳐 겹칩니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: a stale epoch is INVALID_PRODUCER_EPOCH", ko: "validateBatch: 지난 에포크는 INVALID_PRODUCER_EPOCH입니다" }, points: 1,
    hint: { en: "A batch from an older epoch comes from a producer instance that has been superseded (a zombie).", ko: "더 오래된 에포크의 배치는 이미 교체된 프로듀서 인스턴스(좀비)가 보낸 것입니다." },
    checks: [validateCheck({ epoch: 2, batches: [m(0, 4, 100)] }, b(5, 9, 1), FENCED, { en: "epoch 1 < stored epoch 2", ko: "에포크 1 < 저장된 에포크 2" })],
  }),
  callTest({
    stem, name: { en: "validateBatch: duplicates are recognised only in the same epoch", ko: "validateBatch: 중복은 같은 에포크 안에서만 알아봅니다" }, points: 2,
    hint: { en: "Check the epoch before calling a batch a duplicate: equal sequences under another epoch are different records.", ko: "배치를 중복이라고 하기 전에 에포크를 확인하세요. 에포크가 다르면 시퀀스 번호가 같아도 다른 레코드입니다." },
    checks: [
      validateCheck({ epoch: 1, batches: [m(0, 4, 10)] }, b(0, 4, 0), FENCED, { en: "the batch has epoch 0, the state epoch 1: stale, not a duplicate", ko: "배치는 에포크 0, 프로듀서 상태는 에포크 1입니다. 중복이 아니라 지난 에포크입니다" }),
      validateCheck({ epoch: 0, batches: [m(0, 4, 10)] }, b(0, 4, 1), APPEND, { en: "a new epoch starting at 0: new records, even though 0–4 was used in epoch 0", ko: "0에서 시작하는 새 에포크입니다. 에포크 0에서 0–4를 썼어도 새 레코드입니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: a new epoch must start at sequence 0", ko: "validateBatch: 새 에포크는 시퀀스 번호 0에서 시작해야 합니다" }, points: 1,
    hint: { en: "After an epoch bump the producer restarts its sequences at 0; anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.", ko: "에포크를 올린 뒤 프로듀서는 시퀀스 번호를 0부터 다시 시작합니다. 다른 번호는 OUT_OF_ORDER_SEQUENCE_NUMBER입니다." },
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(0, 2, 1), APPEND, { en: "epoch 1 starting at 0", ko: "0에서 시작하는 에포크 1" }),
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(5, 9, 1), OOSN, { en: "epoch 1 must start at 0, even if 5 would follow in epoch 0", ko: "에포크 0에서는 5가 다음이겠지만, 에포크 1은 0에서 시작해야 합니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: 0 follows 2147483647", ko: "validateBatch: 2147483647 다음은 0입니다" }, points: 1,
    hint: { en: "Sequences wrap after Int32 max: the batch after one ending at 2147483647 starts at 0.", ko: "시퀀스 번호는 Int32 최댓값 다음에 되돌아갑니다. 2147483647에서 끝나는 배치의 다음 배치는 0에서 시작합니다." },
    checks: [
      validateCheck({ epoch: 0, batches: [m(MAX - 4, MAX, 500)] }, b(0, 4), APPEND, { en: "the sequence wrapped", ko: "시퀀스 번호가 되돌아갔습니다" }),
      validateCheck({ epoch: 0, batches: [m(MAX - 4, MAX, 500)] }, b(1, 4), OOSN, { en: "after 2147483647 comes 0, not 1", ko: "2147483647 다음은 1이 아니라 0입니다" }),
    ],
  }),
  callTest({
    stem, name: { en: "validateBatch: a batch that wraps is checked by its firstSeq", ko: "validateBatch: 되돌아가는 배치는 firstSeq로 검사합니다" }, points: 1,
    hint: { en: "Only firstSeq is compared with the expected value; lastSeq may be smaller than firstSeq.", ko: "기대값과 비교하는 것은 firstSeq뿐입니다. lastSeq는 firstSeq보다 작을 수 있습니다." },
    checks: [
      validateCheck({ epoch: 0, batches: [m(MAX - 9, MAX - 3, 0)] }, b(MAX - 2, 1), APPEND, { en: "2147483645…1 wraps and starts in sequence", ko: "2147483645…1은 되돌아가며, 순서에 맞게 시작합니다" }),
      validateCheck({ epoch: 0, batches: [m(MAX - 2, 1, 7)] }, b(MAX - 2, 1), dup(7, 11), { en: "the wrapped batch itself is retained: a duplicate", ko: "되돌아간 배치 자체가 보관 중입니다. 중복입니다" }),
    ],
  }),
  callTest({
      stem, name: { en: "validateBatch: does not change the state it is given", ko: "validateBatch: 받은 프로듀서 상태를 바꾸지 않습니다" }, points: 1,
      hint: { en: "validateBatch only decides; recording is ProducerStateTable.append's job. Do not push to state.batches here.", ko: "validateBatch는 판정만 합니다. 기록은 ProducerStateTable.append가 할 일입니다. 여기서 state.batches에 push하지 마세요." },
      checks: [
        {
          get sent() {
            return tr({
            en: "const state = { epoch: 0, batches: [0–4 @0] }; validateBatch(state, 5–9) then validateBatch(state, epoch 1, 0–4); state afterwards",
            ko: "const state = { epoch: 0, batches: [0–4 @0] }; validateBatch(state, 5–9), 그다음 validateBatch(state, 에포크 1, 0–4); 그 뒤의 state",
            });
          },
          call: (mod) => {
            const state: State = { epoch: 0, batches: [m(0, 4, 0)] };
            const v = need<(s: unknown, x: Batch) => unknown>(mod, "validateBatch", stem);
            v(state, b(5, 9));
            v(state, b(0, 4, 1));
            return state;
          },
          expect: { epoch: 0, batches: [m(0, 4, 0)] },
          why: { en: "the state is unchanged", ko: "프로듀서 상태가 그대로입니다" },
        },
      ],
    }),
];

const tableTests: GraderTest[] = [
  tableTest({ en: "ProducerStateTable: an unknown producer has no state", ko: "ProducerStateTable: 모르는 프로듀서에는 프로듀서 상태가 없습니다" }, 1,
    { en: "get(producerId) returns undefined until a batch of that producer is appended.", ko: "그 프로듀서의 배치가 적재되기 전까지 get(producerId)는 undefined를 돌려줍니다." },
    [getIs(7, undefined, { en: "nothing appended yet", ko: "아직 적재한 것이 없습니다" })]),
  tableTest({ en: "ProducerStateTable: append records the batch with its offsets", ko: "ProducerStateTable: append는 배치를 오프셋과 함께 기록합니다" }, 2,
    { en: "On \"append\", store { firstSeq, lastSeq, firstOffset, lastOffset } with lastOffset = firstOffset + count − 1.", ko: "\"append\"이면 { firstSeq, lastSeq, firstOffset, lastOffset }을 저장하세요. lastOffset = firstOffset + 개수 − 1입니다." },
    [
      append(b(0, 4), 0, APPEND, { en: "a new producer", ko: "새 프로듀서" }),
      append(b(5, 7), 5, APPEND, { en: "in sequence", ko: "순서에 맞습니다" }),
      getIs(1, { epoch: 0, batches: [m(0, 4, 0), m(5, 7, 5)] }, { en: "both batches, oldest first, with the offsets they were written at", ko: "두 배치 모두, 오래된 것부터, 적재된 오프셋과 함께" }),
    ]),
  tableTest({ en: "duplicate of a retained batch returns its original offsets", ko: "보관 중인 배치의 중복에는 원래 오프셋을 돌려줍니다" }, 3,
    { en: "Answer a retry with the offsets the batch got when it was written, not the offset it would get now.", ko: "재시도에는 지금 받을 오프셋이 아니라, 그 배치가 적재될 때 받은 오프셋으로 답하세요." },
    [
      append(b(0, 4), 0, APPEND, { en: "first batch", ko: "첫 번째 배치" }),
      append(b(5, 9), 5, APPEND, { en: "second batch", ko: "두 번째 배치" }),
      append(b(10, 14), 10, APPEND, { en: "third batch", ko: "세 번째 배치" }),
      append(b(5, 9), 15, dup(5, 9), { en: "the retry of 5–9 is acknowledged with offsets 5–9 (its response was lost)", ko: "5–9의 재시도에는 오프셋 5–9로 확인 응답을 보냅니다 (응답이 유실되었습니다)" }),
      append(b(0, 4), 15, dup(0, 4), { en: "0–4 is still retained", ko: "0–4는 아직 보관 중입니다" }),
    ]),
  tableTest({ en: "ProducerStateTable: keeps the last 5 batches, oldest first", ko: "ProducerStateTable: 마지막 배치 5개를 오래된 것부터 보관합니다" }, 2,
    { en: "Kafka retains NUM_BATCHES_TO_RETAIN = 5 batches per producer: after the 6th, drop the oldest.", ko: "Kafka는 프로듀서마다 배치를 NUM_BATCHES_TO_RETAIN = 5개 보관합니다. 6번째가 오면 가장 오래된 것을 버리세요." },
    [
      ...sixBatches(),
      getIs(1, { epoch: 0, batches: [m(5, 9, 5), m(10, 14, 10), m(15, 19, 15), m(20, 24, 20), m(25, 29, 25)] }, { en: "the 5 newest, oldest first", ko: "가장 최근 5개, 오래된 것부터" }),
    ]),
  tableTest({ en: "ProducerStateTable: a retry of a batch no longer retained is OUT_OF_ORDER_SEQUENCE_NUMBER", ko: "ProducerStateTable: 더는 보관하지 않는 배치의 재시도는 OUT_OF_ORDER_SEQUENCE_NUMBER입니다" }, 2,
    { en: "Once a batch fell out of the last 5, the broker cannot recognise its retry: it is out of sequence, not a duplicate (that is why at most 5 requests may be in flight).", ko: "배치가 마지막 5개에서 빠지면 브로커는 그 재시도를 알아보지 못합니다. 중복이 아니라 순서가 맞지 않는 배치입니다 (그래서 전송 중인 요청은 최대 5개입니다)." },
    [
      ...sixBatches(),
      append(b(0, 4), 30, OOSN, { en: "0–4 is no longer retained", ko: "0–4는 더는 보관하지 않습니다" }),
      append(b(5, 9), 30, dup(5, 9), { en: "5–9 still is", ko: "5–9는 아직 보관 중입니다" }),
    ]),
  tableTest({ en: "ProducerStateTable: a duplicate or an error records nothing", ko: "ProducerStateTable: 중복이나 오류는 아무것도 기록하지 않습니다" }, 2,
    { en: "Only an \"append\" result changes the state.", ko: "\"append\" 결과만 프로듀서 상태를 바꿉니다." },
    [
      append(b(0, 4, 1), 0, APPEND, { en: "first batch (epoch 1)", ko: "첫 번째 배치 (에포크 1)" }),
      append(b(0, 4, 1), 5, dup(0, 4), { en: "a retry", ko: "재시도" }),
      append(b(9, 12, 1), 5, OOSN, { en: "a gap", ko: "빈틈" }),
      append(b(5, 9, 0), 5, FENCED, { en: "epoch 0 is older than 1", ko: "에포크 0은 1보다 오래되었습니다" }),
      getIs(1, { epoch: 1, batches: [m(0, 4, 0)] }, { en: "still only 0–4 in epoch 1", ko: "에포크 1에는 여전히 0–4뿐입니다" }),
      append(b(5, 9, 1), 5, APPEND, { en: "the next batch is still 5", ko: "다음 배치는 여전히 5에서 시작합니다" }),
    ]),
  tableTest({ en: "ProducerStateTable: producers are independent", ko: "ProducerStateTable: 프로듀서는 서로 독립입니다" }, 1,
    { en: "Keep one state per producerId.", ko: "producerId마다 프로듀서 상태를 하나씩 두세요." },
    [
      append(b(0, 4, 0, 1), 0, APPEND, { en: "producer 1", ko: "프로듀서 1" }),
      append(b(0, 2, 0, 2), 5, APPEND, { en: "producer 2 has its own sequences", ko: "프로듀서 2는 자기 시퀀스 번호를 씁니다" }),
      append(b(5, 9, 0, 1), 8, APPEND, { en: "producer 1 continues", ko: "프로듀서 1이 이어서 보냅니다" }),
      append(b(0, 2, 0, 2), 13, dup(5, 7), { en: "producer 2's retry", ko: "프로듀서 2의 재시도" }),
      getIs(2, { epoch: 0, batches: [m(0, 2, 5)] }, { en: "only producer 2's batch", ko: "프로듀서 2의 배치만" }),
    ]),
  tableTest({ en: "ProducerStateTable: an epoch bump starts afresh", ko: "ProducerStateTable: 에포크를 올리면 처음부터 다시 시작합니다" }, 2,
    { en: "When a batch with a higher epoch is appended, adopt the epoch and forget the old epoch's batches.", ko: "더 높은 에포크의 배치가 적재되면 그 에포크를 받아들이고 옛 에포크의 배치는 잊으세요." },
    [
      append(b(0, 4), 0, APPEND, { en: "epoch 0", ko: "에포크 0" }),
      append(b(5, 9), 5, APPEND, { en: "epoch 0", ko: "에포크 0" }),
      append(b(0, 2, 1), 10, APPEND, { en: "epoch 1 starts at 0", ko: "에포크 1은 0에서 시작합니다" }),
      getIs(1, { epoch: 1, batches: [m(0, 2, 10)] }, { en: "the old batches are gone", ko: "옛 배치는 사라졌습니다" }),
      append(b(5, 9), 13, FENCED, { en: "epoch 0 is stale now", ko: "이제 에포크 0은 지난 에포크입니다" }),
      append(b(3, 4, 1), 13, APPEND, { en: "epoch 1 continues", ko: "에포크 1이 이어집니다" }),
    ]),
  tableTest({ en: "ProducerStateTable: old-epoch batches are not duplicates after a bump", ko: "ProducerStateTable: 에포크를 올린 뒤 옛 에포크의 배치는 중복이 아닙니다" }, 2,
    { en: "Clear (or ignore) the previous epoch's batches: 0–4 in epoch 1 is new data even if 0–4 existed in epoch 0.", ko: "이전 에포크의 배치는 지우세요 (또는 무시하세요). 에포크 0에 0–4가 있었어도 에포크 1의 0–4는 새 데이터입니다." },
    [
      append(b(0, 4), 0, APPEND, { en: "epoch 0", ko: "에포크 0" }),
      append(b(0, 4, 1), 5, APPEND, { en: "epoch 1, same sequences: new records", ko: "에포크 1, 같은 시퀀스 번호: 새 레코드입니다" }),
      append(b(0, 4, 1), 10, dup(5, 9), { en: "its retry is a duplicate of the epoch-1 batch (offsets 5–9)", ko: "그 재시도는 에포크 1 배치의 중복입니다 (오프셋 5–9)" }),
    ]),
  tableTest({ en: "ProducerStateTable: a batch that wraps gets the right lastOffset", ko: "ProducerStateTable: 되돌아가는 배치도 lastOffset이 맞아야 합니다" }, 1,
    { en: "Count the records across the wrap: 2147483646…1 is 4 records.", ko: "되돌아가는 지점을 넘어 레코드를 세세요. 2147483646…1은 레코드 4개입니다." },
    [
      append(b(MAX - 1, 1), 100, APPEND, { en: "no state: any sequence", ko: "프로듀서 상태가 없습니다. 어떤 시퀀스 번호든 됩니다" }),
      getIs(1, { epoch: 0, batches: [{ firstSeq: MAX - 1, lastSeq: 1, firstOffset: 100, lastOffset: 103 }] }, { en: "4 records at offsets 100–103", ko: "오프셋 100–103의 레코드 4개" }),
      append(b(2, 3), 104, APPEND, { en: "2 follows 1", ko: "1 다음은 2입니다" }),
    ]),
  tableTest({ en: "ProducerStateTable: sequences wrap after 2147483647", ko: "ProducerStateTable: 시퀀스 번호는 2147483647 다음에 되돌아갑니다" }, 1,
    { en: "The batch after one ending at 2147483647 starts at 0.", ko: "2147483647에서 끝나는 배치의 다음 배치는 0에서 시작합니다." },
    [
      append(b(MAX - 4, MAX), 0, APPEND, { en: "no state: any sequence", ko: "프로듀서 상태가 없습니다. 어떤 시퀀스 번호든 됩니다" }),
      append(b(0, 4), 5, APPEND, { en: "0 follows 2147483647", ko: "2147483647 다음은 0입니다" }),
      append(b(MAX - 4, MAX), 10, dup(0, 4), { en: "and the pre-wrap batch is still a duplicate", ko: "되돌아가기 전의 배치도 여전히 중복입니다" }),
    ]),
];

export const sequenceValidationExercise: ExerciseDefinition = {
  stem,
  title: { en: "the broker's duplicate and ordering check (validateBatch, ProducerStateTable)", ko: "브로커의 중복·순서 검사 (validateBatch, ProducerStateTable)" },
  tests: [...validateTests, ...tableTests, randomHistoryTest(stem), ...scenarioTests(stem)],
};
