/**
 * 연습 문제 4/6 — sequence-validation: 멱등성 프로듀서를 위한 브로커의 중복·순서 검사.
 *
 * 멱등성 프로듀서는 배치마다 프로듀서 ID(PID), 에포크, 레코드의 시퀀스 번호(firstSeq … lastSeq)를 붙입니다.
 * 재시도는 같은 번호로 다시 보냅니다. 파티션은 PID마다 프로듀서의 에포크와 마지막으로 적재한 배치 5개를
 * 보관합니다 (Kafka: NUM_BATCHES_TO_RETAIN = 5. 그래서 전송 중인 요청은 최대 5개입니다).
 * 들어온 배치를 Kafka 4.x는 이 순서로 판정합니다:
 *
 *  1. 중복: 저장된 것과 같은 에포크이고 (firstSeq, lastSeq)가 보관 중인 배치 하나와 같음 →
 *     { kind: "duplicate", firstOffset, lastOffset }. 오프셋은 그 배치의 원래 오프셋입니다. 아무것도 적재하지 않습니다.
 *     (오류가 아닙니다. 요즘 Kafka는 중복에 성공으로 확인 응답을 보냅니다.)
 *  2. 지난 에포크: 저장된 것보다 낮은 에포크 → 에러 INVALID_PRODUCER_EPOCH.
 *  3. 새 에포크: 저장된 것보다 높은 에포크 → firstSeq가 0이어야 합니다. 아니면 OUT_OF_ORDER_SEQUENCE_NUMBER.
 *     적재하면 새 에포크가 옛 에포크를 대신하고, 옛 배치는 잊습니다.
 *  4. 같은 에포크: last = 보관 중인 가장 최근 배치의 lastSeq (없으면 -1). firstSeq == last + 1일 때만,
 *     또는 last == 2147483647이고 firstSeq == 0일 때만 적재합니다 (시퀀스 번호는 Int32 최댓값 다음에 되돌아갑니다).
 *     나머지, 즉 빈틈, 보관 중인 배치와 일부만 겹침, 더는 보관하지 않는 옛 배치는 모두
 *     OUT_OF_ORDER_SEQUENCE_NUMBER입니다.
 *  5. 이 PID의 프로듀서 상태가 없음 (`state`가 undefined: 새 프로듀서이거나 상태가 만료됨): 어떤 시퀀스 번호든 적재합니다.
 *     (Kafka ≥ 2.5. Kafka 0.11은 0을 요구했고, 1.0–2.4는 UNKNOWN_PRODUCER_ID로 답했습니다.)
 * 기대값과 비교하는 것은 firstSeq뿐입니다. 배치가 되돌아가면 lastSeq가 firstSeq보다 작을 수 있습니다.
 * (Kafka: ProducerStateManager, ProducerStateEntry, ProducerAppendInfo.)
 *
 * `ProducerStateTable`은 파티션 하나의 테이블입니다. `append(batch, firstOffset)`은 배치를 프로듀서 상태와
 * 비교해 검증합니다. 결과가 "append"이면 배치가 오프셋 firstOffset … firstOffset+count−1에 적재되었다고 기록합니다
 * (count = 레코드 수, 되돌아가는 지점을 넘어 셉니다). 가장 최근 배치 5개만 오래된 것부터 보관합니다.
 * 중복이나 오류는 아무것도 바꾸지 않습니다.
 *
 * 채점기는 여러분의 ProducerStateTable을 시뮬레이션 브로커에도 꽂아, 시드가 정해진 시나리오 수백 개를
 * 실행합니다. 유실된 응답, 재시도, 전송 중인 요청 5개, 에포크 올리기가 들어 있습니다.
 * 어떤 레코드도 중복, 순서 역전, 유실되면 안 됩니다.
 * 아래 export는 그대로 두세요 (다른 도구가 이 파일을 불러옵니다). 도우미 함수는 더해도 됩니다.
 *
 * 규칙: Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다. solutions/나 라이브러리 패키지
 * kafka-sim(라이브러리 자체의 구현이 들어 있습니다)에서 import하면 이 연습 문제는 0점입니다.
 *
 * 채점해 보기:  npm run grade -- --lang ko --only sequence-validation        (모든 연습 문제: npm run grade -- --lang ko)
 */

export type ValidationResult =
  | { kind: "append" }                                              // 배치를 적재합니다
  | { kind: "duplicate"; firstOffset: number; lastOffset: number }  // 이미 적재됨: 원래 오프셋으로 확인 응답
  | { kind: "error"; error: "OUT_OF_ORDER_SEQUENCE_NUMBER" | "INVALID_PRODUCER_EPOCH" };
export interface BatchMetadata { firstSeq: number; lastSeq: number; firstOffset: number; lastOffset: number; }
export interface ProducerState { epoch: number; batches: BatchMetadata[]; }   // 오래된 것부터, 최대 5개
export interface IncomingBatch { producerId: number; epoch: number; firstSeq: number; lastSeq: number; }

/** 프로듀서 상태(undefined = 상태 없음)를 보고 `batch`를 어떻게 할지 정합니다. `state`를 바꾸면 안 됩니다. */
export function validateBatch(state: ProducerState | undefined, batch: IncomingBatch): ValidationResult {
  void state; void batch;
  throw new Error("not implemented yet: validateBatch (exercises/ko/sequence-validation.ts)");
}

/** 파티션 하나의 프로듀서 상태들, 프로듀서 ID별. */
export class ProducerStateTable {
  /** 그 프로듀서의 상태. 이 파티션에 없으면 undefined. */
  get(producerId: number): ProducerState | undefined {
    void producerId;
    throw new Error("not implemented yet: ProducerStateTable.get (exercises/ko/sequence-validation.ts)");
  }

  /** `batch`를 검증합니다. "append"이면 오프셋 firstOffset…firstOffset+count−1에 적재되었다고 기록합니다. */
  append(batch: IncomingBatch, firstOffset: number): ValidationResult {
    void batch; void firstOffset;
    throw new Error("not implemented yet: ProducerStateTable.append (exercises/ko/sequence-validation.ts)");
  }
}
