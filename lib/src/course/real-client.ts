/**
 * The real-client lesson's helpers: send records with kafkajs, read them back with a kafkajs consumer, and judge
 * the result with the same checker the simulation uses (check/checker.ts), so a real client's run gives rows that sit
 * beside `sweep()` rows in a table or in `outcomeFigure`.
 *
 * How a round goes (`runRealClientRound`):
 *  1. create the topic if it is missing (admin), note each partition's end offset;
 *  2. send `records` records r0, r1, … one `send()` at a time, each awaited, to partitions 0, 1, 2, … in turn:
 *     with one request on the wire at a time, the broker's seeded fault draws fall on the same responses on
 *     every run, so the counts are the same on every machine;
 *  3. read the topic from those start offsets to its end with a consumer group (no offset commits, so a rerun
 *     against the same cluster reads again) and check what was read against what was sent.
 *
 * This is real networking, not the simulation: kafkajs is loaded on first use (it is a dependency of the course,
 * not of the simulator), and the consumer's wait for the end of the topic is bounded by a wall-clock timeout.
 */
import { createRequire } from "node:module";
import type { Admin, Consumer, Kafka as KafkaClient, KafkaConfig, Producer } from "kafkajs";
import { checkHistory, type CheckResult, type LoggedRecord, type SentRecord } from "../check/checker.js";
import { SimulationInputError } from "../protocol/errors.js";
import { tr } from "../kernel/locale.js";
import type { SweepRow } from "../scenario/scenario.js";

export interface RealClientRoundOptions {
  /** Bootstrap address(es): "127.0.0.1:9092" or a list. */
  brokers: string | readonly string[];
  /** Topic to write to; created when missing (an existing topic is used as it is: only new records count). */
  topic: string;
  /** How many records to send (default 30). */
  records?: number;
  /** kafkajs `producer({ idempotent })` ↔ Java enable.idempotence (kafkajs default false). */
  idempotent?: boolean;
  /** Per-send `acks`: -1 (all), 1 or 0 ↔ Java acks (default -1). */
  acks?: -1 | 0 | 1;
  /** kafkajs `maxInFlightRequests` ↔ Java max.in.flight.requests.per.connection (kafkajs default: no limit). */
  maxInFlightRequests?: number;
  /** kafkajs `retry.retries` ↔ Java retries (kafkajs default 5; MAX_SAFE_INTEGER when idempotent). */
  retries?: number;
  /** kafkajs `retry.initialRetryTime` in ms (default here 50; kafkajs' own default is 300). */
  initialRetryTimeMs?: number;
  /**
   * How records find their partition. "message" (default): record i names partition i mod n itself, so a retry
   * goes where the first attempt went. "partitioner": records carry no key and no partition; a round-robin
   * partitioner starting at 0 chooses (kafkajs' DefaultPartitioner does the same for keyless records, from a
   * random start). kafkajs asks the partitioner again on every retry, so a retried record can move to another
   * partition: see the real-client lesson.
   */
  partitioning?: "message" | "partitioner";
  /**
   * How many `send()`s are in flight at once (default 1: each awaited before the next). With more, records go out in
   * groups of this many concurrent `send()`s, awaited together, and kafkajs' retry jitter is off (same seed, same round). kafkajs 2.2.4's idempotent producer then loses and
   * duplicates records after a lost response when several sends share a partition (see the real-client lesson).
   */
  concurrentSends?: number;
  /** Partitions for the topic if it has to be created (default: the broker's num.partitions). */
  partitions?: number;
  /** The row's `scenario` label (default describes the settings, e.g. "kafkajs, idempotent"). */
  label?: string;
  /** Copied into the row's `seed` (the embedded broker's seed, say); default 0. */
  seed?: number;
  /** kafkajs clientId (default "kafka-sim-real-client"). */
  clientId?: string;
  /** Give up reading back after this many ms of wall-clock time (default 30000). */
  readTimeoutMs?: number;
}

export interface RealClientRound {
  label: string;
  /** One entry per record, as the application saw its send(): acknowledged (with its offset), assumed (acks=0) or failed. */
  sent: SentRecord[];
  /** What the consumer read, from the start offsets noted before sending. */
  log: LoggedRecord[];
  check: CheckResult;
  /** The outcome as a sweep row (endMs is 0: a real client has no virtual clock). */
  row: SweepRow;
  /** Distinct errors that rejected a send(), as "ErrorName: message" (with kafkajs' error type when it has one). */
  sendErrors: string[];
  /** How many partitions the topic has. */
  partitions: number;
}

