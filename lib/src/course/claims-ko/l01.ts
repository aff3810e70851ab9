// Korean sentences for the claims of notebooks/01-idempotence-and-delivery-semantics.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "An append, done twice, leaves two copies": "적재를 두 번 하면 사본이 두 개 남습니다",
  "the leader does not write it again": "리더는 같은 꼬리표의 배치를 다시 쓰지 않습니다",
  "With acks=0 about one record in twenty is lost": "acks=0에서는 레코드 스무 개 중 하나꼴로 유실됩니다",
  "in every one of the 1,000 acks=0 runs the producer reported success for every record, losses included":
    "acks=0으로 1,000번 실행하는 동안 프로듀서는 매번 모든 레코드를 성공으로 보고했습니다. 유실된 레코드도 성공으로 보고했습니다",
  "With acks=all and retries nothing is lost, but some records are written twice and some land after records sent later":
    "acks=all에 재시도를 켜면 유실은 없습니다. 하지만 일부 레코드는 두 번 적재되고, 일부는 나중에 보낸 레코드보다 뒤에 적재됩니다",
  "With idempotence on, every record is in the log exactly once and in order": "멱등성을 켜면 모든 레코드가 로그에 정확히 한 번, 순서대로 있습니다",
  "it will not build an idempotent producer with acks=1: ConfigException": "acks=1로는 멱등성 프로듀서를 만들지 않습니다: ConfigException",
  "With nothing set, Kafka 3.0 and later give you acks=all, retries on, idempotence on":
    "아무것도 설정하지 않으면 Kafka 3.0 이후 버전은 acks=all, 재시도 켬, 멱등성 켬을 줍니다",
  "With only responses lost, acks=0 loses nothing": "응답만 유실되면 acks=0에서는 유실되는 레코드가 없습니다",
  "The at-least-once producer, which does wait, resends and duplicates": "응답을 기다리는 최소 한 번 프로듀서는 재전송하고, 중복을 만듭니다",
  "the idempotent one resends too, and the leader writes each record once": "멱등성 프로듀서도 재전송합니다. 하지만 리더는 각 레코드를 한 번만 적재합니다",
};
