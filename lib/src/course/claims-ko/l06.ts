// Korean sentences for the claims of notebooks/06-configuration-rules.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "the producer's defaults are enable.idempotence=true, acks=all, retries=2147483647 and max.in.flight.requests.per.connection=5":
    "프로듀서의 기본값은 enable.idempotence=true, acks=all, retries=2147483647, max.in.flight.requests.per.connection=5입니다",
  "Each violation, with enable.idempotence=true set explicitly, throws a ConfigException with Kafka's message":
    "enable.idempotence=true를 직접 설정하면, 요건을 어길 때마다 Kafka의 메시지 그대로 ConfigException이 발생합니다",
  "Five is allowed":
    "5는 허용됩니다",
  "acks=1 is accepted without complaint, and the producer is no longer idempotent; the only trace is the log line":
    "acks=1은 아무 불평 없이 받아들여지고, 프로듀서는 더 이상 멱등성 프로듀서가 아닙니다. 남는 흔적은 로그 한 줄뿐입니다",
  "retries=0 with idempotence left at its default: turned off, one log line":
    "멱등성을 기본값에 맡긴 채 retries=0이면 멱등성이 꺼지고, 로그 한 줄이 남습니다",
  "One setting changed, and the producer went from exactly once to at least once":
    "설정 하나를 바꿨을 뿐인데 프로듀서가 정확히 한 번에서 최소 한 번으로 내려앉았습니다",
  "since Kafka 4.0 it throws whenever idempotence is on, explicit or not, even after acks=1 turned a defaulted idempotence off":
    "Kafka 4.0부터는 직접 설정했든 아니든 멱등성이 켜져 있으면 예외가 납니다. acks=1이 기본값으로 켜진 멱등성을 끈 뒤에도 마찬가지입니다",
  "more than 5 in flight needs enable.idempotence=false said out loud":
    "전송 중인 요청을 5개보다 많이 두려면 enable.idempotence=false를 분명히 적어야 합니다",
  "A transactional.id needs idempotence":
    "transactional.id를 쓰려면 멱등성이 필요합니다",
  "the generic validators (ConfigDef) run first, on every value":
    "일반 검증기(ConfigDef)가 모든 값을 가장 먼저 검사합니다",
  "with idempotence left at its default, only acks=all with retries and at most 5 in flight stays idempotent, every other acks or retries=0 turns it off without an error, and 6 or more in flight is refused outright":
    "멱등성을 기본값에 맡기면 acks=all에 재시도가 켜져 있고 전송 중인 요청이 5개 이하일 때만 멱등성이 유지됩니다. 다른 acks나 retries=0은 오류 없이 멱등성을 끄고, 6개 이상은 아예 거부됩니다",
  "The middle row (true) has no orange at all":
    "가운데 줄(true)에는 주황이 전혀 없습니다",
  "The bottom row (false) accepts everything — and none of it is idempotent":
    "맨 아랫줄(false)은 모든 조합을 받아들이고, 그중 어느 것도 멱등성 프로듀서가 아닙니다",
  "In every row, the only green is acks=all, retries on, and 1 to 5 in flight":
    "어느 줄에서든 초록은 acks=all, 재시도 켜짐, 전송 중인 요청 1–5개뿐입니다",
};
