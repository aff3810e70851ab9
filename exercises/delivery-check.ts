/**
 * Exercise 2 of 6 — delivery-check: read a partition's log and say what went wrong.
 *
 * Every delivery-semantics claim in this course ("no duplicates", "nothing lost", "in order") is checked the same
 * way: compare what the producer sent and was told with what ended up in the log. You write that checker.
 *
 * One producer, one partition. You get three lists of record ids:
 *   sent          the ids in the order the application called send() (each id once);
 *   acknowledged  the ids the producer was told were written (a success response), in any order;
 *   log           the ids in the partition's log, in offset order (as a consumer reads them).
 * Report:
 *   duplicated  ids that appear more than once in the log (each listed once);
 *   lost        acknowledged ids that are not in the log at all. An id that was never acknowledged and is missing is
 *               NOT lost: the producer was told it failed (at-most-once is allowed to drop it);
 *   reordered   ids whose first appearance in the log comes after the first appearance of an id that was sent
 *               LATER (sent a, b; log b, a → "a" is reordered);
 *   unexpected  ids in the log that were never sent (each listed once).
 * The order inside each list does not matter; list each id at most once.
 *
 * Example: checkDelivery(["a","b","c"], ["a","b","c"], ["a","c","a"])
 *          → { duplicated: ["a"], lost: ["b"], reordered: [], unexpected: [] }
 *
 * Rules: import only Node built-ins and relative files of your own. A file that imports from solutions/ or from
 * the library package kafka-sim (which contains the library's own implementation) scores 0 on this exercise.
 *
 * Check your work:  npm run grade -- --only delivery-check        (every exercise: npm run grade)
 */

export interface DeliveryReport {
  /** Records written more than once. */
  duplicated: string[];
  /** Records the producer was told were written (acknowledged) that are not in the log. */
  lost: string[];
  /** Records that appear after a record the producer sent later. */
  reordered: string[];
  /** Records in the log the producer never sent. */
  unexpected: string[];
}

export function checkDelivery(sent: string[], acknowledged: string[], log: string[]): DeliveryReport {
  void sent; void acknowledged; void log;
  throw new Error("not implemented yet: checkDelivery (exercises/delivery-check.ts)");
}
