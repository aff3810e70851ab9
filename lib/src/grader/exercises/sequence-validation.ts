/**
 * Grader tests for exercise 4, sequence-validation: the broker's check of an idempotent batch
 * (Kafka 4.x ProducerStateManager / ProducerStateEntry / ProducerAppendInfo; KAFKA-SEMANTICS.md §1).
 * Hand-written cases here; the simulated-broker scenarios are in ../scenarios.ts. Every expected answer is also
 * checked against the library's own ProducerStateManager by the grader's tests (test/grader/).
 */
import { callTest, need, scriptTest, show, type Check } from "../feedback.js";
import type { ExerciseDefinition, GraderTest, LearnerExports } from "../types.js";
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

function validateCheck(state: State | undefined, batch: Batch, expect: unknown, why: string, hint?: string): Check<LearnerExports> {
  return {
    sent: `validateBatch(${show(state, 2000)}, ${show(batch)})`,
    call: (mod) => need<(s: unknown, x: Batch) => unknown>(mod, "validateBatch", stem)(state === undefined ? undefined : structuredClone(state), { ...batch }),
    expect,
    why,
    hint,
  };
}

const append = (batch: Batch, offset: number, expect: unknown, why: string, hint?: string): Check<Table> => ({
  sent: `t.append(${show(batch)}, ${offset})`,
  call: (t) => t.append({ ...batch }, offset),
  expect,
  why,
  hint,
});

/** t.get(pid) must show this state (epoch and batches, oldest first). */
const getIs = (pid: number, expect: State | undefined, why: string, hint?: string): Check<Table> => ({
  sent: `t.get(${pid})`,
  call: (t) => t.get(pid),
  expect,
  verify: expect === undefined ? (got) => (got === undefined ? undefined : `undefined — ${why}`) : undefined,
  why,
  hint,
});

function tableTest(name: string, points: number, hint: string, checks: Check<Table>[]): GraderTest {
  return scriptTest<Table>({
    stem, name, points, hint, checks,
    setupSent: "const t = new ProducerStateTable();",
    setup: (mod) => new (need<new () => Table>(mod, "ProducerStateTable", stem, "class"))(),
  });
}

