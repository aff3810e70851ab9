// Korean sentences for the claims of notebooks/09-real-client.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "Every send() resolved — kafkajs told the application all 30 records were written":
    "send()는 모두 성공했습니다. kafkajs는 애플리케이션에 레코드 30개가 모두 쓰였다고 알렸습니다",
  "and yet a consumer reads some of them twice":
    "그런데도 컨슈머는 그중 몇 개를 두 번 읽습니다",
  "producerId is −1":
    "producerId는 −1입니다",
  "Every record once":
    "모든 레코드가 한 번씩 있습니다",
  "each batch now carries producer id 0, epoch 0 and a sequence number that goes up by one per record in this partition":
    "이제 배치마다 프로듀서 ID 0, 에포크 0, 그리고 이 파티션에서 레코드마다 1씩 오르는 시퀀스 번호가 붙습니다",
  "Without idempotence, two of the three runs read back more records than they sent":
    "멱등성이 없으면 실행 세 번 중 두 번이 보낸 것보다 많은 레코드를 다시 읽습니다",
  "With idempotent: true, the count read back equals the count sent":
    "idempotent: true이면 다시 읽은 수가 보낸 수와 같습니다",
  "Nothing is lost in either":
    "어느 쪽도 유실은 없습니다",
  "Without idempotence, kafkajs and the simulated Java producer duplicate about the same share of records — close to the 10% of responses lost":
    "멱등성이 없으면 kafkajs와 시뮬레이션 Java 프로듀서는 비슷한 비율의 레코드를 중복합니다. 유실된 응답의 비율 10%에 가깝습니다",
  "with idempotence neither duplicates anything":
    "멱등성이 있으면 둘 다 아무것도 중복하지 않습니다",
  "no bar shows a lost record":
    "유실을 보이는 막대는 없습니다",
  "Duplicates and records lost after kafkajs acknowledged them — from an idempotent producer":
    "멱등성 프로듀서인데도 중복이 생기고, kafkajs가 확인 응답한 레코드가 유실됩니다",
  "Each lost record was acknowledged with an offset that holds another record — a copy of a duplicated record":
    "유실된 레코드는 모두 다른 레코드가 든 오프셋으로 확인 응답을 받았습니다. 그 레코드는 중복된 레코드의 사본입니다",
  "each duplicated record has its copies in different partitions":
    "중복된 레코드는 사본마다 서로 다른 파티션에 있습니다",
  "One partition, so no partitioner is involved — and still records lost after kafkajs acknowledged them, and others duplicated":
    "파티션이 하나라 파티셔너는 끼어들지 않습니다. 그런데도 kafkajs가 확인 응답한 레코드가 유실되고, 다른 레코드는 중복됩니다",
  "Every lost record was acknowledged with an offset that holds a duplicated record":
    "유실된 레코드는 모두 중복된 레코드가 든 오프셋으로 확인 응답을 받았습니다",
  "Until your table works the broker answers UNKNOWN_SERVER_ERROR and kafkajs rejects the send(); once it works, the row reads 30 records delivered once":
    "표가 동작하기 전에는 브로커가 UNKNOWN_SERVER_ERROR로 답하고 kafkajs가 send()를 거부합니다. 동작하면 행에 레코드 30개가 정확히 한 번 적재됨으로 나옵니다",
  "Every response that was withheld was retried, and the log holds each of the 30 records once": "보내지 않은 응답은 모두 재시도되었고, 로그에는 레코드 30개가 하나씩 있습니다",
};
