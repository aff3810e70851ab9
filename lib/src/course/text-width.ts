/**
 * How wide a text is when shown: Hangul (and the other East Asian wide characters) takes two columns of a
 * terminal and about a full em in a figure, a Latin letter one column and about half an em.
 *
 * Every measure here is the plain `.length` for a text without a wide character of the Basic Multilingual Plane,
 * so English output is laid out exactly as it was before the Korean edition.
 */

/** Is this code point East Asian Wide or Fullwidth (Hangul syllables and jamo, CJK, full-width forms)? */
export function isWideCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul jamo (initial consonants)
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK radicals, punctuation
    (cp >= 0x3041 && cp <= 0x33ff) || // kana, Hangul compatibility jamo, CJK symbols
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) || // Hangul jamo extended-A
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms
    (cp >= 0xffe0 && cp <= 0xffe6)
  );
}

/** Wide characters of the Basic Multilingual Plane in `text` (the ones `.length` counts as 1 but show as 2). */
function wideCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isWideCodePoint(text.charCodeAt(i))) n++;
  return n;
}

/** Terminal columns of `text`: its length, plus one for each wide character. */
export function columns(text: string): number {
  return text.length + wideCount(text);
}

/** `text.padEnd(width)` by columns. */
export function padEndColumns(text: string, width: number): string {
  const c = columns(text);
  return c >= width ? text : text + " ".repeat(width - c);
}

/** `text.padStart(width)` by columns. */
export function padStartColumns(text: string, width: number): string {
  const c = columns(text);
  return c >= width ? text : " ".repeat(width - c) + text;
}

/** The longest start of `text` that fits `width` columns (at least one character, so a cut always advances). */
export function sliceColumns(text: string, width: number): string {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const w = isWideCodePoint(text.charCodeAt(i)) ? 2 : 1;
    if (used + w > width && i > 0) break;
    used += w;
    i++;
  }
  return text.slice(0, i);
}

/**
 * Estimated pixel width of a label in a figure (no font is measured: jsdom has none): `narrow` pixels per
 * character as the figure always estimated, `wide` for a Hangul or other wide character.
 */
export function estimateTextWidth(text: string, narrow: number, wide: number): number {
  const n = wideCount(text);
  return (text.length - n) * narrow + n * wide;
}