export const REAL_CLIENT_DEFAULTS: Required<Pick<RealClientRoundOptions, "records" | "idempotent" | "acks" | "initialRetryTimeMs" | "clientId" | "readTimeoutMs">> = {
  records: 30,
  idempotent: false,
  acks: -1,
  initialRetryTimeMs: 50,
  clientId: "kafka-sim-real-client",
  readTimeoutMs: 30_000,
};

const OPTION_NAMES = [
  "brokers", "topic", "records", "idempotent", "acks", "maxInFlightRequests", "retries", "initialRetryTimeMs", "partitioning", "concurrentSends", "partitions", "label", "seed",
  "clientId", "readTimeoutMs",
];

type KafkaJs = typeof import("kafkajs");
const requireHere = createRequire(import.meta.url);
let kafkajsModule: KafkaJs | undefined;

function kafkajs(): KafkaJs {
  if (!kafkajsModule) {
    try {
      kafkajsModule = requireHere("kafkajs") as KafkaJs;
    } catch (e) {
      throw new SimulationInputError(`${tr({ en: "the real-client helpers need the package kafkajs (npm install kafkajs):", ko: "실제 클라이언트 도우미에는 kafkajs 패키지가 필요합니다 (npm install kafkajs):" })} ${(e as Error).message}`);
    }
  }
  return kafkajsModule;
}

function fail(message: string): never {
  throw new SimulationInputError(`runRealClientRound: ${message}`);
}

function check(options: RealClientRoundOptions): void {
  if (typeof options !== "object" || options === null) fail(tr({ en: "options must be an object with at least brokers and topic.", ko: "options는 적어도 brokers와 topic이 있는 객체여야 합니다." }));
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) fail(tr({ en: `unknown option "${key}". Allowed: ${OPTION_NAMES.join(", ")}.`, ko: `"${key}": 이런 옵션은 없습니다. 쓸 수 있는 옵션: ${OPTION_NAMES.join(", ")}.` }));
  }
  const brokers = typeof options.brokers === "string" ? [options.brokers] : options.brokers;
  if (!Array.isArray(brokers) || brokers.length === 0 || brokers.some((b) => typeof b !== "string" || !/^[^\s:]+:\d+$/.test(b))) {
    const got = JSON.stringify(options.brokers);
    fail(tr({ en: `option brokers must be "host:port" or a non-empty list of them, got ${got}.`, ko: `옵션 brokers는 "host:port"이거나 그런 값의 비어 있지 않은 목록이어야 합니다. 받은 값: ${got}.` }));
  }
  if (typeof options.topic !== "string" || !/^[a-zA-Z0-9._-]{1,249}$/.test(options.topic)) {
    const got = JSON.stringify(options.topic);
    fail(
      tr({
        en: `option topic must be a topic name (1-249 characters from a-z, A-Z, 0-9, '.', '_', '-'), got ${got}.`,
        ko: `옵션 topic은 토픽 이름(a-z, A-Z, 0-9, '.', '_', '-' 중 1~249자)이어야 합니다. 받은 값: ${got}.`,
      }),
    );
  }
  const whole = (name: keyof RealClientRoundOptions, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const v = options[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)) {
      const up = max === Number.MAX_SAFE_INTEGER;
      fail(
        tr({
          en: `option ${name} must be a whole number from ${min}${up ? " up" : ` to ${max}`}, got ${JSON.stringify(v)}.`,
          ko: `옵션 ${name}은(는) ${min}${up ? " 이상의" : `부터 ${max}까지의`} 정수여야 합니다. 받은 값: ${JSON.stringify(v)}.`,
        }),
      );
    }
  };
  whole("records", 1, 1_000_000);
  whole("maxInFlightRequests", 1);
  whole("retries", 0);
  whole("initialRetryTimeMs", 1);
  whole("partitions", 1, 10_000);
  whole("concurrentSends", 1, 1000);
  whole("seed", Number.MIN_SAFE_INTEGER);
  whole("readTimeoutMs", 1);
  const got = (v: unknown): string => JSON.stringify(v);
  if (options.acks !== undefined && options.acks !== -1 && options.acks !== 0 && options.acks !== 1) {
    fail(tr({ en: `option acks must be -1 (all), 0 or 1, got ${got(options.acks)}.`, ko: `옵션 acks는 -1(all), 0, 1 중 하나여야 합니다. 받은 값: ${got(options.acks)}.` }));
  }
  if (options.partitioning !== undefined && options.partitioning !== "message" && options.partitioning !== "partitioner") {
    fail(tr({ en: `option partitioning must be "message" or "partitioner", got ${got(options.partitioning)}.`, ko: `옵션 partitioning은 "message" 또는 "partitioner"여야 합니다. 받은 값: ${got(options.partitioning)}.` }));
  }
  if (options.idempotent !== undefined && typeof options.idempotent !== "boolean") {
    fail(tr({ en: `option idempotent must be true or false, got ${got(options.idempotent)}.`, ko: `옵션 idempotent는 true 또는 false여야 합니다. 받은 값: ${got(options.idempotent)}.` }));
  }
  if (options.idempotent && options.acks !== undefined && options.acks !== -1) {
    fail(
      tr({
        en: `an idempotent producer needs acks -1 (all), got ${options.acks}: kafkajs refuses the send, as Java refuses enable.idempotence=true with acks=${options.acks}.`,
        ko: `멱등성 프로듀서에는 acks -1(all)이 필요합니다. 받은 값: ${options.acks}. Java 클라이언트가 acks=${options.acks}에서 enable.idempotence=true를 거부하듯 kafkajs도 전송을 거부합니다.`,
      }),
    );
  }
  if (options.idempotent && options.retries === 0) {
    fail(tr({ en: "an idempotent producer needs retries >= 1: kafkajs refuses retries 0 with idempotent: true.", ko: "멱등성 프로듀서에는 retries >= 1이 필요합니다. kafkajs는 idempotent: true에서 retries 0을 거부합니다." }));
  }
}

