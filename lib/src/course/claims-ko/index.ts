/**
 * Korean sentences for every lesson's claims, keyed by the English sentence the (shared) code cell writes.
 * One file per lesson so lessons are translated independently.
 */
import { sentences as l00 } from "./l00.js";
import { sentences as l01 } from "./l01.js";
import { sentences as l02 } from "./l02.js";
import { sentences as l03 } from "./l03.js";
import { sentences as l04 } from "./l04.js";
import { sentences as l05 } from "./l05.js";
import { sentences as l06 } from "./l06.js";
import { sentences as l07 } from "./l07.js";
import { sentences as l08 } from "./l08.js";
import { sentences as l09 } from "./l09.js";
import { sentences as l10 } from "./l10.js";
import { sentences as l11 } from "./l11.js";

const all = new Map<string, string>();
for (const table of [l00, l01, l02, l03, l04, l05, l06, l07, l08, l09, l10, l11]) {
  for (const [en, ko] of Object.entries(table)) all.set(en, ko);
}

/** The Korean sentence for an English claim, or undefined when none is written yet. */
export function koreanClaim(sentence: string): string | undefined {
  return all.get(sentence);
}