const validateTests: GraderTest[] = [
  callTest({
    stem, name: "validateBatch: no state accepts any first sequence", points: 1,
    hint: "state === undefined means the partition knows nothing about this producer: since Kafka 2.5 any sequence is written.",
    checks: [
      validateCheck(undefined, b(0, 4), APPEND, "a new producer"),
      validateCheck(undefined, b(42, 50, 3), APPEND, "no state (expired, say): Kafka ≥ 2.5 accepts any sequence, not only 0"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: the next batch in the same epoch is appended", points: 1,
    hint: "Same epoch: the batch must start at lastSeq + 1 of the newest retained batch.",
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(5, 9), APPEND, "5 follows 4"),
      validateCheck({ epoch: 0, batches: [] }, b(0, 2), APPEND, "no batches retained in this epoch: the first one starts at 0"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: a gap is OUT_OF_ORDER_SEQUENCE_NUMBER", points: 1,
    hint: "If firstSeq is beyond lastSeq + 1, some records never arrived: refuse with OUT_OF_ORDER_SEQUENCE_NUMBER.",
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(6, 9), OOSN, "sequence 5 is missing"),
      validateCheck({ epoch: 0, batches: [] }, b(3, 4), OOSN, "with no batch in this epoch, only 0 is in sequence"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: a duplicate of the newest batch returns its original offsets", points: 1,
    hint: "A retry whose (firstSeq, lastSeq) equals a retained batch was already written: answer duplicate with that batch's offsets, before any sequence check.",
    checks: [validateCheck({ epoch: 0, batches: [m(0, 4, 0), m(5, 9, 5)] }, b(5, 9), dup(5, 9), "the response to 5–9 was lost; the retry is acknowledged with the offsets it got the first time")],
  }),
  callTest({
    stem, name: "validateBatch: a duplicate of an older retained batch returns its original offsets", points: 2,
    hint: "Look through all retained batches, not only the newest: with 5 requests in flight, a retry of any of the last 5 can arrive.",
    checks: [
      validateCheck({ epoch: 0, batches: FIVE }, b(0, 4), dup(0, 4), "0–4 is the oldest of the 5 retained batches"),
      validateCheck({ epoch: 0, batches: FIVE }, b(10, 14), dup(10, 14), "10–14 is retained"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: a partial overlap is OUT_OF_ORDER_SEQUENCE_NUMBER, not a duplicate", points: 1,
    hint: "A duplicate must match a retained batch exactly (both firstSeq and lastSeq).",
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0), m(5, 9, 5)] }, b(5, 7), OOSN, "5–7 is not a batch that was written (5–9 was)"),
      validateCheck({ epoch: 0, batches: [m(0, 4, 0), m(5, 9, 5)] }, b(3, 9), OOSN, "3–9 overlaps two batches"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: a stale epoch is INVALID_PRODUCER_EPOCH", points: 1,
    hint: "A batch from an older epoch comes from a producer instance that has been superseded (a zombie).",
    checks: [validateCheck({ epoch: 2, batches: [m(0, 4, 100)] }, b(5, 9, 1), FENCED, "epoch 1 < stored epoch 2")],
  }),
  callTest({
    stem, name: "validateBatch: duplicates are recognised only in the same epoch", points: 2,
    hint: "Check the epoch before calling a batch a duplicate: equal sequences under another epoch are different records.",
    checks: [
      validateCheck({ epoch: 1, batches: [m(0, 4, 10)] }, b(0, 4, 0), FENCED, "the batch has epoch 0, the state epoch 1: stale, not a duplicate"),
      validateCheck({ epoch: 0, batches: [m(0, 4, 10)] }, b(0, 4, 1), APPEND, "a new epoch starting at 0: new records, even though 0–4 was used in epoch 0"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: a new epoch must start at sequence 0", points: 1,
    hint: "After an epoch bump the producer restarts its sequences at 0; anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.",
    checks: [
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(0, 2, 1), APPEND, "epoch 1 starting at 0"),
      validateCheck({ epoch: 0, batches: [m(0, 4, 0)] }, b(5, 9, 1), OOSN, "epoch 1 must start at 0, even if 5 would follow in epoch 0"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: 0 follows 2147483647", points: 1,
    hint: "Sequences wrap after Int32 max: the batch after one ending at 2147483647 starts at 0.",
    checks: [
      validateCheck({ epoch: 0, batches: [m(MAX - 4, MAX, 500)] }, b(0, 4), APPEND, "the sequence wrapped"),
      validateCheck({ epoch: 0, batches: [m(MAX - 4, MAX, 500)] }, b(1, 4), OOSN, "after 2147483647 comes 0, not 1"),
    ],
  }),
  callTest({
    stem, name: "validateBatch: a batch that wraps is checked by its firstSeq", points: 1,
    hint: "Only firstSeq is compared with the expected value; lastSeq may be smaller than firstSeq.",
    checks: [
      validateCheck({ epoch: 0, batches: [m(MAX - 9, MAX - 3, 0)] }, b(MAX - 2, 1), APPEND, "2147483645…1 wraps and starts in sequence"),
      validateCheck({ epoch: 0, batches: [m(MAX - 2, 1, 7)] }, b(MAX - 2, 1), dup(7, 11), "the wrapped batch itself is retained: a duplicate"),
    ],
  }),
  callTest({
      stem, name: "validateBatch: does not change the state it is given", points: 1,
      hint: "validateBatch only decides; recording is ProducerStateTable.append's job. Do not push to state.batches here.",
      checks: [
        {
          sent: "const state = { epoch: 0, batches: [0–4 @0] }; validateBatch(state, 5–9) then validateBatch(state, epoch 1, 0–4); state afterwards",
          call: (mod) => {
            const state: State = { epoch: 0, batches: [m(0, 4, 0)] };
            const v = need<(s: unknown, x: Batch) => unknown>(mod, "validateBatch", stem);
            v(state, b(5, 9));
            v(state, b(0, 4, 1));
            return state;
          },
          expect: { epoch: 0, batches: [m(0, 4, 0)] },
          why: "the state is unchanged",
        },
      ],
    }),
];

const tableTests: GraderTest[] = [
  tableTest("ProducerStateTable: an unknown producer has no state", 1,
    "get(producerId) returns undefined until a batch of that producer is appended.",
    [getIs(7, undefined, "nothing appended yet")]),
  tableTest("ProducerStateTable: append records the batch with its offsets", 2,
    "On \"append\", store { firstSeq, lastSeq, firstOffset, lastOffset } with lastOffset = firstOffset + count − 1.",
    [
      append(b(0, 4), 0, APPEND, "a new producer"),
      append(b(5, 7), 5, APPEND, "in sequence"),
      getIs(1, { epoch: 0, batches: [m(0, 4, 0), m(5, 7, 5)] }, "both batches, oldest first, with the offsets they were written at"),
    ]),
  tableTest("duplicate of a retained batch returns its original offsets", 3,
    "Answer a retry with the offsets the batch got when it was written, not the offset it would get now.",
    [
      append(b(0, 4), 0, APPEND, "first batch"),
      append(b(5, 9), 5, APPEND, "second batch"),
      append(b(10, 14), 10, APPEND, "third batch"),
      append(b(5, 9), 15, dup(5, 9), "the retry of 5–9 is acknowledged with offsets 5–9 (its response was lost)"),
      append(b(0, 4), 15, dup(0, 4), "0–4 is still retained"),
    ]),
  tableTest("ProducerStateTable: keeps the last 5 batches, oldest first", 2,
    "Kafka retains NUM_BATCHES_TO_RETAIN = 5 batches per producer: after the 6th, drop the oldest.",
    [
      append(b(0, 4), 0, APPEND, "1st"),
      append(b(5, 9), 5, APPEND, "2nd"),
      append(b(10, 14), 10, APPEND, "3rd"),
      append(b(15, 19), 15, APPEND, "4th"),
      append(b(20, 24), 20, APPEND, "5th"),
      append(b(25, 29), 25, APPEND, "6th"),
      getIs(1, { epoch: 0, batches: [m(5, 9, 5), m(10, 14, 10), m(15, 19, 15), m(20, 24, 20), m(25, 29, 25)] }, "the 5 newest, oldest first"),
    ]),
  tableTest("ProducerStateTable: a retry of a batch no longer retained is OUT_OF_ORDER_SEQUENCE_NUMBER", 2,
    "Once a batch fell out of the last 5, the broker cannot recognise its retry: it is out of sequence, not a duplicate (that is why at most 5 requests may be in flight).",
    [
      append(b(0, 4), 0, APPEND, "1st"),
      append(b(5, 9), 5, APPEND, "2nd"),
      append(b(10, 14), 10, APPEND, "3rd"),
      append(b(15, 19), 15, APPEND, "4th"),
      append(b(20, 24), 20, APPEND, "5th"),
      append(b(25, 29), 25, APPEND, "6th"),
      append(b(0, 4), 30, OOSN, "0–4 is no longer retained"),
      append(b(5, 9), 30, dup(5, 9), "5–9 still is"),
    ]),
  tableTest("ProducerStateTable: a duplicate or an error records nothing", 2,
    "Only an \"append\" result changes the state.",
    [
      append(b(0, 4, 1), 0, APPEND, "first batch (epoch 1)"),
      append(b(0, 4, 1), 5, dup(0, 4), "a retry"),
      append(b(9, 12, 1), 5, OOSN, "a gap"),
      append(b(5, 9, 0), 5, FENCED, "epoch 0 is older than 1"),
      getIs(1, { epoch: 1, batches: [m(0, 4, 0)] }, "still only 0–4 in epoch 1"),
      append(b(5, 9, 1), 5, APPEND, "the next batch is still 5"),
    ]),
  tableTest("ProducerStateTable: producers are independent", 1,
    "Keep one state per producerId.",
    [
      append(b(0, 4, 0, 1), 0, APPEND, "producer 1"),
      append(b(0, 2, 0, 2), 5, APPEND, "producer 2 has its own sequences"),
      append(b(5, 9, 0, 1), 8, APPEND, "producer 1 continues"),
      append(b(0, 2, 0, 2), 13, dup(5, 7), "producer 2's retry"),
      getIs(2, { epoch: 0, batches: [m(0, 2, 5)] }, "only producer 2's batch"),
    ]),
  tableTest("ProducerStateTable: an epoch bump starts afresh", 2,
    "When a batch with a higher epoch is appended, adopt the epoch and forget the old epoch's batches.",
    [
      append(b(0, 4), 0, APPEND, "epoch 0"),
      append(b(5, 9), 5, APPEND, "epoch 0"),
      append(b(0, 2, 1), 10, APPEND, "epoch 1 starts at 0"),
      getIs(1, { epoch: 1, batches: [m(0, 2, 10)] }, "the old batches are gone"),
      append(b(5, 9), 13, FENCED, "epoch 0 is stale now"),
      append(b(3, 4, 1), 13, APPEND, "epoch 1 continues"),
    ]),
  tableTest("ProducerStateTable: old-epoch batches are not duplicates after a bump", 2,
    "Clear (or ignore) the previous epoch's batches: 0–4 in epoch 1 is new data even if 0–4 existed in epoch 0.",
    [
      append(b(0, 4), 0, APPEND, "epoch 0"),
      append(b(0, 4, 1), 5, APPEND, "epoch 1, same sequences: new records"),
      append(b(0, 4, 1), 10, dup(5, 9), "its retry is a duplicate of the epoch-1 batch (offsets 5–9)"),
    ]),
  tableTest("ProducerStateTable: a batch that wraps gets the right lastOffset", 1,
    "Count the records across the wrap: 2147483646…1 is 4 records.",
    [
      append(b(MAX - 1, 1), 100, APPEND, "no state: any sequence"),
      getIs(1, { epoch: 0, batches: [{ firstSeq: MAX - 1, lastSeq: 1, firstOffset: 100, lastOffset: 103 }] }, "4 records at offsets 100–103"),
      append(b(2, 3), 104, APPEND, "2 follows 1"),
    ]),
  tableTest("ProducerStateTable: sequences wrap after 2147483647", 1,
    "The batch after one ending at 2147483647 starts at 0.",
    [
      append(b(MAX - 4, MAX), 0, APPEND, "no state: any sequence"),
      append(b(0, 4), 5, APPEND, "0 follows 2147483647"),
      append(b(MAX - 4, MAX), 10, dup(0, 4), "and the pre-wrap batch is still a duplicate"),
    ]),
];

export const sequenceValidationExercise: ExerciseDefinition = {
  stem,
  title: "the broker's duplicate and ordering check (validateBatch, ProducerStateTable)",
  tests: [...validateTests, ...tableTests, randomHistoryTest(stem), ...scenarioTests(stem)],
};
