// Korean sentences for the claims of notebooks/05-the-idempotent-producer.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "Partition 1 gets batches of 3, 3 and 2 records with base sequences 0, 3 and 6":
    "파티션 1은 레코드 3개, 3개, 2개짜리 배치를 받고, baseSequence는 0, 3, 6입니다",
  "partition 0 gets batches of 2 and 2 with base sequences 0 and 2":
    "파티션 0은 2개, 2개짜리 배치를 받고, baseSequence는 0과 2입니다",
  "the number goes up by one per record, separately for each partition":
    "번호는 레코드마다 1씩 늘고, 파티션마다 따로 셉니다",
  "Only the 5 newest remain":
    "가장 최근 배치 5개만 남습니다",
  "A resend of the batch 8–9 is recognised":
    "8–9 배치를 재전송하면 리더가 알아봅니다",
  "a resend of the batch 0–1, which the table has already forgotten, is not":
    "표가 이미 잊은 0–1 배치의 재전송은 알아보지 못합니다",
  "The producer got producer id 0 at epoch 0":
    "프로듀서는 에포크 0의 프로듀서 ID 0을 받았습니다",
  "r2 went out with sequence 2, the leader wrote it at offset 2, and the answer was lost":
    "r2는 시퀀스 2로 나갔고, 리더는 이를 오프셋 2에 적재했으며, 응답은 유실되었습니다",
  "Three batches of one record each: sequences 0, 1 and 2 at offsets 0, 1 and 2":
    "레코드 1개짜리 배치 3개입니다. 시퀀스 0, 1, 2가 오프셋 0, 1, 2에 있습니다",
  "The requests for r3–r6 are lost as well":
    "r3–r6의 요청도 유실됩니다",
  "30 s later the requests in flight fail, r2 and the four behind it":
    "30초 뒤 전송 중이던 요청이 실패합니다. r2와 그 뒤의 요청 4개입니다",
  "resends r2 with the same numbers: producer id 0, epoch 0, sequence 2":
    "r2를 같은 번호로 다시 보냅니다. 프로듀서 ID 0, 에포크 0, 시퀀스 2입니다",
  "The leader finds exactly that batch in its table and answers with its original offset, 2":
    "리더는 표에서 바로 그 배치를 찾아 원래 오프셋 2로 답합니다",
  "fails every request that was in flight on it as timed out too (REQUEST_TIMED_OUT)":
    "그 연결에서 전송 중이던 요청도 모두 타임아웃으로 실패합니다(REQUEST_TIMED_OUT)",
  "The orange mark is the leader recognising the resend: DUPLICATE @2":
    "주황색 표시는 리더가 재전송을 알아본 곳입니다. 표시는 중복 배치 @2입니다",
  "the resends of r3–r6 and the first send of r7 are plain appends, in order":
    "r3–r6의 재전송과 r7의 첫 전송은 평범한 적재이고, 순서대로 들어갑니다",
  "The leader's table at the end holds the last 5 batches, sequences 3 to 7, each once":
    "마지막에 리더의 표에는 최근 배치 5개, 시퀀스 3부터 7까지가 한 번씩 남습니다",
  "the leader writes r2 a second time":
    "리더는 r2를 한 번 더 적재합니다",
  "The resends of r3–r5 also land out of order":
    "r3–r5의 재전송은 순서 역전까지 일으킵니다",
  "With idempotence off, some records are written twice and some land after records sent later":
    "멱등성을 끄면 일부 레코드는 두 번 적재되고, 일부는 나중에 보낸 레코드보다 뒤에 적재됩니다",
  "With idempotence on, every record is in the log exactly once and in order":
    "멱등성을 켜면 모든 레코드가 로그에 정확히 한 번, 순서대로 있습니다",
  "With idempotence off most runs are clean":
    "멱등성을 끄면 대부분의 실행은 깨끗합니다",
  "with idempotence on, all 300 runs are at 0":
    "멱등성을 켜면 300번 실행 모두 0에 있습니다",
  "Until you have written it, the leader answers UNKNOWN_SERVER_ERROR":
    "아직 작성하지 않았다면 리더는 UNKNOWN_SERVER_ERROR로 답합니다",
};
