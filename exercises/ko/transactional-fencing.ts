/**
 * 연습 문제 6 — transactional-fencing: 트랜잭션 코디네이터의 프로듀서 ID, 에포크, 펜싱.
 *
 * `transactional.id`가 있는 프로듀서는 InitProducerId로 트랜잭션 코디네이터에 프로듀서 ID(PID)를 요청합니다.
 * 처음 보는 트랜잭션 ID라면 코디네이터는 새 PID를 에포크 0으로 할당합니다. 아는 ID라면 PID는 그대로 두고
 * 에포크를 1 올립니다. 이제 새 인스턴스가 그 ID의 주인입니다. 그보다 오래된 인스턴스는 모두 펜싱됩니다.
 * 이것이 "좀비"입니다. 멈췄다가 교체된 뒤 다시 깨어난 프로세스입니다. 코디네이터는 좀비의 요청에
 * PRODUCER_FENCED로 답합니다. 이전 인스턴스가 열어 둔 트랜잭션(상태 Ongoing)은 먼저 중단합니다.
 * Kafka 4.x는 에포크 + 1로 그 인스턴스를 펜싱하고, 그 에포크로 트랜잭션을 중단한 뒤
 * CONCURRENT_TRANSACTIONS로 답합니다. 새 인스턴스는 재시도하고, 그 재시도가 에포크를 한 번 더 올립니다.
 * (Kafka: TransactionCoordinator.handleInitProducerId, prepareInitProducerIdTransit,
 * TransactionMetadata.prepareFenceProducerEpoch.)
 *
 * 아래 두 함수를 이 코스의 코디네이터(lib/src/broker/transaction-coordinator.ts)와 똑같이 구현하세요:
 *
 * initProducerId(current, request, allocateProducerId)
 *   `current`는 코디네이터가 request.transactionalId에 대해 저장한 것입니다. 처음 보는 ID라면 undefined입니다.
 *   검사는 이 순서로 합니다:
 *   1. request.transactionalId가 빈 문자열이 아닌 문자열이 아님   → 에러 "INVALID_REQUEST"
 *   2. request.transactionTimeoutMs가 1…900000 밖 (ms; 브로커의 transaction.max.timeout.ms 기본값은
 *      900000 = 15분)                                               → 에러 "INVALID_TRANSACTION_TIMEOUT"
 *   3. 모르는 ID: allocateProducerId()로 새 PID, 에포크 0          → "NONE"
 *   4. 상태 PrepareCommit 또는 PrepareAbort (표식을 쓰는 중)       → 에러 "CONCURRENT_TRANSACTIONS" (나중에 재시도)
 *   5. 상태 Ongoing (이전 인스턴스가 트랜잭션을 열어 둠): 코디네이터가 그 인스턴스를 펜싱하고
 *      (저장된 에포크가 1 올라감) 그 트랜잭션을 중단     → 에러 "CONCURRENT_TRANSACTIONS",
 *      abortOpenTransaction true (producerId와 epoch는 -1: 클라이언트가 재시도하고, 그 재시도가 6단계입니다)
 *   6. 나머지: 같은 PID, 에포크 + 1, abortOpenTransaction false   → "NONE".
 *      에포크는 Java short이고, Kafka는 마지막 값(32767)을 펜싱용으로 남겨 둡니다. 에포크가 이미 32766 이상이면
 *      (TransactionMetadata.isEpochExhausted: epoch >= Short.MAX_VALUE - 1) 올리지 않습니다.
 *      대신 코디네이터가 새 PID(allocateProducerId())를 에포크 0으로 할당합니다.
 *   에러일 때 producerId와 epoch는 -1이고 abortOpenTransaction은 false입니다 (5단계만 예외).
 *   allocateProducerId는 새 PID가 필요할 때만 호출하세요 (호출할 때마다 PID 하나를 써 버립니다).
 *
 * checkEpoch(current, producerId, epoch) — 실행 중인 트랜잭션 프로듀서의 요청마다 하는 검사
 *   (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn). 이 순서로:
 *   1. 모르는 트랜잭션 ID (current가 undefined), 또는 producerId가 저장된 PID가 아님
 *                                                                   → "INVALID_PRODUCER_ID_MAPPING"
 *   2. 저장된 것과 다른 에포크: 더 오래됨(좀비) 또는 더 새로움(나눠 준 적 없음)
 *                                                                   → "PRODUCER_FENCED" (Kafka 4.x)
 *   3. 상태 PrepareCommit 또는 PrepareAbort                         → "CONCURRENT_TRANSACTIONS"
 *   4. 나머지                                                       → "NONE" (Kafka에서 "오류 없음"을 뜻하는 이름)
 *
 * 예 (allocate = 7, 그다음 8, …을 돌려주는 함수):
 *   initProducerId(undefined, { transactionalId: "app", transactionTimeoutMs: 60000 }, allocate)
 *     → { error: "NONE", producerId: 7, epoch: 0, abortOpenTransaction: false }
 *   initProducerId({ producerId: 7, epoch: 0, state: "Ongoing" }, { transactionalId: "app", transactionTimeoutMs: 60000 }, allocate)
 *     → { error: "CONCURRENT_TRANSACTIONS", producerId: -1, epoch: -1, abortOpenTransaction: true }
 *   initProducerId({ producerId: 7, epoch: 1, state: "CompleteAbort" }, …)   // 펜싱으로 중단한 뒤의 재시도
 *     → { error: "NONE", producerId: 7, epoch: 2, abortOpenTransaction: false }
 *   checkEpoch({ producerId: 7, epoch: 1, state: "Ongoing" }, 7, 0)  → "PRODUCER_FENCED"
 *
 * 규칙: Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다. solutions/나 라이브러리 패키지
 * kafka-sim(라이브러리 자체의 구현이 들어 있습니다)에서 import하면 이 연습 문제는 0점입니다.
 *
 * 채점해 보기:  npm run grade -- --lang ko --only transactional-fencing        (모든 연습 문제: npm run grade -- --lang ko)
 */

