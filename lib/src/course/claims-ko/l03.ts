// Korean sentences for the claims of notebooks/03-at-least-once.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "the leader appends r2 at offset 2, and again at offset 3": "리더가 r2를 오프셋 2에 적재하고, 오프셋 3에 한 번 더 적재합니다",
  "at 125 ms it gives up on the connection (REQUEST_TIMED_OUT)": "125 ms에 프로듀서가 연결을 포기합니다 (REQUEST_TIMED_OUT)",
  "at 225 ms sends r2 again": "225 ms에 r2를 다시 보냅니다",
  "producerId and sequence are −1": "producerId와 sequence는 −1입니다",
  "Without idempotence, the share of duplicated records climbs with the share of lost responses":
    "멱등성이 없으면 응답 유실률이 오를수록 중복된 레코드의 비율도 오릅니다",
  "with idempotence it stays at zero": "멱등성을 켜면 중복 비율이 0에 머뭅니다",
  "Neither loses a record (the lost column is 0 everywhere)": "어느 쪽도 레코드를 잃지 않습니다 (lost 열이 모두 0)",
  "at 30% of responses lost, 41% of the records are duplicated": "응답을 30% 잃으면 레코드의 41%가 중복됩니다",
  "The red label at 55 ms is the leader refusing r4…r5": "55 ms의 빨간 라벨은 리더가 r4…r5를 거부하는 장면입니다",
  "the producer hears of it at 65 ms": "프로듀서는 65 ms에 거부를 전해 듣습니다",
  "By then every later batch, up to r10…r11, has already left the producer": "그때는 r10…r11까지 뒤의 배치가 모두 프로듀서를 떠난 뒤입니다",
  "r4…r5 is appended at offset 10": "r4…r5는 오프셋 10에 적재됩니다",
  "r4…r5 arrived at 31 ms": "r4…r5는 31 ms에 도착했습니다",
  "Offsets 4–11 hold records sent 6, 7, 8, 9, 10, 11, 4, 5": "오프셋 4–11에는 보낸 순번이 6, 7, 8, 9, 10, 11, 4, 5인 레코드가 있습니다",
  "A refused batch is resent before anything after it has left, so it keeps its place":
    "거부된 배치는 뒤의 배치가 떠나기 전에 재전송되어 제자리를 지킵니다",
  "1,240 ms against 640 ms with batch.size=1024": "batch.size=1024에서 1,240 ms 대 640 ms입니다",
  "With one request in flight the 2,000 records take about twice as long as with two or more":
    "전송 중인 요청이 하나면 레코드 2,000개에 둘 이상일 때의 약 두 배 시간이 걸립니다",
  "Bigger batches shrink the cost": "배치를 키우면 비용이 줄어듭니다",
  "Beyond two in flight nothing is gained here": "여기서는 전송 중인 요청을 둘보다 늘려도 얻는 것이 없습니다",
  "Same duplicate": "중복은 그대로입니다",
  "No duplicate": "중복이 없습니다",
  "No reordering, with 5 requests in flight": "전송 중인 요청이 5개인데도 순서 역전이 없습니다",
};
