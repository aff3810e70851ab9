/**
 * 연습 문제 5/6 — producer-sequences: 재시도와 에포크 올리기를 거치는 멱등성의 프로듀서 쪽.
 *
 * 멱등성 프로듀서는 파티션마다 배치에 번호를 매깁니다 (Kafka: TransactionManager의 파티션별 항목):
 *  - send: 레코드 n개짜리 새 배치는 firstSeq = nextSequence, lastSeq = firstSeq + n − 1을 받습니다
 *    (2147483647 다음에 0으로 되돌아갑니다). nextSequence는 그 뒤로 넘어갑니다.
 *    시퀀스 번호는 send() 호출마다가 아니라 배치의 레코드마다 매깁니다.
 *  - resend: 재시도(유실된 응답, 재시도할 수 있는 오류)는 정확히 같은 에포크와 시퀀스 번호로 나갑니다.
 *    그래야 브로커가 중복으로 알아봅니다.
 *  - acknowledge: 브로커가 성공으로 답했습니다 (적재됨, 또는 중복). 배치는 더는 전송 중이 아닙니다.
 *    lastAckedSequence는 그 배치의 lastSeq가 됩니다. 단, 나중에 보낸 배치가 이미 확인 응답을 받았다면
 *    그대로 둡니다 (재시도에 대한 응답은 늦게 올 수 있습니다). lastAckedSequence는 뒤로 가지 않습니다.
 *    아무것도 확인 응답을 받기 전에는 -1입니다.
 *  - onOutOfOrderSequence: 브로커가 OUT_OF_ORDER_SEQUENCE_NUMBER로 답했습니다. 그 배치가 마지막으로 확인 응답을
 *    받은 시퀀스 번호 바로 다음 배치라면(firstSeq == lastAckedSequence + 1, 되돌아감 포함), 브로커가 절대 채우지
 *    못할 진짜 빈틈입니다. "bump-epoch"로 답하세요. 아니면 앞 배치의 결과가 아직 나지 않았고, 그 때문에 이 배치가
 *    거부된 것입니다. "retry"로 답하세요 (Kafka: TransactionManager.canRetry).
 *  - bumpEpoch (KIP-360; Java 멱등성 프로듀서는 이것을 자기 안에서 합니다): 에포크 + 1. 아직 전송 중인 배치는
 *    처음 보낸 순서대로 0부터 빈틈없이 번호를 다시 받습니다. nextSequence는 그 뒤를 잇습니다.
 *    lastAckedSequence는 다시 -1입니다 (Kafka: TransactionManager.startSequencesAtBeginning).
 *    그런 배치를 다음에 재전송하면 새 에포크와 새 시퀀스 번호로 나갑니다.
 * 이미 전송 중인 id의 send(), 전송 중이 아닌 id의 resend/acknowledge/onOutOfOrderSequence,
 * 양의 정수가 아닌 recordCount에는 Error를 던지세요.
 *
 * 예: const p = new PartitionSequences(7);           // 프로듀서 ID 7, 에포크 0, nextSequence 0
 *   p.send("a", 3) → { producerId: 7, epoch: 0, firstSeq: 0, lastSeq: 2 }
 *   p.send("b", 2) → { producerId: 7, epoch: 0, firstSeq: 3, lastSeq: 4 }
 *   p.resend("a")  → { producerId: 7, epoch: 0, firstSeq: 0, lastSeq: 2 }
 *   p.acknowledge("a"); p.lastAckedSequence() → 2;  p.onOutOfOrderSequence("b") → "bump-epoch"
 *   p.bumpEpoch();  p.resend("b") → { producerId: 7, epoch: 1, firstSeq: 0, lastSeq: 1 };  p.nextSequence() → 2
 *
 * 규칙: Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다. solutions/나 라이브러리 패키지
 * kafka-sim(라이브러리 자체의 구현이 들어 있습니다)에서 import하면 이 연습 문제는 0점입니다.
 *
 * 채점해 보기:  npm run grade -- --lang ko --only producer-sequences        (모든 연습 문제: npm run grade -- --lang ko)
 */

export const INT32_MAX = 2147483647;

/** 배치 헤더에 실려 네트워크로 나가는 것. */
export interface BatchHeader { producerId: number; epoch: number; firstSeq: number; lastSeq: number; }

function notImplemented(what: string): never {
  throw new Error(`not implemented yet: PartitionSequences.${what} (exercises/ko/producer-sequences.ts)`);
}

/** 프로듀서 하나의, 파티션 하나에 대한 시퀀스 번호. */
export class PartitionSequences {
  /**
   * @param producerId   브로커가 이 프로듀서에 준 프로듀서 ID(PID)
   * @param epoch        에포크 (기본값 0)
   * @param nextSequence 번호를 매기기 시작할 곳 (기본값 0; 테스트는 되돌아가는 지점 근처에서 시작할 때 씁니다).
   *                     그 앞은 모두 확인 응답을 받은 것으로 칩니다: lastAckedSequence는 nextSequence − 1에서
   *                     시작합니다 (0이면 −1).
   */
  constructor(producerId: number, epoch = 0, nextSequence = 0) {
    void producerId; void epoch; void nextSequence;
  }

  /** 레코드 `recordCount`개짜리 새 배치가 처음 나갑니다. 그 헤더를 돌려줍니다. */
  send(batchId: string, recordCount: number): BatchHeader {
    void batchId; void recordCount;
    return notImplemented("send");
  }

  /** 배치 `batchId`를 다시 보낼 때의 헤더. */
  resend(batchId: string): BatchHeader {
    void batchId;
    return notImplemented("resend");
  }

  /** 브로커가 배치 `batchId`에 확인 응답을 보냈습니다 (적재됨, 또는 중복으로 알아봄). */
  acknowledge(batchId: string): void {
    void batchId;
    notImplemented("acknowledge");
  }

  /** 브로커가 배치 `batchId`에 OUT_OF_ORDER_SEQUENCE_NUMBER로 답했습니다. 프로듀서는 무엇을 합니까? */
  onOutOfOrderSequence(batchId: string): "retry" | "bump-epoch" {
    void batchId;
    return notImplemented("onOutOfOrderSequence");
  }

  /** 에포크를 올리고, 전송 중인 배치에 0부터 번호를 다시 매깁니다. */
  bumpEpoch(): void {
    notImplemented("bumpEpoch");
  }

  /** 지금 에포크. */
  epoch(): number {
    return notImplemented("epoch");
  }

  /** 다음 새 배치가 받을 firstSeq. */
  nextSequence(): number {
    return notImplemented("nextSequence");
  }

  /** 이 에포크에서 확인 응답을 받은 배치 중 가장 나중에 보낸 배치의 lastSeq. 없으면 −1. */
  lastAckedSequence(): number {
    return notImplemented("lastAckedSequence");
  }

  /** 보냈지만 아직 확인 응답을 받지 않은 배치의 id, 처음 보낸 순서대로. */
  inFlight(): string[] {
    return notImplemented("inFlight");
  }
}