/** 코디네이터의 트랜잭션 상태 (Kafka: TransactionState). */
export type TransactionState = "Empty" | "Ongoing" | "PrepareCommit" | "PrepareAbort" | "CompleteCommit" | "CompleteAbort";

/** 코디네이터가 트랜잭션 ID 하나에 대해 저장하는 것. */
export interface TransactionalIdState {
  producerId: number;
  epoch: number;
  state: TransactionState;
}

export interface InitProducerIdRequest {
  transactionalId: string;
  transactionTimeoutMs: number;
}

export type InitProducerIdError = "NONE" | "INVALID_REQUEST" | "INVALID_TRANSACTION_TIMEOUT" | "CONCURRENT_TRANSACTIONS";

export interface InitProducerIdResult {
  error: InitProducerIdError;
  /** 에러일 때 -1. */
  producerId: number;
  /** 에러일 때 -1. */
  epoch: number;
  /** 이전 인스턴스의 열린 트랜잭션을 (새 에포크로) 먼저 중단해야 하면 true. */
  abortOpenTransaction: boolean;
}

export type EpochCheck = "NONE" | "INVALID_PRODUCER_ID_MAPPING" | "PRODUCER_FENCED" | "CONCURRENT_TRANSACTIONS";

/** 가장 큰 프로듀서 에포크 (Java Short.MAX_VALUE). */
export const MAX_EPOCH = 32767;

function notImplemented(what: string): never {
  throw new Error(`not implemented yet: ${what} (exercises/ko/transactional-fencing.ts)`);
}

/** 트랜잭션 ID에 대한 InitProducerId에 코디네이터가 하는 답 (위의 규칙을 보세요). */
export function initProducerId(
  current: TransactionalIdState | undefined,
  request: InitProducerIdRequest,
  allocateProducerId: () => number,
): InitProducerIdResult {
  void current;
  void allocateProducerId;
  return notImplemented(`initProducerId(…, { transactionalId: ${JSON.stringify(request?.transactionalId)} }, …)`);
}

/** 실행 중인 프로듀서의 (producerId, epoch)를 코디네이터가 저장한 것과 비교하는 검사 (위의 규칙을 보세요). */
export function checkEpoch(current: TransactionalIdState | undefined, producerId: number, epoch: number): EpochCheck {
  void current;
  return notImplemented(`checkEpoch(…, ${producerId}, ${epoch})`);
}
