// Korean sentences for the claims of notebooks/11-in-production.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "the checklist resolves to an idempotent producer, with nothing logged": "체크리스트는 멱등성 프로듀서로 해석되고, 로그에 남는 경고도 없습니다",
  "delivery.timeout.ms ≥ linger.ms + request.timeout.ms": "delivery.timeout.ms ≥ linger.ms + request.timeout.ms를 만족합니다",
  "Only the first slips through: acks=1 quietly turns a defaulted idempotence off; the others are refused at start-up":
    "첫 행만 통과합니다. acks=1이 기본값으로 켜진 멱등성을 조용히 끕니다. 나머지는 모두 시작할 때 거부됩니다",
  "every one of the 3,000 records is in the log exactly once, in order": "레코드 3,000개가 모두 로그에 정확히 한 번, 순서대로 있습니다",
  "the log holds r2 and r3 twice; the consumer skips the second copies": "로그에는 r2와 r3이 두 번씩 있습니다. 컨슈머는 두 번째 사본을 건너뜁니다",
  "A consumer that skips keys it has seen applies each event once": "본 적 있는 키를 건너뛰는 컨슈머는 각 이벤트를 한 번만 적용합니다",
  "LastSequence is the sequence of the producer's last record in the log": "LastSequence는 로그에 있는 그 프로듀서의 마지막 레코드의 시퀀스입니다",
  "the retried batch was not written twice: the sequences run 0, 1, 2, … without a repeat":
    "재시도한 배치는 두 번 적재되지 않았습니다. 시퀀스는 0, 1, 2, …로 반복 없이 이어집니다",
  "linger.ms 5, retry.backoff.max.ms 1000, enable.idempotence=true, acks=all":
    "기본값은 linger.ms 5, retry.backoff.max.ms 1000, enable.idempotence=true, acks=all입니다",
  "more than 5 in flight with idempotence left at its default throws": "멱등성을 기본값 그대로 두고 전송 중인 요청을 5개보다 많이 두면 예외가 납니다",
};
