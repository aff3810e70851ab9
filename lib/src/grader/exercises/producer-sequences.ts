/**
 * Grader tests for exercise 5, producer-sequences: the producer's per-partition sequence numbers through retries,
 * acknowledgements, OUT_OF_ORDER_SEQUENCE_NUMBER and an epoch bump (Kafka: TransactionManager, KIP-360).
 */
import { Random } from "../../kernel/random.js";
import { describeThrow, failed, matches, need, passed, scriptTest, show, type Check, type Feedback } from "../feedback.js";
import { runScript, type ScriptCall, type ScriptResult } from "../remote.js";
import type { ExerciseDefinition, GraderTest, LearnerExports } from "../types.js";
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

const send = (id: string, n: number, expect: unknown, why: string): Check<Seq> => ({ sent: `p.send("${id}", ${n})`, call: (p) => p.send(id, n), expect, why });
const resend = (id: string, expect: unknown, why: string): Check<Seq> => ({ sent: `p.resend("${id}")`, call: (p) => p.resend(id), expect, why });
const ack = (id: string): Check<Seq> => ({
  sent: `p.acknowledge("${id}")`, call: (p) => p.acknowledge(id), verify: () => undefined, returnsNothing: true, expectText: `returns normally (${id} is in flight)`,
});
const bump = (): Check<Seq> => ({ sent: "p.bumpEpoch()", call: (p) => p.bumpEpoch(), verify: () => undefined, returnsNothing: true, expectText: "returns normally" });
const oosn = (id: string, expect: "retry" | "bump-epoch", why: string): Check<Seq> => ({ sent: `p.onOutOfOrderSequence("${id}")`, call: (p) => p.onOutOfOrderSequence(id), expect, why });
const query = (method: "epoch" | "nextSequence" | "lastAckedSequence" | "inFlight", expect: unknown, why: string): Check<Seq> => ({
  sent: `p.${method}()`, call: (p) => p[method](), expect, why,
});
const throws = (sent: string, call: (p: Seq) => unknown, why: string): Check<Seq> => ({ sent, call, throws: { expect: `throws an Error — ${why}` } });

function seqTest(name: string, points: number, hint: string, checks: Check<Seq>[], args: [number, number?, number?] = [PID]): GraderTest {
  return scriptTest<Seq>({
    stem, name, points, hint, checks,
    setupSent: `const p = new PartitionSequences(${args.join(", ")});`,
    setup: (mod) => new (need<SeqClass>(mod, "PartitionSequences", stem, "class"))(...args),
  });
}

