/**
 * Reference solution — exercise 2, delivery-check: read a partition's log against what the producer sent and
 * was told, and name what went wrong (the history checker every delivery-semantics test relies on).
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
  const sendIndex = new Map<string, number>();
  sent.forEach((id, i) => { if (!sendIndex.has(id)) sendIndex.set(id, i); });

  const seen = new Map<string, number>();
  for (const id of log) seen.set(id, (seen.get(id) ?? 0) + 1);

  const duplicated = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  const lost = [...new Set(acknowledged)].filter((id) => !seen.has(id));
  const unexpected = [...seen.keys()].filter((id) => !sendIndex.has(id));

  // Walk the log's first occurrences; a record is reordered when something sent after it came before it.
  const reordered: string[] = [];
  let latestSent = -1;
  for (const id of seen.keys()) {
    const index = sendIndex.get(id);
    if (index === undefined) continue;
    if (index < latestSent) reordered.push(id);
    latestSent = Math.max(latestSent, index);
  }
  return { duplicated, lost, reordered, unexpected };
}
