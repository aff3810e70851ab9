// Korean sentences for the claims of notebooks/08-exercises.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "Those are the files that went into the bundle: yours alone": "번들에 들어간 파일은 여러분의 파일 하나뿐입니다",
  "With the stub every row says threw: not implemented yet": "뼈대 코드에서는 모든 행이 threw: not implemented yet입니다",
  "On the stub, check.ok is true everywhere, although nothing was acknowledged":
    "뼈대 코드에서는 확인 응답을 받은 레코드가 하나도 없는데도 check.ok가 모두 true입니다",
  "on the stub, the first refusal ends the story early: the producer gives up on UNKNOWN_SERVER_ERROR":
    "뼈대 코드에서는 첫 거부에서 이야기가 끝납니다. 프로듀서가 UNKNOWN_SERVER_ERROR를 받고 전송을 포기합니다",
  "On the stub every bar is red": "뼈대 코드에서는 막대가 모두 빨강입니다",
  "a third of the first row's seeds end differently (7 of 20)": "첫 행에서는 시드의 3분의 1 남짓이 다르게 끝납니다(시드 20개 중 7개)",
  "and a few seeds of each other row": "나머지 행에서도 시드 몇 개가 다르게 끝납니다",
  "the four lesson scenarios, which such a table passes": "이런 표도 레슨 시나리오 네 개는 통과합니다",
  "on the stub, every send of this seed fails": "뼈대 코드에서는 이 시드의 전송이 모두 실패합니다",
};
