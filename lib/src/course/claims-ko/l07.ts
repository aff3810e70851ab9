// Korean sentences for the claims of notebooks/07-errors-and-limits.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "\"overlaps seq 2–3\" is an error and not a duplicate": "\"overlaps seq 2–3\"은 중복이 아니라 오류입니다",
  "A retry is recognised only when it is exactly a batch the broker remembers":
    "재시도는 브로커가 기억하는 배치와 정확히 같을 때만 중복으로 알아봅니다",
  "an epoch lower than the stored one → INVALID_PRODUCER_EPOCH": "저장된 에포크보다 낮은 에포크 → INVALID_PRODUCER_EPOCH",
  "an epoch higher than the stored one → accepted only if firstSeq is 0": "저장된 에포크보다 높은 에포크 → firstSeq가 0일 때만 받아들입니다",
  "A retry of sequence 6 is recognised": "시퀀스 6의 재시도는 중복으로 알아봅니다",
  "a retry of sequence 1, which fell out of the five, is refused with OUT_OF_ORDER_SEQUENCE_NUMBER":
    "다섯 개 밖으로 밀려난 시퀀스 1의 재시도는 OUT_OF_ORDER_SEQUENCE_NUMBER로 거부됩니다",
  "seq 4 and seq 5 reach the leader first and are refused, then seq 3 lands":
    "seq 4와 seq 5가 먼저 리더에 도착해 거부되고, 그다음 seq 3이 적재됩니다",
  "the refused batches are sent again and written in order": "거부된 배치는 다시 전송되어 순서대로 기록됩니다",
  "the producer retries the refused batches": "프로듀서는 거부된 배치를 재시도합니다",
  "Nothing was lost, duplicated or reordered": "유실도, 중복도, 순서 역전도 없습니다",
  "After the epoch bump mark, the requests read epoch=1 and their sequences start again at 0":
    "에포크를 올린 뒤의 요청은 epoch=1이고, 시퀀스 번호는 다시 0부터 시작합니다",
  "the leader appends them without complaint": "리더는 이 배치들을 거부 없이 적재합니다",
  "both epochs of the same producer id": "같은 프로듀서 ID의 두 에포크가 모두 로그에 있습니다",
  "its producer-state table keeps only the new epoch's batches": "리더의 프로듀서 상태 표에는 새 에포크의 배치만 남습니다",
  "The stale batch is refused with INVALID_PRODUCER_EPOCH": "옛 에포크의 배치는 INVALID_PRODUCER_EPOCH로 거부됩니다",
  "is restarted at 40 ms": "애플리케이션은 40 ms에 프로듀서를 재시작합니다",
  "producer#2 gets PID 1": "producer#2는 PID 1을 받습니다",
  "r2 and r3 appear twice, once per producer id": "r2와 r3이 프로듀서 ID마다 한 번씩, 두 번 들어 있습니다",
  "without a restart, every run sits at 0 despite the lost responses": "재시작이 없으면 응답이 유실되어도 모든 실행이 0에 있습니다",
  "with a restart after the first write, every run duplicates": "첫 기록 뒤에 재시작하면 모든 실행에서 중복이 생깁니다",
  "the later the restart, the more": "재시작이 늦을수록 중복이 많습니다",
  "A restart at 10 ms comes before the first batch has been written: there is nothing to write twice":
    "10 ms의 재시작은 첫 배치가 기록되기 전입니다. 두 번 기록될 레코드가 없습니다",
  "lost responses, lost requests and a leader failover cost neither a duplicate nor a record":
    "응답 유실, 요청 유실, 리더 교체는 중복도 유실도 만들지 않습니다",
  "only the restart adds orange (duplicated)": "재시작만 주황(중복)을 더합니다",
  "The leader appends seq 3 at offset 0; seq 4 and seq 5 follow seq 3 and are written":
    "리더는 seq 3을 오프셋 0에 적재합니다. seq 4와 seq 5는 seq 3 뒤에 이어서 기록됩니다",
  "then refuses the late seq 0 with OUT_OF_ORDER_SEQUENCE_NUMBER (65–75 ms)":
    "그다음 리더는 늦게 온 seq 0을 OUT_OF_ORDER_SEQUENCE_NUMBER로 거부합니다(65–75 ms)",
  "the application is told that they failed (TIMEOUT, after 121 attempts)":
    "애플리케이션은 이 레코드들이 실패했다는 답을 받습니다(TIMEOUT, 121번 시도한 뒤)",
  "they are missing from the log": "이 레코드들은 로그에 없습니다",
  "It does not bump its epoch: the batches after the gap were acknowledged":
    "프로듀서는 에포크를 올리지 않습니다. 빈틈 뒤의 배치들이 확인 응답을 받았기 때문입니다",
};
