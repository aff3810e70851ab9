/**
 * 연습 문제 2/6 — delivery-check: 파티션의 로그를 읽고 무엇이 잘못되었는지 말합니다.
 *
 * 이 코스가 전달 보장에 대해 하는 말("중복 없음", "유실 없음", "순서대로")은 모두 같은 방법으로 검사합니다.
 * 프로듀서가 보낸 것과 전달받은 결과를 로그에 남은 것과 비교합니다. 그 검사기를 여러분이 씁니다.
 *
 * 프로듀서 하나, 파티션 하나입니다. 레코드 id 목록 세 개를 받습니다:
 *   sent          애플리케이션이 send()를 호출한 순서대로의 id (id마다 한 번);
 *   acknowledged  프로듀서가 적재되었다고 전달받은(성공 응답) id, 순서는 상관없음;
 *   log           파티션 로그에 있는 id, 오프셋 순서 (컨슈머가 읽는 순서).
 * 보고할 것:
 *   duplicated  로그에 두 번 이상 나오는 id (한 번씩만 나열);
 *   lost        확인 응답을 받았는데 로그에 전혀 없는 id. 확인 응답을 받지 않았고 없는 id는
 *               유실이 아닙니다. 프로듀서는 실패를 전달받았습니다 (최대 한 번에서는 버려도 됩니다);
 *   reordered   나중에 보낸 id가 처음 나온 위치보다 뒤에서 처음 나오는 id
 *               (a, b 순서로 보냄; 로그는 b, a → "a"가 순서 역전);
 *   unexpected  보낸 적 없는데 로그에 있는 id (한 번씩만 나열).
 * 각 목록 안의 순서는 상관없습니다. id는 목록마다 최대 한 번만 넣습니다.
 *
 * 예: checkDelivery(["a","b","c"], ["a","b","c"], ["a","c","a"])
 *     → { duplicated: ["a"], lost: ["b"], reordered: [], unexpected: [] }
 *
 * 규칙: Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다. solutions/나 라이브러리 패키지
 * kafka-sim(라이브러리 자체의 구현이 들어 있습니다)에서 import하면 이 연습 문제는 0점입니다.
 *
 * 채점해 보기:  npm run grade -- --lang ko --only delivery-check        (모든 연습 문제: npm run grade -- --lang ko)
 */

export interface DeliveryReport {
  /** 두 번 이상 적재된 레코드. */
  duplicated: string[];
  /** 프로듀서가 적재되었다고 전달받았는데(확인 응답) 로그에 없는 레코드. */
  lost: string[];
  /** 나중에 보낸 레코드 뒤에 나오는 레코드. */
  reordered: string[];
  /** 프로듀서가 보낸 적 없는데 로그에 있는 레코드. */
  unexpected: string[];
}

export function checkDelivery(sent: string[], acknowledged: string[], log: string[]): DeliveryReport {
  void sent; void acknowledged; void log;
  throw new Error("not implemented yet: checkDelivery (exercises/ko/delivery-check.ts)");
}
