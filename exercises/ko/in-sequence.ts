/**
 * 연습 문제 1/6 — in-sequence: 되돌아가는 시퀀스 번호.
 *
 * Kafka 프로듀서는 파티션에 보내는 레코드에 0, 1, 2, … 번호를 매깁니다. 이것이 시퀀스 번호입니다.
 * `firstSeq`에서 시작하는 레코드 n개짜리 배치는 firstSeq … firstSeq+n−1을 차지합니다.
 * 시퀀스 번호는 Java int입니다. 2147483647(Int32 최댓값) 다음 번호는 0입니다.
 * 그래서 배치가 최댓값 근처에서 시작해 0 근처에서 끝날 수 있습니다. 이때 lastSeq는 firstSeq보다 작습니다.
 * 브로커는 그 프로듀서의 마지막 배치 바로 다음에서 시작하는 배치만 적재합니다
 * (Kafka: ProducerAppendInfo.inSequence, DefaultRecordBatch.incrementSequence).
 *
 * 아래 네 함수를 구현하세요. 예:
 *   nextSequence(41) === 42            nextSequence(2147483647) === 0
 *   lastSequence(10, 5) === 14         lastSequence(2147483646, 4) === 1
 *   recordCount(10, 14) === 5          recordCount(2147483646, 1) === 4
 *   inSequence(14, 15) === true        inSequence(2147483647, 0) === true     inSequence(-1, 0) === true
 *
 * 규칙: Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다. solutions/나 라이브러리 패키지
 * kafka-sim(라이브러리 자체의 구현이 들어 있습니다)에서 import하면 이 연습 문제는 0점입니다.
 *
 * 채점해 보기:  npm run grade -- --lang ko --only in-sequence        (모든 연습 문제: npm run grade -- --lang ko)
 */

/** 시퀀스 번호는 Java int입니다. 2147483647 다음은 0입니다. */
export const INT32_MAX = 2147483647;

function notImplemented(what: string): never {
  throw new Error(`not implemented yet: ${what} (exercises/ko/in-sequence.ts)`);
}

/** `seq` 다음 시퀀스 번호 (INT32_MAX 다음은 0). */
export function nextSequence(seq: number): number {
  return notImplemented(`nextSequence(${seq})`);
}

/** `firstSeq`에서 시작하는 레코드 `recordCount`개(1 이상)짜리 배치의 마지막 시퀀스 번호. INT32_MAX 다음에 되돌아갑니다. */
export function lastSequence(firstSeq: number, recordCount: number): number {
  return notImplemented(`lastSequence(${firstSeq}, ${recordCount})`);
}

/** `firstSeq`부터 `lastSeq`까지(양 끝 포함, 되돌아갈 수 있음) 배치에 든 레코드 수. */
export function recordCount(firstSeq: number, lastSeq: number): number {
  return notImplemented(`recordCount(${firstSeq}, ${lastSeq})`);
}

/**
 * `nextSeq`에서 시작하는 배치가 `lastSeq`에서 끝난 배치 바로 다음입니까?
 * 아직 적재한 것이 없으면 `lastSeq`는 -1입니다 (그때는 0만 다음 번호입니다).
 */
export function inSequence(lastSeq: number, nextSeq: number): boolean {
  return notImplemented(`inSequence(${lastSeq}, ${nextSeq})`);
}
