// Korean sentences for the claims of notebooks/00-welcome.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
  "600 rolls": "주사위를 600번 던졌습니다",
  "each face comes up about 100 times in 600 rolls": "600번 던지면 각 눈은 100번 안팎으로 나옵니다",
};
