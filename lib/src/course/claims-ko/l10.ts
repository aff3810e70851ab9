// Korean sentences for the claims of notebooks/10-transactions.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "Every restart that happens while records are in flight leaves duplicates (all 300 runs)":
    "레코드가 전송 중일 때 일어난 재시작은 모두 중복을 남깁니다 (300번 실행 모두)",
  "with idempotence only, every run writes 9 to 18 records twice":
    "멱등성만 쓰면 모든 실행이 레코드 9~18개를 두 번 씁니다",
  "with transactions, all 300 runs sit at 0":
    "트랜잭션을 쓰면 300번 실행 모두 중복이 0개입니다",
  "Every record of every transactional run is read exactly once; 12,000 records, 0 duplicates":
    "트랜잭션을 쓴 모든 실행에서 모든 레코드를 정확히 한 번 읽습니다. 레코드 12,000개, 중복 0개입니다",
  "A writes r0…r9 at offsets 0–9; B writes r0…r9 again at offsets 11–20":
    "A는 r0…r9를 오프셋 0–9에 쓰고, B는 r0…r9를 오프셋 11–20에 다시 씁니다",
  "the RESTART mark at 37 ms":
    "‘프로듀서 재시작’ 표시는 37 ms에 있습니다",
  "producer#2 (instance B) gets its PID at 157 ms":
    "producer#2(인스턴스 B)는 157 ms에 PID를 받습니다",
  "append @10 (42 ms) and append @21 (197 ms) are markers: the abort of A's transaction and the commit of B's":
    "적재 @10(42 ms)과 적재 @21(197 ms)은 표식입니다. A의 트랜잭션을 중단하는 표식과 B의 트랜잭션을 커밋하는 표식입니다",
  "A read_committed consumer reads r0…r9 once":
    "read_committed 컨슈머는 r0…r9를 한 번만 읽습니다",
  "55 ms: A, the zombie, tries to go on with epoch 0. The coordinator answers PRODUCER_FENCED":
    "55 ms: 좀비 A가 에포크 0으로 계속하려 합니다. 코디네이터는 PRODUCER_FENCED로 답합니다",
  "42 ms: the coordinator finds A's transaction still Ongoing, bumps the epoch to 1, and aborts it":
    "42 ms: 코디네이터는 A의 트랜잭션이 아직 Ongoing인 것을 보고, 에포크를 1로 올려 그 트랜잭션을 중단합니다",
  "A's producer goes to a fatal state (PRODUCER_FENCED)":
    "A의 프로듀서는 치명적 상태가 됩니다 (PRODUCER_FENCED)",
  "B gets the same PID and a higher epoch":
    "B는 같은 PID와 더 높은 에포크를 받습니다",
  "B ends at epoch 5: epoch 2 from InitProducerId, then one more for each of its three transactions":
    "B는 에포크 5로 끝납니다. InitProducerId에서 에포크 2를 받고, 트랜잭션 세 개마다 하나씩 올라갔습니다",
  "The orange line (read_uncommitted) ends 10 records higher":
    "주황색 선(read_uncommitted)은 10개 더 많은 레코드에서 끝납니다",
  "The blue line (read_committed) ends at exactly the 30 input records":
    "파란색 선(read_committed)은 정확히 입력 레코드 30개에서 끝납니다",
  "The blue line climbs in steps of 10":
    "파란색 선은 10개씩 계단으로 올라갑니다",
  "the abort comes at the first check after the timeout (checks every 10 s)":
    "중단은 타임아웃이 지난 뒤 첫 검사에서 일어납니다 (검사는 10초마다)",
  "The late commit is answered PRODUCER_FENCED":
    "늦게 보낸 커밋은 PRODUCER_FENCED 응답을 받습니다",
  "The record stays in the log for read_uncommitted readers":
    "레코드는 로그에 남아 read_uncommitted 컨슈머에게 보입니다",
};