const handTests: GraderTest[] = [
  seqTest("a new producer starts at sequence 0 in its epoch", 1,
    "Before anything is sent: epoch as given, nextSequence 0, lastAckedSequence −1, nothing in flight.",
    [query("epoch", 0, "epoch 0 by default"), query("nextSequence", 0, "sequences start at 0"), query("lastAckedSequence", -1, "nothing acknowledged yet"), query("inFlight", [], "nothing sent")]),
  seqTest("send numbers a batch by its records", 2,
    "A batch of n records takes n sequence numbers: firstSeq = nextSequence, lastSeq = firstSeq + n − 1.",
    [send("a", 3, h(0, 0, 2), "3 records: 0, 1, 2"), send("b", 1, h(0, 3, 3), "1 record: 3"), send("c", 5, h(0, 4, 8), "5 records: 4…8"), query("nextSequence", 9, "the next batch starts at 9")]),
  seqTest("a resend carries the same epoch and sequences", 2,
    "A retry must be recognisable as the same batch: resend returns exactly the header the batch was first sent with.",
    [send("a", 3, h(0, 0, 2), "first batch"), send("b", 2, h(0, 3, 4), "second batch"), resend("a", h(0, 0, 2), "the same sequences, so the broker sees a duplicate"), resend("b", h(0, 3, 4), "the same sequences"), query("nextSequence", 5, "resending takes no new numbers")]),
  seqTest("acknowledged batches leave the in-flight list, in send order", 1,
    "inFlight() lists the unacknowledged batches in the order they were first sent.",
    [send("a", 1, h(0, 0, 0), "a"), send("b", 1, h(0, 1, 1), "b"), send("c", 1, h(0, 2, 2), "c"), ack("b"), query("inFlight", ["a", "c"], "b is done")]),
  seqTest("lastAckedSequence follows acknowledgements and never goes back", 2,
    "Remember the lastSeq of the latest-SENT batch acknowledged so far; a late acknowledgement of an earlier batch must not move it back.",
    [send("a", 2, h(0, 0, 1), "a"), send("b", 3, h(0, 2, 4), "b"), ack("b"), query("lastAckedSequence", 4, "b ends at 4"), ack("a"), query("lastAckedSequence", 4, "a was sent before b: still 4")]),
  seqTest("sequences wrap after 2147483647", 2,
    "After 2147483647 comes 0: a batch may start near the top and end near 0.",
    [send("a", 3, h(0, MAX - 1, 0), "2147483646, 2147483647, 0"), send("b", 2, h(0, 1, 2), "continues at 1"), query("nextSequence", 3, "after 2")],
    [PID, 0, MAX - 1]),
  seqTest("OUT_OF_ORDER_SEQUENCE_NUMBER on the next batch means a real gap: bump the epoch", 2,
    "If the refused batch is the one right after the last acknowledged sequence, nothing earlier is pending: the broker lost track (KIP-360), so bump the epoch.",
    [send("a", 3, h(0, 0, 2), "a"), send("b", 2, h(0, 3, 4), "b"), oosn("a", "bump-epoch", "a is the first unacknowledged batch (0 follows −1)"), ack("a"), oosn("b", "bump-epoch", "b starts right after the acknowledged 2")]),
  seqTest("OUT_OF_ORDER_SEQUENCE_NUMBER behind an unresolved batch: retry", 2,
    "If an earlier batch is still unresolved, this one was refused because that one has not landed yet: retry it, do not bump.",
    [send("a", 3, h(0, 0, 2), "a"), send("b", 2, h(0, 3, 4), "b"), send("c", 1, h(0, 5, 5), "c"), oosn("b", "retry", "a (0–2) is not acknowledged yet"), oosn("c", "retry", "a and b are still pending")]),
  seqTest("bumpEpoch renumbers the batches in flight from 0", 3,
    "Epoch + 1; the unacknowledged batches get sequences 0, … back to back in send order; nextSequence follows them; lastAckedSequence is −1.",
    [
      send("a", 3, h(0, 0, 2), "a"), send("b", 2, h(0, 3, 4), "b"), send("c", 4, h(0, 5, 8), "c"),
      ack("a"), bump(),
      query("epoch", 1, "the epoch went up by one"),
      resend("b", h(1, 0, 1), "b is renumbered from 0 under the new epoch"),
      resend("c", h(1, 2, 5), "c follows b"),
      query("nextSequence", 6, "new batches come after the renumbered ones"),
      query("lastAckedSequence", -1, "nothing acknowledged in the new epoch"),
    ]),
  seqTest("after a bump, new batches continue after the renumbered ones", 2,
    "Sending after the bump uses the new epoch and the next free sequence.",
    [send("a", 2, h(0, 0, 1), "a"), send("b", 2, h(0, 2, 3), "b"), ack("a"), bump(), send("c", 3, h(1, 2, 4), "b took 0–1, so c gets 2–4"), ack("b"), query("lastAckedSequence", 1, "b ends at 1 now"), oosn("c", "bump-epoch", "c follows the acknowledged 1")]),
  seqTest("a bump with nothing in flight restarts at 0", 1,
    "With no batch in flight, the new epoch simply starts at sequence 0.",
    [send("a", 5, h(0, 0, 4), "a"), ack("a"), bump(), query("nextSequence", 0, "restart at 0"), send("b", 1, h(1, 0, 0), "epoch 1, sequence 0")]),
  seqTest("the epoch passed to the constructor is used", 1,
    "A producer may start at any epoch (InitProducerId hands it out).",
    [send("a", 1, h(4, 0, 0), "epoch 4"), bump(), query("epoch", 5, "4 + 1")], [PID, 4]),
  seqTest("misuse throws an Error", 2,
    "Refuse what cannot happen: sending an id twice, acting on an id that is not in flight, a batch without records.",
    [
      send("a", 1, h(0, 0, 0), "a"),
      throws('p.send("a", 1)', (p) => p.send("a", 1), "a is already in flight: that would be a resend"),
      throws('p.resend("zzz")', (p) => p.resend("zzz"), "zzz was never sent"),
      throws('p.send("b", 0)', (p) => p.send("b", 0), "a batch has at least one record"),
      ack("a"),
      throws('p.acknowledge("a")', (p) => p.acknowledge("a"), "a is not in flight any more"),
    ]),
];

/** Random operation sequences, the learner's class and the grader's model side by side. */
const RANDOM_SEED = 5150;
const RANDOM_RUNS = 200;

function randomOpsTest(): GraderTest {
  return {
    name: `${RANDOM_RUNS} random histories of sends, resends, acknowledgements and bumps agree with Kafka (seed ${RANDOM_SEED})`,
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
        if (!got[0]!.ok) problem = { call: lines.pop()!, got: describeThrow(got[0]!.error), want: "a PartitionSequences" };
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
            const shown = lines.length > 12 ? [lines[0]!, `… ${lines.length - 12} more steps …`, ...lines.slice(-11)] : lines;
            firstFailure = {
              sent: [`history #${run} (the first that disagrees):`, ...shown, `${problem.call}   ← here`].join("\n"),
              got: problem.got,
              kafka: problem.want,
              hint: "Replay the steps on paper: which batches are in flight, what the last acknowledged sequence is, and what a bump renumbers.",
            };
          }
        }
      }
      if (!firstFailure) return passed();
      const out = failed({ ...firstFailure, sent: `${failures} of ${RANDOM_RUNS} random histories disagree (seed ${RANDOM_SEED}); ${firstFailure.sent}` });
      return { ...out, fraction: Math.min(0.9, (RANDOM_RUNS - failures) / RANDOM_RUNS) };
    },
  };
}

export const producerSequencesExercise: ExerciseDefinition = {
  stem,
  title: "producer-side sequence numbers through retries and an epoch bump",
  tests: [...handTests, randomOpsTest()],
};
