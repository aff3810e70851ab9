/**
 * Text a submission produced (its answers, what it printed or threw, its file names), made safe to print in a
 * terminal, a CI log or a web page: control characters (ANSI escapes, carriage returns, bidirectional overrides,
 * …) are shown as \u{…} escapes, and a line that a CI runner would take as a command (GitHub Actions `::name::`,
 * Azure-style `##[` / `##vso[`) is shown behind a "| " so that it is only text.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const COMMAND = /^(\s*)(::|##\[|##vso\[)/;

export function cleanText(text: string, maxChars = 20_000): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)` : text;
  return cut
    .replace(/\r\n/g, "\n")
    .replace(CONTROL, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
    .split("\n")
    .map((line) => (COMMAND.test(line) ? `| ${line}` : line))
    .join("\n");
}
