/**
 * The notes a run's trace carries ("planned: lose the next produce response", "broker 1 leads (epoch 1): broker 0
 * fenced"), as the reader's language writes them.
 *
 * The trace is a run's history: it is the same in every language (golden fingerprints hash it, and the figures
 * read it: "broker (\d+) leads"). So the notes are written in English where they happen, and translated here when a
 * timeline or a LiveScenario shows them. A note this table does not know is shown as it is.
 * The Korean words are those of notebooks/ko/용어.md; error codes, config keys and Kafka API names stay English.
 */
import { currentLang, fill } from "../kernel/locale.js";

type Rule = [RegExp, string | ((m: RegExpExecArray) => string)];

/** Notes made of a reason after a prefix translate the reason too (`ISR [0,1]: broker 2 fenced`). */
const RULES: readonly Rule[] = [
  // The network and the fault plan.
  [/^planned: drop the next produce request$/, "계획된 장애: 다음 produce 요청 유실"],
  [/^planned: lose the next produce response$/, "계획된 장애: 다음 produce 응답 유실"],
  [/^request lost \(dropRequestRate\)$/, "요청 유실 (dropRequestRate)"],
  [/^response lost \(dropResponseRate\)$/, "응답 유실 (dropResponseRate)"],
  [/^network partition$/, "네트워크 분할"],
  [/^the client closed that connection$/, "클라이언트가 그 연결을 닫음"],
  [/^the connection is silent since an earlier message was lost$/, "앞선 메시지가 유실된 뒤로 이 연결은 응답하지 않음"],
  [/^injected fault$/, "장애 주입"],
  // Brokers and the controller.
  [/^planned crash$/, "계획된 크래시"],
  [/^planned crash of partition (\d+)'s leader$/, (m) => fill("파티션 {p} 리더의 계획된 크래시", { p: m[1]! })],
  [/^planned crash right after an append$/, "적재 직후 계획된 크래시"],
  [/^crash$/, "크래시"],
  [/^broker (\d+) caught up$/, (m) => fill("브로커 {b} 따라잡음", { b: m[1]! })],
  [/^broker (\d+) fenced$/, (m) => fill("브로커 {b} 펜싱됨", { b: m[1]! })],
  [/^broker (\d+) is back$/, (m) => fill("브로커 {b} 복귀", { b: m[1]! })],
  [/^followers fell more than (replica\.lag\.time\.max\.ms=\d+) behind$/, (m) => fill("팔로워가 {k}보다 오래 뒤처짐", { k: m[1]! })],
  [/^(ISR \[[\d,]*\]): (.*)$/, (m) => `${m[1]}: ${noteText(m[2]!)}`],
  [
    /^broker (\d+) leads \(epoch (\d+)\)(, UNCLEAN election: it was not in the ISR)?: (.*)$/,
    (m) => fill("새 리더 브로커 {b} (리더 에포크 {e}){unclean}: {why}", { b: m[1]!, e: m[2]!, unclean: m[3] ? ", UNCLEAN 리더 선출: ISR에 없던 브로커" : "", why: noteText(m[4]!) }),
  ],
  [/^no leader \(no live in-sync replica\): (.*)$/, (m) => `리더 없음 (살아 있는 동기화된 레플리카 없음): ${noteText(m[1]!)}`],
  [/^log diverged from leader (\d+)'s at epoch (\d+)$/, (m) => fill("리더 {b}의 로그와 리더 에포크 {e}에서 갈라짐", { b: m[1]!, e: m[2]! })],
  [/^transaction verification \(KIP-890\)$/, "트랜잭션 검증 (KIP-890)"],
  [/^producer-state table threw: ([\s\S]*)$/, (m) => `프로듀서 상태 표가 예외를 던짐: ${m[1]}`],
  [/^(COMMIT|ABORT) marker$/, (m) => `${m[1]} 컨트롤 레코드`],
  // The producer.
  [/^will retry after (\d+) ms$/, (m) => fill("{n} ms 뒤 재시도", { n: m[1]! })],
  [/^delivery\.timeout\.ms expired$/, "delivery.timeout.ms 만료"],
  [/^delivery\.timeout\.ms expired in flight$/, "전송 중에 delivery.timeout.ms 만료"],
  [/^in-flight batches renumbered from sequence 0 \(KIP-360\)$/, "전송 중인 배치의 시퀀스 번호를 0부터 다시 매김 (KIP-360)"],
  [/^sequences restart at 0 \(KIP-360\)$/, "시퀀스 번호가 0부터 다시 시작 (KIP-360)"],
  [/^epoch exhausted: the producer id is reset \(InitProducerId\)$/, "에포크 소진: 새 프로듀서 ID를 받음 (InitProducerId)"],
  [/^transactions v2: every transaction ends with a new epoch$/, "트랜잭션 v2: 트랜잭션마다 새 에포크로 끝남"],
  [/^committed$/, "커밋됨"],
  [/^aborted$/, "중단됨"],
  [/^fenced: a newer instance with the same transactional\.id exists$/, "펜싱됨: 같은 transactional.id의 더 새 인스턴스가 있음"],
  [/^fatal error ([A-Z_]+): this producer instance must be closed$/, (m) => fill("치명적 오류 {e}: 이 프로듀서 인스턴스는 닫아야 함", { e: m[1]! })],
  [/^the application restarts: a new producer id; records without an acknowledgement are sent again$/, "애플리케이션 재시작: 새 프로듀서 ID를 받고, 확인 응답을 받지 못한 레코드를 다시 보냄"],
  [
    /^the application restarts with the same transactional\.id(; the old instance is still running \(a zombie\))? and resumes from its committed input position$/,
    (m) => `애플리케이션이 같은 transactional.id로 재시작하고 커밋된 입력 위치부터 다시 처리함${m[1] ? " (옛 인스턴스는 아직 실행 중: 좀비)" : ""}`,
  ],
  // The transaction coordinator: "<transactional.id>: <what happened>".
  [/^transaction begins$/, "트랜잭션 시작"],
  [/^new transactional id, epoch (\d+)$/, (m) => fill("새 트랜잭션 ID, 에포크 {e}", { e: m[1]! })],
  [/^new instance: producer id (\d+), epoch (\d+); older instances are fenced$/, (m) => fill("새 인스턴스: 프로듀서 ID {p}, 에포크 {e}. 옛 인스턴스는 펜싱됨", { p: m[1]!, e: m[2]! })],
  [/^(PrepareCommit|PrepareAbort) \((.*)\)$/, (m) => `${m[1]} (${noteText(m[2]!)})`],
  [/^commit requested$/, "커밋 요청"],
  [/^abort requested$/, "중단 요청"],
  [/^abort requested \(no partition was added\)$/, "중단 요청 (추가된 파티션 없음)"],
  [/^fenced by InitProducerId: epoch (\d+); a new instance with the same transactional\.id started$/, (m) => fill("InitProducerId로 펜싱됨: 에포크 {e}. 같은 transactional.id의 새 인스턴스가 시작함", { e: m[1]! })],
  [/^(transaction\.timeout\.ms=\d+) expired; epoch bumped to (\d+), fencing the producer$/, (m) => fill("{k} 만료. 에포크를 {e}(으)로 올려 프로듀서를 펜싱함", { k: m[1]!, e: m[2]! })],
  [/^CompleteCommit: markers written, records visible to read_committed$/, "CompleteCommit: 컨트롤 레코드 기록, read_committed에서 레코드가 보임"],
  [/^CompleteAbort: markers written, records skipped by read_committed$/, "CompleteAbort: 컨트롤 레코드 기록, read_committed는 레코드를 건너뜀"],
  [/^([^\s:]+): (.+)$/, (m) => `${m[1]}: ${noteText(m[2]!, false)}`],
];

/** A trace note in the reader's language (unchanged in English, or when no rule knows it). */
export function noteText(note: string, prefixed = true): string {
  if (currentLang() !== "ko") return note;
  for (const [pattern, korean] of RULES) {
    if (!prefixed && pattern === RULES[RULES.length - 1]![0]) continue;
    const m = pattern.exec(note);
    if (m) return typeof korean === "string" ? korean : korean(m);
  }
  return note;
}
