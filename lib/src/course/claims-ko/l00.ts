// Korean sentences for the claims of notebooks/00-welcome.md (English sentence, exactly as the code cell writes it → 한국어).
// The Korean lesson prints these under its tables; a claim without an entry here prints in English,
// which test/notebooks-ko.test.ts reports.
export const sentences: Readonly<Record<string, string>> = {
};
