// Korean sentences for the claims of notebooks/02-at-most-once.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "Every record is assumed": "모든 레코드가 assumed(보낸 것으로 간주됨)입니다",
  "r2 has no copy in the log: it is lost after the producer counted it as sent":
    "r2는 로그에 사본이 없습니다. 프로듀서가 보낸 것으로 센 뒤에 유실되었습니다",
  "r3 takes offset 2, the offset r2 would have had": "r3은 오프셋 2를 받습니다. 원래 r2가 받았을 오프셋입니다",
  "Nothing on the producer's side failed, timed out or retried": "프로듀서 쪽에서는 실패도, 타임아웃도, 재시도도 없었습니다",
  "With acks=0 the share of records lost follows the share of requests lost":
    "acks=0에서는 유실된 레코드의 비율이 유실된 요청의 비율을 따라갑니다",
  "The default producer loses none at any rate": "기본 프로듀서는 어느 비율에서도 레코드를 하나도 잃지 않습니다",
  "With acks=0, none (no run where the producer saw a failure), at any drop rate":
    "acks=0에서는 어느 유실 비율에서도 프로듀서가 실패를 알린 실행이 0번입니다",
  "acks=0 reports success after linger.ms (5 ms)": "acks=0은 linger.ms(5ms) 뒤에 성공을 보고합니다",
  "acks=1 waits one round trip (about 20 ms here)": "acks=1은 왕복 한 번을 기다립니다(여기서는 20ms쯤)",
  "acks=all waits longer still (a median near 87 ms)": "acks=all은 더 오래 기다립니다(중앙값 87ms 근처)",
  "Nothing is lost now": "이제는 유실되는 레코드가 없습니다",
  "r2's success took just over 30 seconds (30,107 ms)": "r2가 성공하기까지 30초 남짓(30,107ms)이 걸렸습니다",
  "some records were reordered": "일부 레코드는 순서 역전되었습니다",
  "the five records that failed together are written in reverse order: r6 first, r2 last":
    "함께 실패한 레코드 다섯 개는 거꾸로 적재되었습니다. r6이 먼저, r2가 마지막입니다",
};
