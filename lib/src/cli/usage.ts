/**
 * What the command-line tools (npm run broker, npm run scenario) share: the error for a command line they refuse,
 * and reading a flag's value.
 */
import { tr } from "../kernel/locale.js";

/** A command line the CLI refuses: the message names the flag and what is allowed. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * The value of the flag at `argv[i]`, given as `--flag=value` (`inline`, the text after "=") or as `--flag value`.
 * Returns the value and the index of the last argument it took.
 */
export function flagValue(argv: readonly string[], i: number, flag: string, inline: string | undefined): { value: string; last: number } {
  if (inline !== undefined) return { value: inline, last: i };
  const value = argv[i + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(tr({ en: `${flag} needs a value.`, ko: `${flag}에는 값이 필요합니다.` }));
  return { value, last: i + 1 };
}