/** The default label of a round: "kafkajs, idempotent" or "kafkajs, not idempotent" (plus non-default acks). */
export function realClientLabel(options: Pick<RealClientRoundOptions, "idempotent" | "acks">): string {
  const acks = options.acks === undefined || options.acks === -1 ? "" : `, acks=${options.acks}`;
  return `kafkajs, ${options.idempotent ? "idempotent" : "not idempotent"}${acks}`;
}

/**
 * A round-robin partitioner for keyless records, starting at partition 0: kafkajs' DefaultPartitioner without its
 * random starting point (a record with a partition or a key keeps kafkajs' rules). One counter per topic.
 */
export function roundRobinPartitioner(): (args: { topic: string; partitionMetadata: Array<{ partitionId: number; leader: number }>; message: { partition?: number | null; key?: unknown } }) => number {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) throw new Error("roundRobinPartitioner is for keyless records");
    const n = counters.get(topic) ?? 0;
    counters.set(topic, n + 1);
    const ids = partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
    return ids[n % ids.length]!;
  };
}

/** "ErrorName: message [TYPE]" for a send error, unwrapping kafkajs' non-retriable wrapper. */
export function describeSendError(e: unknown): string {
  const err = e as { name?: string; message?: string; type?: string; cause?: { type?: string } };
  const type = err.type ?? err.cause?.type;
  return `${err.name ?? "Error"}: ${err.message ?? String(e)}${type ? ` [${type}]` : ""}`;
}

/** The next offset of every partition of `topic` (its high watermark), by partition. */
async function endOffsets(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
}

async function readBack(kafka: KafkaClient, topic: string, from: Map<number, number>, to: Map<number, number>, timeoutMs: number, groupId: string): Promise<LoggedRecord[]> {
  const log: LoggedRecord[] = [];
  const remaining = new Set([...to].filter(([p, end]) => end > (from.get(p) ?? 0)).map(([p]) => p));
  if (remaining.size === 0) return log;
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 500, retry: { retries: 10, initialRetryTime: 50 } });
  await consumer.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        const parts = [...remaining].join(", ");
        reject(
          new Error(
            `runRealClientRound: ${tr({
              en: `reading ${topic} back did not reach the end of partition(s) ${parts} within ${timeoutMs} ms`,
              ko: `${topic} 토픽을 다시 읽었지만 ${timeoutMs} ms 안에 파티션 ${parts}의 끝까지 가지 못했습니다`,
            })}`,
          ),
        );
      }, timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            const end = to.get(partition) ?? 0;
            if (offset >= (from.get(partition) ?? 0) && offset < end) {
              log.push({ topic, partition, offset, id: message.value?.toString() ?? "" });
            }
            if (offset + 1 >= end && remaining.delete(partition) && remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return log;
}

