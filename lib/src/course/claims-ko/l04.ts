// Korean sentences for the claims of notebooks/04-acks-and-replication.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "the leader appends r0, the followers copy it, the high watermark moves, and only then does the producer count it as acknowledged":
    "리더가 r0을 적재하고, 팔로워가 복사하고, 하이 워터마크가 올라간 뒤에야 프로듀서가 확인 응답을 받았다고 셉니다",
  "brokers 1 and 2 copy it": "브로커 1과 2가 r0을 복사합니다",
  "The leader's log ends at offset 1; the followers have nothing yet": "리더의 로그는 오프셋 1에서 끝나고, 팔로워에는 아직 아무것도 없습니다",
  "the high watermark is still 0": "하이 워터마크는 아직 0입니다",
  "Broker 0 appends r5 at offset 5 and crashes in the same millisecond": "브로커 0이 r5를 오프셋 5에 적재하고 같은 밀리초에 크래시합니다",
  "the producer counts r5 as acknowledged": "프로듀서는 r5가 확인 응답을 받았다고 셉니다",
  "Broker 0 (offline) holds 6 records; brokers 1 and 2 hold 5": "브로커 0(오프라인)에는 레코드가 6개, 브로커 1과 2에는 5개 있습니다",
  "The high watermark never passed offset 5": "하이 워터마크는 한 번도 오프셋 5를 넘지 않았습니다",
  "broker 0 truncates to offset 5, dropping r5": "브로커 0이 로그를 오프셋 5까지 잘라 내며 r5를 버립니다",
  "Offset 5 on broker 0 is now r7 (written by the new leader, leader epoch 1)":
    "이제 브로커 0의 오프셋 5는 r7입니다 (새 리더가 리더 에포크 1에서 씀)",
  "r5 is nowhere": "r5는 어디에도 없습니다",
  "r5 was acknowledged and is lost": "r5는 확인 응답을 받았는데 유실됐습니다",
  "r6 landing after r7": "r6이 r7 뒤에 적재됐습니다",
  "broker 0 comes back, drops to 5 (truncation) and climbs to 7 by copying the new leader":
    "브로커 0이 돌아와 5로 떨어지고(잘라 내기), 새 리더를 복사하며 7까지 올라갑니다",
  "The leader appends r5 and crashes without answering": "리더가 r5를 적재하고 응답하지 않은 채 크래시합니다",
  "Every acknowledged record is in the log, once and in order": "확인 응답을 받은 레코드가 모두 로그에 한 번씩, 순서대로 있습니다",
  "The producer resends r5 to broker 1 once broker 1 leads (ack r5 a little after 1 s)":
    "브로커 1이 리더가 되자 프로듀서가 r5를 브로커 1로 재전송합니다 (✓ r5는 1초를 조금 넘긴 시점)",
  "acks=0 loses every record sent between the crash and the election; acks=1 loses the few records the leader had acknowledged but not yet passed on":
    "acks=0은 크래시부터 리더 선출까지 보낸 레코드를 모두 잃고, acks=1은 리더가 확인 응답했지만 아직 넘기지 못한 몇 개를 잃습니다",
  "acks=all loses none": "acks=all은 하나도 잃지 않습니다",
  "The simulation refuses it as a producer setting": "시뮬레이션은 이 값을 프로듀서 설정으로 주면 거부합니다",
  "At 1 s, broker 2 is offline but still in the ISR": "1초 시점에 브로커 2는 오프라인이지만 아직 ISR에 있습니다",
  "it has written r0 (and broker 1 has copied it), but the high watermark is 0":
    "리더는 r0을 적재했고 브로커 1도 복사했지만, 하이 워터마크는 0입니다",
  "nothing has been acknowledged": "확인 응답을 받은 레코드가 하나도 없습니다",
  "with one broker down, every record is acknowledged and nothing is lost": "브로커 하나가 죽어도 모든 레코드가 확인 응답을 받고, 유실은 없습니다",
  "every acks=all write is refused (NOT_ENOUGH_REPLICAS)": "acks=all 쓰기가 모두 거부됩니다 (NOT_ENOUGH_REPLICAS)",
  "then fails the sends: the application is told (TIMEOUT)": "그다음 전송을 실패로 끝내고, 애플리케이션이 이를 전달받습니다 (TIMEOUT)",
  "The first record reached the leader's log before the followers left the ISR": "첫 레코드는 팔로워들이 ISR에서 빠지기 전에 리더의 로그에 도달했습니다",
  "a consumer reads the committed records, and only those": "컨슈머는 커밋된 레코드만 읽습니다",
  "r0 stays uncommitted, and no consumer reads a record whose send() failed":
    "r0은 커밋되지 않은 채 남고, send()가 실패한 레코드를 읽는 컨슈머는 없습니다",
  "the median is about 37 ms for acks=all against about 6 ms for acks=1": "지연 시간 중앙값은 acks=all이 약 37 ms, acks=1이 약 6 ms입니다",
  "acks=0 counts a record as sent at once": "acks=0은 레코드를 곧바로 전송됐다고 셉니다",
};
