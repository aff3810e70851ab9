/**
 * Grader tests for exercise 6, transactional-fencing: the transaction coordinator's InitProducerId (same producer id,
 * epoch + 1, a fencing abort of an open transaction answered CONCURRENT_TRANSACTIONS, a new producer id when the epoch
 * is exhausted) and its epoch check, which answers any other epoch PRODUCER_FENCED (Kafka 4.x:
 * TransactionCoordinator.handleInitProducerId / prepareInitProducerIdTransit, TransactionMetadata).
 * The random test's oracle is the library's own TransactionCoordinator (lib/src/broker/transaction-coordinator.ts).
 */
import type { Cluster } from "../../simulation/cluster.js";
import { tr } from "../../kernel/locale.js";
import { Random } from "../../kernel/random.js";
import { TransactionCoordinator, type TransactionState } from "../../broker/transaction-coordinator.js";
import { callTest, describeThrow, formatFeedback, need, scriptTest, show, type Check } from "../feedback.js";
import { counter, runScript } from "../remote.js";
import type { ExerciseDefinition, LearnerExports, Text } from "../types.js";

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
function init(current: IdState | undefined, request: InitRequest, expect: object, allocations: number, why: Text, firstNewPid = 100): Check<LearnerExports> {
  const returns = `${firstNewPid}, ${firstNewPid + 1}, …`;
  return {
    get sent() {
      return `initProducerId(${stateText(current)}, ${show(request)}, allocate /* ${tr({ en: `returns ${returns}`, ko: `${returns}을 돌려줍니다` })} */)`;
    },
    call: (m) => {
      const a = allocator(firstNewPid);
      const answer = initFn(m)(current ? { ...current } : undefined, { ...request }, a.allocate);
      return { answer, allocateCalls: a.calls() };
    },
    expect: { answer: expect, allocateCalls: allocations },
    expectText: {
      en: `${show(expect)}, calling allocate ${allocations === 1 ? "once" : `${allocations} times`}`,
      ko: `${show(expect)}, allocate 호출 ${allocations}번`,
    },
    why,
  };
}

function check(current: IdState | undefined, producerId: number, epoch: number, expect: string, why: Text): Check<LearnerExports> {
  return { sent: `checkEpoch(${stateText(current)}, ${producerId}, ${epoch})`, call: (m) => checkFn(m)(current ? { ...current } : undefined, producerId, epoch), expect, why };
}

const ok = (producerId: number, epoch: number, abortOpenTransaction = false) => ({ error: "NONE", producerId, epoch, abortOpenTransaction });
const refused = (error: string) => ({ error, producerId: -1, epoch: -1, abortOpenTransaction: false });
/** Kafka 4.x's answer to InitProducerId over an open transaction: fenced and aborted, CONCURRENT_TRANSACTIONS. */
const fencing = () => ({ error: "CONCURRENT_TRANSACTIONS", producerId: -1, epoch: -1, abortOpenTransaction: true });

/** The library's coordinator as the oracle: a coordinator holding `current` for "app", asked the same question. */
function libraryCoordinator(current: IdState | undefined, firstNewPid: number): TransactionCoordinator {
  let next = firstNewPid;
  const cluster = { allocateProducerId: () => next++, trace: { enabled: false }, sim: { nowMs: 0 } } as unknown as Cluster;
  const tc = new TransactionCoordinator(cluster);
  if (current) {
    tc.transactions.set("app", {
      transactionalId: "app", producerId: current.producerId, producerEpoch: current.epoch, timeoutMs: 60_000, state: current.state,
      partitions: new Map(), groups: new Set(), pendingOffsets: new Map(), startedAtMs: 0, markersPending: 0,
      transactionVersion: 1, previousProducerId: -1, nextProducerId: -1,
    });
  }
  return tc;
}

