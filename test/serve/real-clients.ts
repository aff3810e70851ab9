/**
 * Shared by the end-to-end tests of clients nobody here wrote (librdkafka, @platformatic/kafka): an embedded broker
 * per test, closed after it together with whatever else the test opened (last opened, first closed).
 */
import { afterEach } from "vitest";
import { startEmbeddedBroker, type EmbeddedBroker } from "../../lib/src/serve/embedded.js";

/** Things to close after the current test. */
export const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const c of open.reverse()) await c.close().catch(() => {});
  open.length = 0;
});

/** An embedded broker that logs into `logs` and is closed after the test. */
export async function start(options: Parameters<typeof startEmbeddedBroker>[0], logs: string[] = []): Promise<EmbeddedBroker> {
  const broker = await startEmbeddedBroker({ ...options, log: (l) => logs.push(l) });
  open.push(broker);
  return broker;
}

/** What each partition's leader holds, as record values per partition (control records left out). */
export function logValues(broker: EmbeddedBroker, topic: string): string[][] {
  return broker.cluster.partitionsOf(topic).map((s) =>
    broker.cluster.leaderReplica(topic, s.partition)!.batches.filter((b) => !b.isControl).flatMap((b) => b.records.map((r) => (typeof r.value === "string" ? r.value : new TextDecoder().decode(r.value ?? undefined)))),
  );
}
