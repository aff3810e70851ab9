/**
 * Grader tests for exercise 6, transactional-fencing: the transaction coordinator's InitProducerId (same producer id,
 * epoch + 1, abort of an open transaction, a new producer id when the epoch is exhausted) and its epoch check, which
 * answers a zombie PRODUCER_FENCED (Kafka: TransactionCoordinator.handleInitProducerId, TransactionMetadata).
 * The random test's oracle is the library's own TransactionCoordinator (lib/src/broker/transaction-coordinator.ts).
 */
import type { Cluster } from "../../simulation/cluster.js";
import { Random } from "../../kernel/random.js";
import { TransactionCoordinator, type TransactionState } from "../../broker/transaction-coordinator.js";
import { callTest, need, scriptTest, show, type Check } from "../feedback.js";
import { counter } from "../remote.js";
import type { ExerciseDefinition, LearnerExports } from "../types.js";

const stem = "transactional-fencing";
const MAX_EPOCH = 32767;

interface IdState { producerId: number; epoch: number; state: TransactionState }
interface InitRequest { transactionalId: string; transactionTimeoutMs: number }
type InitFn = (current: IdState | undefined, request: InitRequest, allocate: () => number) => unknown;
type CheckFn = (current: IdState | undefined, producerId: number, epoch: number) => unknown;

const initFn = (m: LearnerExports) => need<InitFn>(m, "initProducerId", stem);
const checkFn = (m: LearnerExports) => need<CheckFn>(m, "checkEpoch", stem);

const req = (transactionalId = "app", transactionTimeoutMs = 60_000): InitRequest => ({ transactionalId, transactionTimeoutMs });

/** A PID allocator for one call that records how often it was used (each call uses up a producer id). */
function allocator(first: number): { allocate: () => number; calls: () => number } {
  const allocate = counter(first);
  return { allocate, calls: () => allocate.calls() };
}

const stateText = (s: IdState | undefined): string => (s ? `{ producerId: ${s.producerId}, epoch: ${s.epoch}, state: "${s.state}" }` : "undefined");

/** initProducerId(current, request, allocate) with allocate returning firstNewPid, firstNewPid + 1, …; also checks how often it was called. */
function init(current: IdState | undefined, request: InitRequest, expect: object, allocations: number, why: string, firstNewPid = 100): Check<LearnerExports> {
  const sent = `initProducerId(${stateText(current)}, ${show(request)}, allocate /* returns ${firstNewPid}, ${firstNewPid + 1}, … */)`;
  return {
    sent,
    call: (m) => {
      const a = allocator(firstNewPid);
      const answer = initFn(m)(current ? { ...current } : undefined, { ...request }, a.allocate);
      return { answer, allocateCalls: a.calls() };
    },
    expect: { answer: expect, allocateCalls: allocations },
    expectText: `${show(expect)}, calling allocate ${allocations === 1 ? "once" : `${allocations} times`}`,
    why,
  };
}

function check(current: IdState | undefined, producerId: number, epoch: number, expect: string, why: string): Check<LearnerExports> {
  return { sent: `checkEpoch(${stateText(current)}, ${producerId}, ${epoch})`, call: (m) => checkFn(m)(current ? { ...current } : undefined, producerId, epoch), expect, why };
}

const ok = (producerId: number, epoch: number, abortOpenTransaction = false) => ({ error: "NONE", producerId, epoch, abortOpenTransaction });
const refused = (error: string) => ({ error, producerId: -1, epoch: -1, abortOpenTransaction: false });

/** The library's coordinator as the oracle: a coordinator holding `current` for "app", asked the same question. */
function libraryCoordinator(current: IdState | undefined, firstNewPid: number): TransactionCoordinator {
  let next = firstNewPid;
  const cluster = { allocateProducerId: () => next++, trace: { enabled: false }, sim: { nowMs: 0 } } as unknown as Cluster;
  const tc = new TransactionCoordinator(cluster);
  if (current) {
    tc.transactions.set("app", {
      transactionalId: "app", producerId: current.producerId, producerEpoch: current.epoch, timeoutMs: 60_000, state: current.state,
      partitions: new Map(), groups: new Set(), pendingOffsets: new Map(), startedAtMs: 0, markersPending: 0,
    });
  }
  return tc;
}

