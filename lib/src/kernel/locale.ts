/**
 * The course's two reading languages: English (`en`) and Korean (`ko`, 한국어).
 *
 * Everything the course writes itself — figure labels and legends, outcome tables, text timelines,
 * `LiveScenario` lines, hints, grader feedback, lesson claims — asks `currentLang()` which edition it is in.
 * Kafka's own texts (exception messages, error codes, config keys, class names) stay as Kafka prints them.
 *
 * The language is chosen, first match wins:
 *   1. `setLang("ko")` in code (the playground page, a test, a CLI's `--lang ko`);
 *   2. the edition's folder: a kernel started for a notebook runs in the notebook's folder, so a lesson in
 *      `notebooks/ko/` is Korean and a lesson in `notebooks/` English, whatever the session's language (the
 *      Korean lessons share the English code cells, and each edition's stored outputs stay its own);
 *   3. the environment variable `KAFKA_SIM_LANG` (`en` or `ko`; `npm start -- --lang ko` sets it for the kernels,
 *      so a learner's own notebook elsewhere follows the session);
 *   4. English.
 *
 * Nothing here draws from a random stream or reads a clock: the language changes words, never a history.
 */

/** The languages the course is written in. */
export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];

/** The same text in every language the course has. */
export type Localized<T = string> = { readonly [L in Lang]: T };

/** The environment variable that chooses the language when no code did. */
export const LANG_ENV = "KAFKA_SIM_LANG";

let chosen: Lang | undefined;

/**
 * Reads a language name: `en`, `ko`, or a locale such as `ko_KR.UTF-8`, `ko-KR`, `en_US` (case-insensitive).
 * Throws a `RangeError` naming the value and what is allowed; `where` says where the value came from.
 */
export function parseLang(value: unknown, where = "language"): Lang {
  const found = typeof value === "string" ? langOfLocale(value) : undefined;
  if (found === undefined) {
    throw new RangeError(`${where}: ${JSON.stringify(value)} is not a language of this course; use one of ${LANGS.join(", ")} (or a locale such as ko_KR.UTF-8)`);
  }
  return found;
}

/** The course language of a system locale (`ko_KR.UTF-8` → `ko`), or undefined for one the course lacks. */
export function langOfLocale(locale: string): Lang | undefined {
  const base = locale.trim().toLowerCase().split(/[-_.@]/)[0];
  return (LANGS as readonly string[]).includes(base ?? "") ? (base as Lang) : undefined;
}

/** The system locale's variables, in the order POSIX gives them precedence. */
export const LOCALE_VARS = ["LC_ALL", "LC_MESSAGES", "LANG"] as const;

/**
 * The language a command's environment asks for (the course's command-line tools: `npm start`, `npm run grade`,
 * `npm run scenario`, after their own `--lang`): KAFKA_SIM_LANG (a value the course has no edition for throws, as
 * parseLang does), else the first non-empty of LC_ALL, LC_MESSAGES, LANG (a Korean locale gives ko, any other en),
 * else English. `from` names the variable that decided, or "default".
 */
export function envLang(env: Readonly<Record<string, string | undefined>>): { lang: Lang; from: string } {
  const chosen = env[LANG_ENV];
  if (chosen !== undefined && chosen !== "") return { lang: parseLang(chosen, LANG_ENV), from: LANG_ENV };
  for (const name of LOCALE_VARS) {
    const locale = env[name];
    if (locale !== undefined && locale !== "") return { lang: langOfLocale(locale) ?? "en", from: name };
  }
  return { lang: "en", from: "default" };
}

/** Chooses the language for everything that follows; `undefined` goes back to the environment's choice. */
export function setLang(lang: Lang | undefined): void {
  chosen = lang === undefined ? undefined : parseLang(lang, "setLang");
}

type ProcessLike = { env?: Record<string, string | undefined>; cwd?: () => string };

function nodeProcess(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

/** The language in effect (see the module comment for the order). */
export function currentLang(): Lang {
  if (chosen !== undefined) return chosen;
  const proc = nodeProcess();
  let cwd = "";
  try {
    cwd = proc?.cwd?.() ?? "";
  } catch {
    // A deleted working folder: no edition folder.
  }
  if (/[\\/]notebooks[\\/]ko[\\/]?$/.test(cwd)) return "ko";
  if (/[\\/]notebooks[\\/]?$/.test(cwd)) return "en";
  const fromEnv = proc?.env?.[LANG_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return parseLang(fromEnv, LANG_ENV);
  return "en";
}

/** The text for the language in effect: `tr({ en: "lost", ko: "유실" })`. */
export function tr<T>(texts: Localized<T>): T {
  return texts[currentLang()];
}

/**
 * Fills `{name}` placeholders: `fill("{n} records", { n: 3 })`. An unknown placeholder is left as it is,
 * so a missing value shows in the output instead of vanishing.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Runs `fn` with `lang` in effect, then restores the previous choice (also when `fn` throws). */
export function withLang<T>(lang: Lang, fn: () => T): T {
  const before = chosen;
  chosen = parseLang(lang, "withLang");
  try {
    return fn();
  } finally {
    chosen = before;
  }
}