/**
 * Send `records` records with a kafkajs producer (one awaited send() each), read them back with a kafkajs consumer,
 * and classify every record with `checkHistory`. Against the embedded broker with dropped produce responses, a
 * producer without idempotence shows duplicates; with `idempotent: true`, none.
 */
export async function runRealClientRound(options: RealClientRoundOptions): Promise<RealClientRound> {
  check(options);
  const { Kafka, logLevel } = kafkajs();
  const o = { ...REAL_CLIENT_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as RealClientRoundOptions & typeof REAL_CLIENT_DEFAULTS;
  const label = o.label ?? realClientLabel(o);
  const brokers = typeof o.brokers === "string" ? [o.brokers] : [...o.brokers];
  const config: KafkaConfig = {
    clientId: o.clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: o.initialRetryTimeMs, maxRetryTime: 1000 },
  };
  const kafka = new Kafka(config);
  const admin = kafka.admin();
  await admin.connect();
  let producer: Producer | undefined;
  try {
    await admin.createTopics({ topics: [{ topic: o.topic, numPartitions: o.partitions ?? -1 }], waitForLeaders: true });
    const metadata = await admin.fetchTopicMetadata({ topics: [o.topic] });
    const partitions = metadata.topics[0]?.partitions.length ?? 0;
    if (partitions === 0) throw new Error(`runRealClientRound: ${tr({ en: `topic ${o.topic} has no partitions`, ko: `토픽 ${o.topic}에 파티션이 없습니다` })}`);
    const start = await endOffsets(admin, o.topic);

    // With several sends in flight, when a retry goes out relative to the other sends decides the outcome: kafkajs'
    // retry jitter (factor, default 0.2) is turned off then, so the same seed gives the same round.
    const retry = { initialRetryTime: o.initialRetryTimeMs, maxRetryTime: 1000, ...((o.concurrentSends ?? 1) > 1 ? { factor: 0 } : {}), ...(o.retries !== undefined ? { retries: o.retries } : {}) };
    producer = kafka.producer({
      idempotent: o.idempotent,
      retry,
      ...(o.maxInFlightRequests !== undefined ? { maxInFlightRequests: o.maxInFlightRequests } : {}),
      ...(o.partitioning === "partitioner" ? { createPartitioner: roundRobinPartitioner } : {}),
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    const sender = producer;
    const sent: SentRecord[] = new Array(o.records);
    const sendErrors = new Set<string>();
    const sendOne = async (i: number): Promise<void> => {
      const id = `r${i}`;
      // The partition kafkajs reports wins; for a send that failed with the partitioner it is a guess (the
      // checker matches records by id, the partition only names where to look in its notes).
      const partition = i % partitions;
      try {
        const message = o.partitioning === "partitioner" ? { value: id } : { value: id, partition };
        const [meta] = await sender.send({ topic: o.topic, acks: o.acks, messages: [message] });
        const where = meta?.partition ?? partition;
        if (o.acks === 0) sent[i] = { id, topic: o.topic, partition: where, status: "assumed" };
        else sent[i] = { id, topic: o.topic, partition: where, status: "acknowledged", ...(meta?.baseOffset !== undefined ? { offset: Number(meta.baseOffset) } : {}) };
      } catch (e) {
        sendErrors.add(describeSendError(e));
        sent[i] = { id, topic: o.topic, partition, status: "failed" };
      }
    };
    const group = o.concurrentSends ?? 1;
    for (let i = 0; i < o.records; i += group) {
      await Promise.all(Array.from({ length: Math.min(group, o.records - i) }, (_, j) => sendOne(i + j)));
    }
    await producer.disconnect();
    producer = undefined;

    const end = await endOffsets(admin, o.topic);
    const log = await readBack(kafka, o.topic, start, end, o.readTimeoutMs, `${o.clientId}-${o.topic}`);
    const result = checkHistory(sent, log);
    const believed = sent.every((s) => s.status === "acknowledged" || s.status === "assumed");
    const row: SweepRow = {
      seed: o.seed ?? 0,
      scenario: label,
      records: result.rows.length,
      ...result.counts,
      producerBelievesAllSent: believed,
      ok: result.ok,
      endMs: 0,
    };
    return { label, sent, log, check: result, row, sendErrors: [...sendErrors], partitions };
  } finally {
    await producer?.disconnect().catch(() => {});
    await admin.disconnect();
  }
}