function libraryInit(current: IdState | undefined, request: InitRequest, firstNewPid: number) {
  const tc = libraryCoordinator(current, firstNewPid);
  const r = tc.initProducerId({ api: "InitProducerId", ...request });
  // With no partitions in the open transaction the library aborts it at once: Ongoing → PrepareAbort → CompleteAbort.
  const aborted = current?.state === "Ongoing" && tc.transactions.get("app")?.state === "CompleteAbort";
  return { error: r.error, producerId: r.producerId, epoch: r.producerEpoch, abortOpenTransaction: r.error === "NONE" && aborted };
}

function libraryCheck(current: IdState | undefined, producerId: number, epoch: number): string {
  const tc = libraryCoordinator(current, 1000);
  return tc["check"]("app", producerId, epoch).error;
}

const STATES: TransactionState[] = ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort"];

export const transactionalFencingExercise: ExerciseDefinition = {
  stem,
  title: "the transaction coordinator's producer epochs and fencing",
  tests: [
    callTest({
      stem, name: "initProducerId: a new transactional id gets a new producer id at epoch 0", points: 1,
      hint: "For an id the coordinator has never seen (current is undefined), ask allocateProducerId() for a PID and start at epoch 0.",
      checks: [
        init(undefined, req(), ok(100, 0), 1, "a transactional id seen for the first time"),
        init(undefined, req("payments"), ok(7, 0), 1, "the PID is whatever allocateProducerId returns", 7),
      ],
    }),
    callTest({
      stem, name: "initProducerId: a known id keeps its producer id and bumps the epoch", points: 2,
      hint: "A restart with the same transactional.id is the same logical producer: keep current.producerId, add one to the epoch, and do not allocate.",
      checks: [
        init({ producerId: 7, epoch: 0, state: "Empty" }, req(), ok(7, 1), 0, "same PID, epoch 0 → 1"),
        init({ producerId: 7, epoch: 41, state: "CompleteCommit" }, req(), ok(7, 42), 0, "same PID, epoch 41 → 42"),
        init({ producerId: 3, epoch: 5, state: "CompleteAbort" }, req(), ok(3, 6), 0, "same PID, epoch 5 → 6"),
      ],
    }),
    callTest({
      stem, name: "initProducerId: a transaction left open is aborted under the new epoch", points: 2,
      hint: "If the previous instance crashed in the middle of a transaction (state Ongoing), its records must never become visible: the coordinator aborts that transaction first.",
      checks: [
        init({ producerId: 7, epoch: 0, state: "Ongoing" }, req(), ok(7, 1, true), 0, "the open transaction is aborted, with markers at epoch 1"),
        init({ producerId: 9, epoch: 12, state: "Ongoing" }, req(), ok(9, 13, true), 0, "the open transaction is aborted, with markers at epoch 13"),
      ],
    }),
    callTest({
      stem, name: "initProducerId: nothing to abort when no transaction is open", points: 1,
      hint: "Only the state Ongoing means an open transaction. Empty, CompleteCommit and CompleteAbort have nothing left to abort.",
      checks: [
        init({ producerId: 7, epoch: 2, state: "Empty" }, req(), ok(7, 3, false), 0, "Empty: no transaction yet"),
        init({ producerId: 7, epoch: 2, state: "CompleteCommit" }, req(), ok(7, 3, false), 0, "the last transaction committed"),
        init({ producerId: 7, epoch: 2, state: "CompleteAbort" }, req(), ok(7, 3, false), 0, "the last transaction was aborted already"),
      ],
    }),
    callTest({
      stem, name: "initProducerId: a transaction being completed is CONCURRENT_TRANSACTIONS", points: 2,
      hint: "While the commit or abort markers are being written (PrepareCommit, PrepareAbort) the coordinator cannot start a new epoch: it answers CONCURRENT_TRANSACTIONS, with producerId and epoch -1, and the client retries.",
      checks: [
        init({ producerId: 7, epoch: 4, state: "PrepareCommit" }, req(), refused("CONCURRENT_TRANSACTIONS"), 0, "the commit markers are still being written"),
        init({ producerId: 7, epoch: 4, state: "PrepareAbort" }, req(), refused("CONCURRENT_TRANSACTIONS"), 0, "the abort markers are still being written"),
      ],
    }),
    callTest({
      stem, name: "initProducerId: from epoch 32766 the epoch is exhausted, so a new producer id starts at epoch 0", points: 2,
      hint: "The epoch is a Java short and Kafka keeps 32767 to fence with: when current.epoch is 32766 or more (isEpochExhausted), allocate a new PID and start again at epoch 0 (the old PID is then unknown to the coordinator, so its zombies get INVALID_PRODUCER_ID_MAPPING).",
      checks: [
        init({ producerId: 7, epoch: 32765, state: "Empty" }, req(), ok(7, 32766), 0, "32765 → 32766 is still a bump"),
        init({ producerId: 7, epoch: 32766, state: "Empty" }, req(), ok(100, 0), 1, "32766 is exhausted (Short.MAX_VALUE - 1): new PID at epoch 0"),
        init({ producerId: 7, epoch: 32767, state: "CompleteCommit" }, req(), ok(100, 0), 1, "epoch exhausted: new PID at epoch 0"),
        init({ producerId: 7, epoch: 32767, state: "Ongoing" }, req(), ok(100, 0, true), 1, "epoch exhausted, and the open transaction is still aborted"),
      ],
    }),
    callTest({
      stem, name: "initProducerId: refuses an empty transactional id and a transaction timeout out of range", points: 1,
      hint: "Check the request first: the transactional id must be a non-empty string (INVALID_REQUEST), the timeout in 1…900000 ms (INVALID_TRANSACTION_TIMEOUT). Errors carry producerId and epoch -1.",
      checks: [
        init(undefined, req(""), refused("INVALID_REQUEST"), 0, "an empty transactional id"),
        init(undefined, req("app", 0), refused("INVALID_TRANSACTION_TIMEOUT"), 0, "transaction.timeout.ms must be positive"),
        init({ producerId: 7, epoch: 1, state: "Ongoing" }, req("app", 900_001), refused("INVALID_TRANSACTION_TIMEOUT"), 0, "above transaction.max.timeout.ms (900000): nothing is bumped or aborted"),
        init(undefined, req("app", 900_000), ok(100, 0), 1, "900000 ms itself is allowed"),
      ],
    }),
    callTest({
      stem, name: "checkEpoch: the current producer id and epoch pass", points: 1,
      hint: "A request with the stored producerId and the stored epoch is from the instance that owns the transactional id: answer NONE.",
      checks: [
        check({ producerId: 7, epoch: 3, state: "Ongoing" }, 7, 3, "NONE", "the current instance, in a transaction"),
        check({ producerId: 7, epoch: 0, state: "Empty" }, 7, 0, "NONE", "the current instance, before its first transaction"),
        check({ producerId: 7, epoch: 3, state: "CompleteCommit" }, 7, 3, "NONE", "between two transactions"),
      ],
    }),
    callTest({
      stem, name: "checkEpoch: an unknown id or another producer id is INVALID_PRODUCER_ID_MAPPING", points: 1,
      hint: "Compare the producer id first: if the coordinator has nothing for the transactional id, or stores a different PID, the request is INVALID_PRODUCER_ID_MAPPING.",
      checks: [
        check(undefined, 7, 0, "INVALID_PRODUCER_ID_MAPPING", "the coordinator has no state for this transactional id"),
        check({ producerId: 7, epoch: 3, state: "Ongoing" }, 8, 3, "INVALID_PRODUCER_ID_MAPPING", "PID 8 does not own this transactional id"),
      ],
    }),
    callTest({
      stem, name: "checkEpoch: an older epoch is a zombie, PRODUCER_FENCED", points: 2,
      hint: "A request with an epoch below the stored one comes from an instance that has been replaced (a newer InitProducerId bumped the epoch). Kafka fences it: PRODUCER_FENCED.",
      checks: [
        check({ producerId: 7, epoch: 1, state: "Ongoing" }, 7, 0, "PRODUCER_FENCED", "epoch 0 < 1: the old instance"),
        check({ producerId: 7, epoch: 9, state: "Empty" }, 7, 3, "PRODUCER_FENCED", "several restarts ago"),
        check({ producerId: 7, epoch: 32767, state: "CompleteAbort" }, 7, 32766, "PRODUCER_FENCED", "one epoch behind"),
      ],
    }),
    callTest({
      stem, name: "checkEpoch: a newer epoch than the coordinator's is INVALID_PRODUCER_EPOCH", points: 1,
      hint: "An epoch above the stored one was never handed out by this coordinator: INVALID_PRODUCER_EPOCH, not NONE.",
      checks: [
        check({ producerId: 7, epoch: 1, state: "Ongoing" }, 7, 2, "INVALID_PRODUCER_EPOCH", "epoch 2 > 1"),
        check({ producerId: 7, epoch: 0, state: "Empty" }, 7, 32767, "INVALID_PRODUCER_EPOCH", "epoch 32767 > 0"),
      ],
    }),
    callTest({
      stem, name: "checkEpoch: the producer id is compared before the epoch", points: 1,
      hint: "Order matters: a different PID is INVALID_PRODUCER_ID_MAPPING whatever its epoch is.",
      checks: [
        check({ producerId: 100, epoch: 0, state: "Ongoing" }, 7, 32767, "INVALID_PRODUCER_ID_MAPPING", "the old PID after the epoch ran out: the PID differs, so the epoch is not looked at"),
        check({ producerId: 7, epoch: 5, state: "Ongoing" }, 8, 2, "INVALID_PRODUCER_ID_MAPPING", "another PID with an older epoch is not 'fenced'"),
      ],
    }),
    callTest({
      stem, name: "checkEpoch: a transaction being completed is CONCURRENT_TRANSACTIONS, after the fencing checks", points: 1,
      hint: "While markers are written (PrepareCommit, PrepareAbort) the current instance must wait (CONCURRENT_TRANSACTIONS); a zombie is still told it is fenced.",
      checks: [
        check({ producerId: 7, epoch: 2, state: "PrepareCommit" }, 7, 2, "CONCURRENT_TRANSACTIONS", "commit markers are being written"),
        check({ producerId: 7, epoch: 2, state: "PrepareAbort" }, 7, 2, "CONCURRENT_TRANSACTIONS", "abort markers are being written"),
        check({ producerId: 7, epoch: 2, state: "PrepareAbort" }, 7, 1, "PRODUCER_FENCED", "the zombie check comes first"),
      ],
    }),
    scriptTest<{ m: LearnerExports; stored: IdState | undefined; nextPid: number }>({
      stem, name: "a crash, a restart and a zombie: the old instance is fenced, the new one goes on", points: 2,
      hint: "Feed initProducerId's answer back in as the stored state (with the state the transaction reached), then check both instances' (producerId, epoch).",
      setup: (m) => ({ m, stored: undefined, nextPid: 40 }),
      setupSent: "let stored;  // what the coordinator keeps for \"app\"; allocate returns 40, 41, …",
      checks: [
        {
          sent: "a = initProducerId(stored, { transactionalId: \"app\", transactionTimeoutMs: 60000 }, allocate); stored = { ...a, state: \"Ongoing\" }  // instance A starts a transaction",
          call: (c) => {
            const allocate = counter(c.nextPid);
            const a = initFn(c.m)(c.stored, req(), allocate) as { producerId: number; epoch: number };
            c.nextPid += allocate.calls();
            c.stored = { producerId: a.producerId, epoch: a.epoch, state: "Ongoing" };
            return a;
          },
          expect: ok(40, 0),
          why: "A is the first instance",
        },
        {
          sent: "b = initProducerId(stored, …); stored = { ...b, state: \"Empty\" }  // A hangs; instance B replaces it",
          call: (c) => {
            const allocate = counter(c.nextPid);
            const b = initFn(c.m)(c.stored, req(), allocate) as { producerId: number; epoch: number };
            c.nextPid += allocate.calls();
            c.stored = { producerId: b.producerId, epoch: b.epoch, state: "Empty" };
            return b;
          },
          expect: ok(40, 1, true),
          why: "B keeps PID 40 at epoch 1, and A's open transaction is aborted",
        },
        { sent: "checkEpoch(stored, 40, 0)  // A wakes up and tries to commit", call: (c) => checkFn(c.m)(c.stored, 40, 0), expect: "PRODUCER_FENCED", why: "A is a zombie" },
        { sent: "checkEpoch(stored, 40, 1)  // B sends its first request", call: (c) => checkFn(c.m)(c.stored, 40, 1), expect: "NONE", why: "B owns the transactional id" },
      ],
    }),
    {
      name: "matches the library's coordinator on 600 random states and requests",
      points: 2,
      run(m) {
        const rng = new Random(20260125);
        const learnerInit = initFn(m), learnerCheck = checkFn(m);
        const epochs = [0, 1, 2, 7, 100, 32765, 32766, 32767];
                for (let i = 0; i < 600; i++) {
          const current: IdState | undefined = rng.next() < 0.15 ? undefined : { producerId: rng.pick([5, 6, 7]), epoch: rng.pick(epochs), state: rng.pick(STATES) };
          if (i % 2 === 0) {
            const request = req(rng.next() < 0.05 ? "" : "app", rng.pick([60_000, 60_000, 60_000, 0, -5, 1, 900_000, 900_001]));
            const want = libraryInit(current, request, 50);
            let got: unknown;
            try {
              got = learnerInit(current ? { ...current } : undefined, { ...request }, allocator(50).allocate);
            } catch (error) {
              got = error;
            }
            if (!matchesAnswer(got, want)) {
              return {
                fraction: 0,
                output: [
                  `Sent:  initProducerId(${stateText(current)}, ${show(request)}, allocate /* returns 50, 51, … */)`,
                  `Got:   ${got instanceof Error ? `threw ${got.name}: ${got.message}` : show(got)}`,
                  `Kafka: ${show(want)}`,
                  "Hint:  Go through the rules in the file's header in their order: request checks, unknown id, completing transaction, bump (or a new PID from epoch 32766).",
                ].join("\n"),
              };
            }
          } else {
            const pid = current && rng.next() < 0.8 ? current.producerId : rng.pick([5, 6, 7, 8]);
            const epoch = current && rng.next() < 0.8 ? Math.max(0, Math.min(MAX_EPOCH, current.epoch + rng.between(-2, 2))) : rng.pick(epochs);
            const want = libraryCheck(current, pid, epoch);
            let got: unknown;
            try {
              got = learnerCheck(current ? { ...current } : undefined, pid, epoch);
            } catch (error) {
              got = error;
            }
            if (got !== want) {
              return {
                fraction: 0,
                output: [
                  `Sent:  checkEpoch(${stateText(current)}, ${pid}, ${epoch})`,
                  `Got:   ${got instanceof Error ? `threw ${got.name}: ${got.message}` : show(got)}`,
                  `Kafka: ${show(want)}`,
                  "Hint:  The order is: producer id (INVALID_PRODUCER_ID_MAPPING), older epoch (PRODUCER_FENCED), newer epoch (INVALID_PRODUCER_EPOCH), completing transaction (CONCURRENT_TRANSACTIONS), else NONE.",
                ].join("\n"),
              };
            }
          }
        }
        return { fraction: 1, output: "" };
      },
    },
  ],
};

function matchesAnswer(got: unknown, want: { error: string; producerId: number; epoch: number; abortOpenTransaction: boolean }): boolean {
  if (typeof got !== "object" || got === null) return false;
  const g = got as Record<string, unknown>;
  return g.error === want.error && g.producerId === want.producerId && g.epoch === want.epoch && g.abortOpenTransaction === want.abortOpenTransaction;
}