function libraryInit(current: IdState | undefined, request: InitRequest, firstNewPid: number) {
  const tc = libraryCoordinator(current, firstNewPid);
  const r = tc.initProducerId({ api: "InitProducerId", ...request });
  // With no partitions in the open transaction the library aborts it at once: Ongoing → PrepareAbort → CompleteAbort,
  // and answers CONCURRENT_TRANSACTIONS (the client retries).
  const aborted = current?.state === "Ongoing" && tc.transactions.get("app")?.state === "CompleteAbort";
  return { error: r.error, producerId: r.producerId, epoch: r.producerEpoch, abortOpenTransaction: r.error === "CONCURRENT_TRANSACTIONS" && aborted };
}

function libraryCheck(current: IdState | undefined, producerId: number, epoch: number): string {
  const tc = libraryCoordinator(current, 1000);
  return tc["check"]("app", producerId, epoch).error;
}

const STATES: TransactionState[] = ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort"];

export const transactionalFencingExercise: ExerciseDefinition = {
  stem,
  title: { en: "the transaction coordinator's producer epochs and fencing", ko: "트랜잭션 코디네이터의 프로듀서 에포크와 펜싱" },
  tests: [
    callTest({
      stem, name: { en: "initProducerId: a new transactional id gets a new producer id at epoch 0", ko: "initProducerId: 새 트랜잭션 ID는 에포크 0의 새 프로듀서 ID를 받습니다" }, points: 1,
      hint: { en: "For an id the coordinator has never seen (current is undefined), ask allocateProducerId() for a PID and start at epoch 0.", ko: "코디네이터가 처음 보는 ID라면(current가 undefined) allocateProducerId()로 PID를 받고 에포크 0에서 시작하세요." },
      checks: [
        init(undefined, req(), ok(100, 0), 1, { en: "a transactional id seen for the first time", ko: "처음 보는 트랜잭션 ID" }),
        init(undefined, req("payments"), ok(7, 0), 1, { en: "the PID is whatever allocateProducerId returns", ko: "PID는 allocateProducerId가 돌려주는 값입니다" }, 7),
      ],
    }),
    callTest({
      stem, name: { en: "initProducerId: a known id keeps its producer id and bumps the epoch", ko: "initProducerId: 아는 ID는 프로듀서 ID를 유지하고 에포크를 올립니다" }, points: 2,
      hint: { en: "A restart with the same transactional.id is the same logical producer: keep current.producerId, add one to the epoch, and do not allocate.", ko: "같은 transactional.id로 재시작하면 논리적으로 같은 프로듀서입니다. current.producerId를 유지하고 에포크에 1을 더하세요. 새로 할당하지 않습니다." },
      checks: [
        init({ producerId: 7, epoch: 0, state: "Empty" }, req(), ok(7, 1), 0, { en: "same PID, epoch 0 → 1", ko: "같은 PID, 에포크 0 → 1" }),
        init({ producerId: 7, epoch: 41, state: "CompleteCommit" }, req(), ok(7, 42), 0, { en: "same PID, epoch 41 → 42", ko: "같은 PID, 에포크 41 → 42" }),
        init({ producerId: 3, epoch: 5, state: "CompleteAbort" }, req(), ok(3, 6), 0, { en: "same PID, epoch 5 → 6", ko: "같은 PID, 에포크 5 → 6" }),
      ],
    }),
    callTest({
      stem, name: { en: "initProducerId: a transaction left open is aborted (fenced), and the client told to retry", ko: "initProducerId: 열린 채 남은 트랜잭션은 중단(펜싱)되고, 클라이언트에는 재시도하라고 답합니다" }, points: 2,
      hint: { en: "If the previous instance crashed in the middle of a transaction (state Ongoing), its records must never become visible: Kafka 4.x fences it (epoch + 1), aborts that transaction under the fenced epoch and answers CONCURRENT_TRANSACTIONS with producerId and epoch -1 and abortOpenTransaction true; the client's retry then bumps the epoch again.", ko: "이전 인스턴스가 트랜잭션 도중에(상태 Ongoing) 크래시했다면 그 레코드는 절대 보이면 안 됩니다. Kafka 4.x는 그 인스턴스를 펜싱하고(에포크 + 1), 펜싱한 에포크로 그 트랜잭션을 중단합니다. 그리고 producerId와 epoch는 -1, abortOpenTransaction은 true로 CONCURRENT_TRANSACTIONS를 답합니다. 클라이언트가 재시도하면 에포크를 한 번 더 올립니다." },
      checks: [
        init({ producerId: 7, epoch: 0, state: "Ongoing" }, req(), fencing(), 0, { en: "the open transaction is aborted with markers at epoch 1; the client retries", ko: "열린 트랜잭션은 에포크 1의 표식으로 중단됩니다. 클라이언트는 재시도합니다" }),
        init({ producerId: 9, epoch: 12, state: "Ongoing" }, req(), fencing(), 0, { en: "the open transaction is aborted with markers at epoch 13; the client retries", ko: "열린 트랜잭션은 에포크 13의 표식으로 중단됩니다. 클라이언트는 재시도합니다" }),
        init({ producerId: 9, epoch: 13, state: "CompleteAbort" }, req(), ok(9, 14), 0, { en: "the retry after that abort: epoch 13 → 14", ko: "그 중단 뒤의 재시도: 에포크 13 → 14" }),
      ],
    }),
    callTest({
      stem, name: { en: "initProducerId: nothing to abort when no transaction is open", ko: "initProducerId: 열린 트랜잭션이 없으면 중단할 것도 없습니다" }, points: 1,
      hint: { en: "Only the state Ongoing means an open transaction. Empty, CompleteCommit and CompleteAbort have nothing left to abort.", ko: "열린 트랜잭션은 Ongoing 상태뿐입니다. Empty, CompleteCommit, CompleteAbort에는 중단할 것이 남아 있지 않습니다." },
      checks: [
        init({ producerId: 7, epoch: 2, state: "Empty" }, req(), ok(7, 3, false), 0, { en: "Empty: no transaction yet", ko: "Empty: 아직 트랜잭션이 없습니다" }),
        init({ producerId: 7, epoch: 2, state: "CompleteCommit" }, req(), ok(7, 3, false), 0, { en: "the last transaction committed", ko: "마지막 트랜잭션은 커밋되었습니다" }),
        init({ producerId: 7, epoch: 2, state: "CompleteAbort" }, req(), ok(7, 3, false), 0, { en: "the last transaction was aborted already", ko: "마지막 트랜잭션은 이미 중단되었습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "initProducerId: a transaction being completed is CONCURRENT_TRANSACTIONS", ko: "initProducerId: 마무리 중인 트랜잭션은 CONCURRENT_TRANSACTIONS입니다" }, points: 2,
      hint: { en: "While the commit or abort markers are being written (PrepareCommit, PrepareAbort) the coordinator cannot start a new epoch: it answers CONCURRENT_TRANSACTIONS, with producerId and epoch -1, and the client retries.", ko: "커밋이나 중단 표식을 쓰는 동안(PrepareCommit, PrepareAbort) 코디네이터는 새 에포크를 시작할 수 없습니다. producerId와 epoch는 -1로 CONCURRENT_TRANSACTIONS를 답하고, 클라이언트는 재시도합니다." },
      checks: [
        init({ producerId: 7, epoch: 4, state: "PrepareCommit" }, req(), refused("CONCURRENT_TRANSACTIONS"), 0, { en: "the commit markers are still being written", ko: "커밋 표식을 아직 쓰는 중입니다" }),
        init({ producerId: 7, epoch: 4, state: "PrepareAbort" }, req(), refused("CONCURRENT_TRANSACTIONS"), 0, { en: "the abort markers are still being written", ko: "중단 표식을 아직 쓰는 중입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "initProducerId: from epoch 32766 the epoch is exhausted, so a new producer id starts at epoch 0", ko: "initProducerId: 에포크 32766부터는 에포크가 바닥났으므로 새 프로듀서 ID가 에포크 0에서 시작합니다" }, points: 2,
      hint: { en: "The epoch is a Java short and Kafka keeps 32767 to fence with: when current.epoch is 32766 or more (isEpochExhausted), allocate a new PID and start again at epoch 0 (the old PID is then unknown to the coordinator, so its zombies get INVALID_PRODUCER_ID_MAPPING).", ko: "에포크는 Java short이고 Kafka는 펜싱용으로 32767을 남겨 둡니다. current.epoch가 32766 이상이면(isEpochExhausted) 새 PID를 할당하고 에포크 0부터 다시 시작하세요 (그러면 코디네이터는 옛 PID를 모르므로 그 좀비는 INVALID_PRODUCER_ID_MAPPING을 받습니다)." },
      checks: [
        init({ producerId: 7, epoch: 32765, state: "Empty" }, req(), ok(7, 32766), 0, { en: "32765 → 32766 is still a bump", ko: "32765 → 32766은 아직 에포크 올리기입니다" }),
        init({ producerId: 7, epoch: 32766, state: "Empty" }, req(), ok(100, 0), 1, { en: "32766 is exhausted (Short.MAX_VALUE - 1): new PID at epoch 0", ko: "32766이면 바닥났습니다 (Short.MAX_VALUE - 1). 에포크 0의 새 PID" }),
        init({ producerId: 7, epoch: 32767, state: "CompleteCommit" }, req(), ok(100, 0), 1, { en: "epoch exhausted: new PID at epoch 0", ko: "에포크가 바닥났습니다. 에포크 0의 새 PID" }),
        init({ producerId: 7, epoch: 32766, state: "Ongoing" }, req(), fencing(), 0, { en: "an open transaction at 32766 is fenced with the last epoch, 32767", ko: "32766에서 열린 트랜잭션은 마지막 에포크 32767로 펜싱됩니다" }),
        init({ producerId: 7, epoch: 32767, state: "CompleteAbort" }, req(), ok(100, 0), 1, { en: "the retry after that abort gets a new PID at epoch 0", ko: "그 중단 뒤의 재시도는 에포크 0의 새 PID를 받습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "initProducerId: refuses an empty transactional id and a transaction timeout out of range", ko: "initProducerId: 빈 트랜잭션 ID와 범위를 벗어난 트랜잭션 타임아웃을 거부합니다" }, points: 1,
      hint: { en: "Check the request first: the transactional id must be a non-empty string (INVALID_REQUEST), the timeout in 1…900000 ms (INVALID_TRANSACTION_TIMEOUT). Errors carry producerId and epoch -1.", ko: "요청부터 검사하세요. 트랜잭션 ID는 빈 문자열이 아니어야 하고(INVALID_REQUEST), 타임아웃은 1…900000 ms여야 합니다(INVALID_TRANSACTION_TIMEOUT). 오류일 때 producerId와 epoch는 -1입니다." },
      checks: [
        init(undefined, req(""), refused("INVALID_REQUEST"), 0, { en: "an empty transactional id", ko: "빈 트랜잭션 ID" }),
        init(undefined, req("app", 0), refused("INVALID_TRANSACTION_TIMEOUT"), 0, { en: "transaction.timeout.ms must be positive", ko: "transaction.timeout.ms는 양수여야 합니다" }),
        init({ producerId: 7, epoch: 1, state: "Ongoing" }, req("app", 900_001), refused("INVALID_TRANSACTION_TIMEOUT"), 0, { en: "above transaction.max.timeout.ms (900000): nothing is bumped or aborted", ko: "transaction.max.timeout.ms(900000)보다 큽니다. 에포크를 올리지도, 중단하지도 않습니다" }),
        init(undefined, req("app", 900_000), ok(100, 0), 1, { en: "900000 ms itself is allowed", ko: "900000 ms 자체는 됩니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "checkEpoch: the current producer id and epoch pass", ko: "checkEpoch: 현재 프로듀서 ID와 에포크는 통과합니다" }, points: 1,
      hint: { en: "A request with the stored producerId and the stored epoch is from the instance that owns the transactional id: answer NONE.", ko: "저장된 producerId와 저장된 에포크를 가진 요청은 그 트랜잭션 ID를 가진 인스턴스가 보낸 것입니다. NONE을 답하세요." },
      checks: [
        check({ producerId: 7, epoch: 3, state: "Ongoing" }, 7, 3, "NONE", { en: "the current instance, in a transaction", ko: "현재 인스턴스, 트랜잭션 중" }),
        check({ producerId: 7, epoch: 0, state: "Empty" }, 7, 0, "NONE", { en: "the current instance, before its first transaction", ko: "현재 인스턴스, 첫 트랜잭션 전" }),
        check({ producerId: 7, epoch: 3, state: "CompleteCommit" }, 7, 3, "NONE", { en: "between two transactions", ko: "두 트랜잭션 사이" }),
      ],
    }),
    callTest({
      stem, name: { en: "checkEpoch: an unknown id or another producer id is INVALID_PRODUCER_ID_MAPPING", ko: "checkEpoch: 모르는 ID나 다른 프로듀서 ID는 INVALID_PRODUCER_ID_MAPPING입니다" }, points: 1,
      hint: { en: "Compare the producer id first: if the coordinator has nothing for the transactional id, or stores a different PID, the request is INVALID_PRODUCER_ID_MAPPING.", ko: "프로듀서 ID를 먼저 비교하세요. 코디네이터에 그 트랜잭션 ID의 정보가 없거나 다른 PID가 저장되어 있으면 INVALID_PRODUCER_ID_MAPPING입니다." },
      checks: [
        check(undefined, 7, 0, "INVALID_PRODUCER_ID_MAPPING", { en: "the coordinator has no state for this transactional id", ko: "코디네이터에 이 트랜잭션 ID의 상태가 없습니다" }),
        check({ producerId: 7, epoch: 3, state: "Ongoing" }, 8, 3, "INVALID_PRODUCER_ID_MAPPING", { en: "PID 8 does not own this transactional id", ko: "PID 8은 이 트랜잭션 ID의 주인이 아닙니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "checkEpoch: an older epoch is a zombie, PRODUCER_FENCED", ko: "checkEpoch: 더 오래된 에포크는 좀비이고 PRODUCER_FENCED입니다" }, points: 2,
      hint: { en: "A request with an epoch below the stored one comes from an instance that has been replaced (a newer InitProducerId bumped the epoch). Kafka fences it: PRODUCER_FENCED.", ko: "저장된 것보다 낮은 에포크의 요청은 교체된 인스턴스가 보낸 것입니다 (더 새로운 InitProducerId가 에포크를 올렸습니다). Kafka는 이를 펜싱합니다: PRODUCER_FENCED." },
      checks: [
        check({ producerId: 7, epoch: 1, state: "Ongoing" }, 7, 0, "PRODUCER_FENCED", { en: "epoch 0 < 1: the old instance", ko: "에포크 0 < 1: 옛 인스턴스" }),
        check({ producerId: 7, epoch: 9, state: "Empty" }, 7, 3, "PRODUCER_FENCED", { en: "several restarts ago", ko: "몇 번의 재시작 전" }),
        check({ producerId: 7, epoch: 32767, state: "CompleteAbort" }, 7, 32766, "PRODUCER_FENCED", { en: "one epoch behind", ko: "에포크 하나 뒤처짐" }),
      ],
    }),
    callTest({
      stem, name: { en: "checkEpoch: a newer epoch than the coordinator's is PRODUCER_FENCED too", ko: "checkEpoch: 코디네이터보다 새로운 에포크도 PRODUCER_FENCED입니다" }, points: 1,
      hint: { en: "An epoch above the stored one was never handed out by this coordinator. Kafka 4.x answers any epoch other than the stored one with PRODUCER_FENCED, newer or older.", ko: "저장된 것보다 높은 에포크는 이 코디네이터가 나눠 준 적이 없습니다. Kafka 4.x는 저장된 에포크가 아니면 더 새롭든 오래되었든 PRODUCER_FENCED로 답합니다." },
      checks: [
        check({ producerId: 7, epoch: 1, state: "Ongoing" }, 7, 2, "PRODUCER_FENCED", { en: "epoch 2 > 1", ko: "에포크 2 > 1" }),
        check({ producerId: 7, epoch: 0, state: "Empty" }, 7, 32767, "PRODUCER_FENCED", { en: "epoch 32767 > 0", ko: "에포크 32767 > 0" }),
      ],
    }),
    callTest({
      stem, name: { en: "checkEpoch: the producer id is compared before the epoch", ko: "checkEpoch: 프로듀서 ID를 에포크보다 먼저 비교합니다" }, points: 1,
      hint: { en: "Order matters: a different PID is INVALID_PRODUCER_ID_MAPPING whatever its epoch is.", ko: "순서가 중요합니다. PID가 다르면 에포크가 무엇이든 INVALID_PRODUCER_ID_MAPPING입니다." },
      checks: [
        check({ producerId: 100, epoch: 0, state: "Ongoing" }, 7, 32767, "INVALID_PRODUCER_ID_MAPPING", { en: "the old PID after the epoch ran out: the PID differs, so the epoch is not looked at", ko: "에포크가 바닥난 뒤의 옛 PID입니다. PID가 다르므로 에포크는 보지 않습니다" }),
        check({ producerId: 7, epoch: 5, state: "Ongoing" }, 8, 2, "INVALID_PRODUCER_ID_MAPPING", { en: "another PID with an older epoch is not 'fenced'", ko: "더 오래된 에포크를 가진 다른 PID는 '펜싱'이 아닙니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "checkEpoch: a transaction being completed is CONCURRENT_TRANSACTIONS, after the fencing checks", ko: "checkEpoch: 마무리 중인 트랜잭션은 펜싱 검사 다음에 CONCURRENT_TRANSACTIONS입니다" }, points: 1,
      hint: { en: "While markers are written (PrepareCommit, PrepareAbort) the current instance must wait (CONCURRENT_TRANSACTIONS); a zombie is still told it is fenced.", ko: "표식을 쓰는 동안(PrepareCommit, PrepareAbort) 현재 인스턴스는 기다려야 합니다(CONCURRENT_TRANSACTIONS). 좀비에게는 여전히 펜싱되었다고 답합니다." },
      checks: [
        check({ producerId: 7, epoch: 2, state: "PrepareCommit" }, 7, 2, "CONCURRENT_TRANSACTIONS", { en: "commit markers are being written", ko: "커밋 표식을 쓰는 중입니다" }),
        check({ producerId: 7, epoch: 2, state: "PrepareAbort" }, 7, 2, "CONCURRENT_TRANSACTIONS", { en: "abort markers are being written", ko: "중단 표식을 쓰는 중입니다" }),
        check({ producerId: 7, epoch: 2, state: "PrepareAbort" }, 7, 1, "PRODUCER_FENCED", { en: "the zombie check comes first", ko: "좀비 검사가 먼저입니다" }),
      ],
    }),
    scriptTest<{ m: LearnerExports; stored: IdState | undefined; nextPid: number }>({
      stem, name: { en: "a crash, a restart and a zombie: the old instance is fenced, the new one goes on", ko: "크래시, 재시작, 좀비: 옛 인스턴스는 펜싱되고 새 인스턴스는 계속합니다" }, points: 2,
      hint: { en: "Feed initProducerId's answer back in as the stored state (with the state the transaction reached), then check both instances' (producerId, epoch).", ko: "initProducerId의 답을 (트랜잭션이 도달한 상태와 함께) 저장된 상태로 다시 넣으세요. 그다음 두 인스턴스의 (producerId, epoch)를 검사합니다." },
      setup: (m) => ({ m, stored: undefined, nextPid: 40 }),
      get setupSent() {
        return tr({
        en: "let stored;  // what the coordinator keeps for \"app\"; allocate returns 40, 41, …",
        ko: "let stored;  // 코디네이터가 \"app\"에 대해 보관하는 것. allocate는 40, 41, …을 돌려줍니다",
        });
      },
      checks: [
        {
          get sent() {
            return tr({
            en: "a = initProducerId(stored, { transactionalId: \"app\", transactionTimeoutMs: 60000 }, allocate); stored = { ...a, state: \"Ongoing\" }  // instance A starts a transaction",
            ko: "a = initProducerId(stored, { transactionalId: \"app\", transactionTimeoutMs: 60000 }, allocate); stored = { ...a, state: \"Ongoing\" }  // 인스턴스 A가 트랜잭션을 시작합니다",
            });
          },
          call: (c) => {
            const allocate = counter(c.nextPid);
            const a = initFn(c.m)(c.stored, req(), allocate) as { producerId: number; epoch: number };
            c.nextPid += allocate.calls();
            c.stored = { producerId: a.producerId, epoch: a.epoch, state: "Ongoing" };
            return a;
          },
          expect: ok(40, 0),
          why: { en: "A is the first instance", ko: "A가 첫 인스턴스입니다" },
        },
        {
          get sent() {
            return tr({
            en: "b = initProducerId(stored, …)  // A hangs; instance B replaces it. Then: stored = { producerId: 40, epoch: 1, state: \"CompleteAbort\" }  (the fencing abort)",
            ko: "b = initProducerId(stored, …)  // A가 멈추고 인스턴스 B가 대신합니다. 그다음: stored = { producerId: 40, epoch: 1, state: \"CompleteAbort\" }  (펜싱으로 인한 중단)",
            });
          },
          call: (c) => {
            const allocate = counter(c.nextPid);
            const b = initFn(c.m)(c.stored, req(), allocate);
            c.nextPid += allocate.calls();
            c.stored = { producerId: 40, epoch: 1, state: "CompleteAbort" };
            return b;
          },
          expect: fencing(),
          why: { en: "B's first try fences A: A's open transaction is aborted with epoch 1, and B is told to retry", ko: "B의 첫 시도가 A를 펜싱합니다. A의 열린 트랜잭션은 에포크 1로 중단되고, B에는 재시도하라고 답합니다" },
        },
        {
          get sent() {
            return tr({
            en: "b = initProducerId(stored, …); stored = { ...b, state: \"Empty\" }  // B retries",
            ko: "b = initProducerId(stored, …); stored = { ...b, state: \"Empty\" }  // B가 재시도합니다",
            });
          },
          call: (c) => {
            const allocate = counter(c.nextPid);
            const b = initFn(c.m)(c.stored, req(), allocate) as { producerId: number; epoch: number };
            c.nextPid += allocate.calls();
            c.stored = { producerId: b.producerId, epoch: b.epoch, state: "Empty" };
            return b;
          },
          expect: ok(40, 2),
          why: { en: "B keeps PID 40, now at epoch 2", ko: "B는 PID 40을 유지하고, 이제 에포크 2입니다" },
        },
        { get sent() { return tr({ en: "checkEpoch(stored, 40, 0)  // A wakes up and tries to commit", ko: "checkEpoch(stored, 40, 0)  // A가 깨어나 커밋하려 합니다" }); }, call: (c) => checkFn(c.m)(c.stored, 40, 0), expect: "PRODUCER_FENCED", why: { en: "A is a zombie", ko: "A는 좀비입니다" } },
        { get sent() { return tr({ en: "checkEpoch(stored, 40, 1)  // A again, with the fencing epoch", ko: "checkEpoch(stored, 40, 1)  // 다시 A, 펜싱에 쓴 에포크로" }); }, call: (c) => checkFn(c.m)(c.stored, 40, 1), expect: "PRODUCER_FENCED", why: { en: "epoch 1 was the coordinator's, never A's", ko: "에포크 1은 코디네이터의 것이었고 A의 것이었던 적이 없습니다" } },
        { get sent() { return tr({ en: "checkEpoch(stored, 40, 2)  // B sends its first request", ko: "checkEpoch(stored, 40, 2)  // B가 첫 요청을 보냅니다" }); }, call: (c) => checkFn(c.m)(c.stored, 40, 2), expect: "NONE", why: { en: "B owns the transactional id", ko: "B가 트랜잭션 ID의 주인입니다" } },
      ],
    }),
    {
      name: "matches the library's coordinator on 600 random states and requests",
      nameKo: "무작위 상태와 요청 600개에서 라이브러리의 코디네이터와 일치합니다",
      points: 2,
      run(m) {
        initFn(m);
        checkFn(m);
        const rng = new Random(20260125);
        const epochs = [0, 1, 2, 7, 100, 32765, 32766, 32767];
        // The 600 cases come from the seed alone: they go to the learner's functions in one round trip.
        type Case = { current: IdState | undefined; init?: InitRequest; pid?: number; epoch?: number };
        const cases: Case[] = [];
        for (let i = 0; i < 600; i++) {
          const current: IdState | undefined = rng.next() < 0.15 ? undefined : { producerId: rng.pick([5, 6, 7]), epoch: rng.pick(epochs), state: rng.pick(STATES) };
          if (i % 2 === 0) {
            cases.push({ current, init: req(rng.next() < 0.05 ? "" : "app", rng.pick([60_000, 60_000, 60_000, 0, -5, 1, 900_000, 900_001])) });
          } else {
            const pid = current && rng.next() < 0.8 ? current.producerId : rng.pick([5, 6, 7, 8]);
            const epoch = current && rng.next() < 0.8 ? Math.max(0, Math.min(MAX_EPOCH, current.epoch + rng.between(-2, 2))) : rng.pick(epochs);
            cases.push({ current, pid, epoch });
          }
        }
        const answers = runScript(m, cases.map((c) => (c.init
          ? { op: "call" as const, name: "initProducerId", args: [c.current ? { ...c.current } : undefined, { ...c.init }, allocator(50).allocate] }
          : { op: "call" as const, name: "checkEpoch", args: [c.current ? { ...c.current } : undefined, c.pid, c.epoch] })));
        for (let i = 0; i < cases.length; i++) {
          const { current, init: request, pid, epoch } = cases[i]!;
          const answer = answers[i]!;
          const got: unknown = answer.ok ? answer.value : answer.error;
          if (request) {
            const want = libraryInit(current, request, 50);
            if (!matchesAnswer(got, want)) {
              return {
                fraction: 0,
                output: formatFeedback({
                  sent: `initProducerId(${stateText(current)}, ${show(request)}, allocate /* ${tr({ en: "returns 50, 51, …", ko: "50, 51, …을 돌려줍니다" })} */)`,
                  got: got instanceof Error ? describeThrow(got) : show(got),
                  kafka: show(want),
                  hint: tr({
                    en: "Go through the rules in the file's header in their order: request checks, unknown id, completing transaction, open transaction (fence and abort: CONCURRENT_TRANSACTIONS), bump (or a new PID from epoch 32766).",
                    ko: "파일 머리말의 규칙을 순서대로 따라가 보세요: 요청 검사, 모르는 ID, 마무리 중인 트랜잭션, 열린 트랜잭션(펜싱과 중단: CONCURRENT_TRANSACTIONS), 에포크 올리기(또는 에포크 32766부터 새 PID).",
                  }),
                }),
              };
            }
          } else {
            const want = libraryCheck(current, pid!, epoch!);
            if (got !== want) {
              return {
                fraction: 0,
                output: formatFeedback({
                  sent: `checkEpoch(${stateText(current)}, ${pid}, ${epoch})`,
                  got: got instanceof Error ? describeThrow(got) : show(got),
                  kafka: show(want),
                  hint: tr({
                    en: "The order is: producer id (INVALID_PRODUCER_ID_MAPPING), any other epoch (PRODUCER_FENCED), completing transaction (CONCURRENT_TRANSACTIONS), else NONE.",
                    ko: "순서는 이렇습니다: 프로듀서 ID(INVALID_PRODUCER_ID_MAPPING), 다른 에포크(PRODUCER_FENCED), 마무리 중인 트랜잭션(CONCURRENT_TRANSACTIONS), 나머지는 NONE.",
                  }),
                }),
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
