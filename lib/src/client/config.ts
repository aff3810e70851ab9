/**
 * Producer configuration: Kafka's producer config names in, a resolved `ProducerConfig` out, refused exactly where
 * Kafka 4.x refuses and adjusted exactly where Kafka adjusts.
 *
 * Rules and message texts come from the Apache Kafka clients (4.x):
 *  - `ConfigDef` (org.apache.kafka.common.config): `parseType` (strings are trimmed; "Not a number of type INT",
 *    "Expected value to be either true or false"), the validators `Range` ("Value must be at least N"),
 *    `ValidString` ("String must be one of: …") and `NonEmptyString` ("String must be non-empty"), and
 *    `ConfigException`'s "Invalid value X for configuration NAME: …" form;
 *  - `ProducerConfig`: the definitions (types, defaults, validators) and `postProcessParsedConfig`, which runs
 *    `CommonClientConfigs.warnDisablingExponentialBackoff`, then `postProcessAndValidateIdempotenceConfigs`, then
 *    `maybeOverrideClientId`;
 *  - `KafkaProducer.configureDeliveryTimeout` (run later, by the producer's constructor).
 *
 * Idempotence (ProducerConfig.postProcessAndValidateIdempotenceConfigs). "Explicit" means the user set
 * `enable.idempotence` at all. When it is on, in this order:
 *  1. retries = 0       explicit: ConfigException; defaulted: idempotence turned off, logged at INFO;
 *  2. acks ≠ all (-1)   explicit: ConfigException; defaulted: idempotence turned off, logged at INFO;
 *  3. max.in.flight > 5 ConfigException in both cases. Kafka 4.0 made this throw even when idempotence was only
 *                       defaulted (3.x logged and turned idempotence off), and the check runs even when step 1 or 2
 *                       has just decided to turn idempotence off.
 * Then `transactional.id` set (even to null) while idempotence ended up off is a ConfigException. Last,
 * `delivery.timeout.ms` < `linger.ms` + `request.timeout.ms` throws when `delivery.timeout.ms` was set explicitly;
 * otherwise Kafka raises it to that sum and logs a WARN.
 *
 * Simplifications (where this departs from Kafka):
 *  - Only the keys in PRODUCER_CONFIG_KEYS are modelled. Any other key is refused: Kafka would merely log
 *    "These configurations '[…]' were supplied but are not used yet." for a key it does not know, and would honour
 *    the real producer settings we do not model; refusing both means nothing is silently ignored.
 *    `bootstrap.servers`, `key.serializer` and `value.serializer`, which Kafka requires, are not needed here.
 *  - A key whose value is `undefined` counts as not set (JS spreads leave such keys behind); Java has no such value.
 *  - `acks` also takes the JS numbers -1, 0 and 1 (Kafka's STRING type wants a string).
 *  - LONG values (linger.ms, retry.backoff.ms, retry.backoff.max.ms) are JS numbers, so values above
 *    Number.MAX_SAFE_INTEGER are refused although Kafka would take them.
 *  - When several values are invalid, the first in ProducerConfig's definition order is reported; Kafka reports
 *    one of them too. Unknown keys are reported before any value.
 *  - Without `client.id` and `transactional.id`, Kafka names the client "producer-N" from a process-wide counter;
 *    the simulation keeps no hidden global state, so `clientId` stays "" and the producer's owner may name it.
 *    With a `transactional.id` it is "producer-<transactional.id>", as in Kafka.
 *  - `warnings` holds the text of the log lines (INFO for idempotence being turned off, WARN otherwise); a
 *    ProducerConfig is not a logger.
 *  - `transaction.timeout.ms` has no client-side range check (none in Kafka either): the transaction coordinator
 *    answers InitProducerId with INVALID_TRANSACTION_TIMEOUT when it is not in 1…transaction.max.timeout.ms.
 */
import { fill, tr } from "../kernel/locale.js";
import { INT32_MAX, NUM_BATCHES_TO_RETAIN } from "../protocol/constants.js";

/** Who refuses a configuration: Kafka's own client too ("kafka"), or only the simulation ("simulation"). */
export type ConfigExceptionOrigin = "kafka" | "simulation";

/** Kafka's org.apache.kafka.common.config.ConfigException: a producer configuration that cannot be used. */
export class ConfigException extends Error {
  override name = "ConfigException";
  /** The config key at fault, when there is one. */
  readonly key: string | undefined;
  /**
   * "kafka" when Kafka's producer would refuse this configuration as well (the message is Kafka's, or for a value
   * of a JS-only type, the nearest equivalent); "simulation" when Kafka would accept it (perhaps logging a warning)
   * and only the simulation refuses it.
   */
  readonly origin: ConfigExceptionOrigin;

  constructor(message: string, options: { key?: string; origin?: ConfigExceptionOrigin } = {}) {
    super(message);
    this.key = options.key;
    this.origin = options.origin ?? "kafka";
  }
}

/**
 * Kafka's private ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE: the broker retains the last
 * NUM_BATCHES_TO_RETAIN (5) batches per producer, so an idempotent producer may keep at most 5 requests in flight.
 */
export const MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE = NUM_BATCHES_TO_RETAIN;

/** An INT or LONG config: a JS number, or a string the way Java Properties hold it ("5", "-1"). */
export type ConfigIntInput = number | `${number}`;
/** A BOOLEAN config: a JS boolean or "true"/"false" (Kafka ignores case and surrounding blanks). */
export type ConfigBooleanInput = boolean | "true" | "false";
/** Producer settings keyed by Kafka's Java producer config names; every key is optional. */
export interface ProducerConfigInput {
  /**
   * Kafka's strings "all", "-1", "0", "1", or (simulation only) the same values as JS numbers. Written out here, not
   * as a named alias, so a wrong value's type error lists the allowed ones (`acks: "2"` → not assignable to type
   * '0 | "all" | 1 | -1 | "-1" | "0" | "1" | undefined') instead of naming an alias the learner has never seen.
   */
  acks?: "all" | "-1" | "0" | "1" | -1 | 0 | 1;
  "enable.idempotence"?: ConfigBooleanInput;
  retries?: ConfigIntInput;
  "max.in.flight.requests.per.connection"?: ConfigIntInput;
  "delivery.timeout.ms"?: ConfigIntInput;
  "request.timeout.ms"?: ConfigIntInput;
  "retry.backoff.ms"?: ConfigIntInput;
  "retry.backoff.max.ms"?: ConfigIntInput;
  "linger.ms"?: ConfigIntInput;
  "batch.size"?: ConfigIntInput;
  /** Non-empty. null is Kafka's default, but a key present with null still counts as set (as in Kafka). */
  "transactional.id"?: string | null;
  "transaction.timeout.ms"?: ConfigIntInput;
  "client.id"?: string;
}

export type ProducerConfigKey = keyof ProducerConfigInput;

/** `acks`: Kafka's strings, or (simulation only) the same values as JS numbers. */
export type AcksInput = NonNullable<ProducerConfigInput["acks"]>;

/** Kafka 4.x producer defaults for the keys the simulation models (ProducerConfig's definitions). */
export const PRODUCER_CONFIG_DEFAULTS = Object.freeze({
  acks: "all",
  "enable.idempotence": true,
  retries: INT32_MAX,
  "max.in.flight.requests.per.connection": 5,
  "delivery.timeout.ms": 120_000,
  "request.timeout.ms": 30_000,
  "retry.backoff.ms": 100,
  "retry.backoff.max.ms": 1000,
  "linger.ms": 5, // 0 before Kafka 4.0
  "batch.size": 16_384,
  "transactional.id": null,
  "transaction.timeout.ms": 60_000,
  "client.id": "",
} as const satisfies Required<ProducerConfigInput>);

/** A resolved producer configuration: what the producer really runs with. */
export interface ProducerConfig {
  /** -1 is acks=all. */
  acks: -1 | 0 | 1;
  /** Effective: false when a defaulted enable.idempotence was turned off by retries=0 or acks≠all. */
  enableIdempotence: boolean;
  /** Whether the user set enable.idempotence (to either value). */
  idempotenceExplicit: boolean;
  retries: number;
  maxInFlightRequestsPerConnection: number;
  /** Effective: raised to lingerMs + requestTimeoutMs when left at its default and too small. */
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  /** Effective: capped at 2147483647, as KafkaProducer.lingerMs does. */
  lingerMs: number;
  batchSize: number;
  transactionalId: string | null;
  transactionTimeoutMs: number;
  clientId: string;
  /** The lines Kafka would log while resolving this configuration, in Kafka's order and words. */
  warnings: string[];
  /** The keys the user set (with a value other than undefined). */
  explicit: ReadonlySet<string>;
}

type ConfigType = "INT" | "LONG" | "BOOLEAN" | "STRING";

interface ConfigKeyDef {
  name: ProducerConfigKey;
  type: ConfigType;
  /** Range validator (ConfigDef.Range). */
  min?: number;
  max?: number;
  /** ValidString validator. */
  oneOf?: readonly string[];
  /** NonEmptyString validator (null allowed). */
  nonEmpty?: boolean;
}

/** The modelled keys, in the order ProducerConfig defines them. */
const CONFIG_DEF: readonly ConfigKeyDef[] = [
  { name: "retries", type: "INT", min: 0, max: INT32_MAX },
  { name: "acks", type: "STRING", oneOf: ["all", "-1", "0", "1"] },
  { name: "batch.size", type: "INT", min: 0 },
  { name: "linger.ms", type: "LONG", min: 0 },
  { name: "delivery.timeout.ms", type: "INT", min: 0 },
  { name: "client.id", type: "STRING" },
  { name: "retry.backoff.ms", type: "LONG", min: 0 },
  { name: "retry.backoff.max.ms", type: "LONG", min: 0 },
  { name: "request.timeout.ms", type: "INT", min: 0 },
  { name: "max.in.flight.requests.per.connection", type: "INT", min: 1 },
  { name: "enable.idempotence", type: "BOOLEAN" },
  { name: "transaction.timeout.ms", type: "INT" },
  { name: "transactional.id", type: "STRING", nonEmpty: true },
];

/** The producer config keys the simulation models, in ProducerConfig's definition order. */
export const PRODUCER_CONFIG_KEYS: readonly ProducerConfigKey[] = Object.freeze(CONFIG_DEF.map((d) => d.name));

const SUPPORTED = new Set<string>(PRODUCER_CONFIG_KEYS);
/** The keys the simulation models, as its own refusals end (origin "simulation": the course's words, translated). */
function supportedList(): string {
  return fill(tr({ en: "Supported by the simulation: {keys}.", ko: "시뮬레이션이 지원하는 설정: {keys}." }), { keys: PRODUCER_CONFIG_KEYS.join(", ") });
}

/** Real Kafka 4.x producer settings (ProducerConfig) that the simulation does not model. ssl.* and sasl.* too. */
const UNMODELLED_PRODUCER_KEYS = new Set<string>([
  "bootstrap.servers", "client.dns.lookup", "buffer.memory", "compression.type", "compression.gzip.level",
  "compression.lz4.level", "compression.zstd.level", "partitioner.adaptive.partitioning.enable",
  "partitioner.availability.timeout.ms", "partitioner.ignore.keys", "send.buffer.bytes", "receive.buffer.bytes",
  "max.request.size", "reconnect.backoff.ms", "reconnect.backoff.max.ms", "enable.metrics.push", "max.block.ms",
  "metadata.max.age.ms", "metadata.max.idle.ms", "metrics.sample.window.ms", "metrics.num.samples",
  "metrics.recording.level", "metric.reporters", "key.serializer", "value.serializer",
  "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms", "connections.max.idle.ms",
  "partitioner.class", "interceptor.classes", "security.protocol", "security.providers",
  "transaction.two.phase.commit.enable", "metadata.recovery.strategy", "metadata.recovery.rebootstrap.trigger.ms",
  "config.providers",
]);

/** Where a broker or topic setting belongs, in each language. */
const SCOPES = {
  brokerTopic: { scope: { en: "broker/topic", ko: "브로커/토픽" }, where: { en: "the cluster (broker default) or the topic", ko: "클러스터(브로커 기본값)나 토픽" } },
  topic: { scope: { en: "topic", ko: "토픽" }, where: { en: "the topic, when it is created", ko: "토픽을 만들 때 그 토픽" } },
  broker: { scope: { en: "broker", ko: "브로커" }, where: { en: "the cluster", ko: "클러스터" } },
} as const;

/** Broker or topic settings people put on producers by mistake. */
const BROKER_OR_TOPIC_KEYS: Readonly<Record<string, { scope: keyof typeof SCOPES; note?: { en: string; ko: string } }>> = {
  "min.insync.replicas": {
    scope: "brokerTopic",
    note: {
      en:
        "The producer never reads it: with acks=all the partition leader refuses a produce with " +
        "NOT_ENOUGH_REPLICAS while the ISR has fewer than min.insync.replicas members.",
      ko: "프로듀서는 이 설정을 읽지 않습니다. acks=all이면 ISR 멤버가 min.insync.replicas보다 적은 동안 파티션 리더가 produce를 NOT_ENOUGH_REPLICAS로 거부합니다.",
    },
  },
  "unclean.leader.election.enable": { scope: "brokerTopic" },
  "replication.factor": { scope: "topic" },
  "default.replication.factor": { scope: "broker" },
  "num.partitions": { scope: "broker" },
  "replica.lag.time.max.ms": { scope: "broker" },
  "producer.id.expiration.ms": { scope: "broker" },
  "transaction.max.timeout.ms": { scope: "broker" },
};

const CONSUMER_KEYS = new Set<string>([
  "group.id", "group.instance.id", "isolation.level", "enable.auto.commit", "auto.commit.interval.ms",
  "auto.offset.reset", "key.deserializer", "value.deserializer", "session.timeout.ms", "heartbeat.interval.ms",
  "max.poll.records", "max.poll.interval.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.max.wait.ms",
]);

/** Names from kafkajs and other clients that mean one of Kafka's keys. */
const ALIASES: Readonly<Record<string, ProducerConfigKey>> = {
  idempotent: "enable.idempotence",
  idempotence: "enable.idempotence",
  maxInFlightRequests: "max.in.flight.requests.per.connection",
  "max.in.flight": "max.in.flight.requests.per.connection",
  transactionTimeout: "transaction.timeout.ms",
  retry: "retries",
  linger: "linger.ms",
};

/** Resolve Kafka producer settings the way Kafka 4.x's ProducerConfig and KafkaProducer do; see the module doc. */
export function resolveProducerConfig(input: ProducerConfigInput = {}): ProducerConfig {
  // A plain object (checked by tag, so objects from another realm, e.g. a notebook's vm context, pass). Refused:
  // null, arrays, strings, numbers, and Maps, whose entries Object.entries would silently miss.
  if (typeof input !== "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]") {
    const got = input instanceof Map ? tr({ en: "a Map (pass Object.fromEntries(map) instead)", ko: "Map (대신 Object.fromEntries(map)을 넘기세요)" }) : describeValue(input);
    throw new ConfigException(
      tr({
        en: `A producer configuration must be an object keyed by Kafka's producer config names, such as { "enable.idempotence": true, acks: "all" }; got ${got}.`,
        ko: `프로듀서 설정은 Kafka 프로듀서 설정 이름을 키로 하는 객체여야 합니다. 예: { "enable.idempotence": true, acks: "all" }. 받은 값: ${got}.`,
      }) + ` ${supportedList()}`,
      { origin: "simulation" },
    );
  }
  const given = new Map<string, unknown>();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    checkKeyIsModelled(key);
    given.set(key, value);
  }

  // ConfigDef.parse: parse and validate each value (defaults are valid by definition).
  const parsed = new Map<ProducerConfigKey, number | boolean | string | null>();
  for (const def of CONFIG_DEF) {
    parsed.set(def.name, given.has(def.name) ? parseAndValidate(def, given.get(def.name)) : PRODUCER_CONFIG_DEFAULTS[def.name]);
  }
  const num = (key: ProducerConfigKey): number => parsed.get(key) as number;
  const warnings: string[] = [];

  // CommonClientConfigs.warnDisablingExponentialBackoff
  const retryBackoffMs = num("retry.backoff.ms");
  const retryBackoffMaxMs = num("retry.backoff.max.ms");
  if (retryBackoffMs > retryBackoffMaxMs) {
    warnings.push(
      `Configuration 'retry.backoff.ms' with value '${retryBackoffMs}' is greater than configuration ` +
        `'retry.backoff.max.ms' with value '${retryBackoffMaxMs}'. A static backoff with value '${retryBackoffMaxMs}' will be applied.`,
    );
  }

  // ProducerConfig.postProcessAndValidateIdempotenceConfigs
  const acksString = parsed.get("acks") as string;
  const acks = (acksString === "all" ? -1 : Number(acksString)) as -1 | 0 | 1;
  const idempotenceExplicit = given.has("enable.idempotence");
  let enableIdempotence = parsed.get("enable.idempotence") as boolean;
  const retries = num("retries");
  const maxInFlight = num("max.in.flight.requests.per.connection");
  if (enableIdempotence) {
    let disable = false;
    if (retries === 0) {
      if (idempotenceExplicit) {
        throw new ConfigException("Must set retries to non-zero when using the idempotent producer.", { key: "retries" });
      }
      warnings.push("Idempotence will be disabled because retries is set to 0.");
      disable = true;
    }
    if (acks !== -1) {
      if (idempotenceExplicit) {
        throw new ConfigException(
          "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
          { key: "acks" },
        );
      }
      warnings.push(`Idempotence will be disabled because acks is set to ${acks}, not set to 'all'.`);
      disable = true;
    }
    if (maxInFlight > MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE) {
      throw new ConfigException(
        `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most ` +
          `${MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE}. Current value is ${maxInFlight}.`,
        { key: "max.in.flight.requests.per.connection" },
      );
    }
    if (disable) enableIdempotence = false;
  }
  const transactionalId = parsed.get("transactional.id") as string | null;
  if (!enableIdempotence && given.has("transactional.id")) {
    throw new ConfigException("Cannot set a transactional.id without also enabling idempotence.", {
      key: "transactional.id",
    });
  }

  // ProducerConfig.maybeOverrideClientId (see Simplifications for the unnamed, non-transactional case)
  const clientId = given.has("client.id")
    ? (parsed.get("client.id") as string)
    : transactionalId !== null
      ? `producer-${transactionalId}`
      : "";

  // KafkaProducer.lingerMs and KafkaProducer.configureDeliveryTimeout
  const lingerMs = Math.min(num("linger.ms"), INT32_MAX);
  const requestTimeoutMs = num("request.timeout.ms");
  const lingerAndRequestTimeoutMs = Math.min(lingerMs + requestTimeoutMs, INT32_MAX);
  let deliveryTimeoutMs = num("delivery.timeout.ms");
  if (deliveryTimeoutMs < lingerAndRequestTimeoutMs) {
    if (given.has("delivery.timeout.ms")) {
      throw new ConfigException("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms", {
        key: "delivery.timeout.ms",
      });
    }
    deliveryTimeoutMs = lingerAndRequestTimeoutMs;
    warnings.push(
      `delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to ${deliveryTimeoutMs}.`,
    );
  }

  return Object.freeze({
    acks,
    enableIdempotence,
    idempotenceExplicit,
    retries,
    maxInFlightRequestsPerConnection: maxInFlight,
    deliveryTimeoutMs,
    requestTimeoutMs,
    retryBackoffMs,
    retryBackoffMaxMs,
    lingerMs,
    batchSize: num("batch.size"),
    transactionalId,
    transactionTimeoutMs: num("transaction.timeout.ms"),
    clientId,
    warnings,
    explicit: new Set(given.keys()),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

function checkKeyIsModelled(key: string): void {
  if (SUPPORTED.has(key)) return;
  // These refusals are the simulation's own (origin "simulation"), so they are in the reader's language; the log line
  // Kafka would print is quoted as Kafka prints it.
  const kafkaLog = `"These configurations '[${key}]' were supplied but are not used yet."`;
  const kafkaIgnores = tr({
    en: `(Kafka's producer would only log ${kafkaLog} and carry on; the simulation refuses it so that nothing is silently ignored.)`,
    ko: `(Kafka 프로듀서라면 ${kafkaLog}라는 로그만 남기고 계속합니다. 시뮬레이션은 아무것도 조용히 무시되지 않도록 이 설정을 거부합니다.)`,
  });
  const brokerOrTopic = BROKER_OR_TOPIC_KEYS[key];
  if (brokerOrTopic) {
    const { scope, where } = SCOPES[brokerOrTopic.scope];
    const note = brokerOrTopic.note ? `${tr(brokerOrTopic.note)} ` : "";
    throw new ConfigException(
      tr({
        en: `"${key}" is a ${scope.en} setting, never a producer config: set it on ${where.en}. `,
        ko: `"${key}"는 프로듀서 설정이 아니라 ${scope.ko} 설정입니다. ${where.ko}에 설정하세요. `,
      }) + `${note}${supportedList()} ${kafkaIgnores}`,
      { key, origin: "simulation" },
    );
  }
  if (CONSUMER_KEYS.has(key)) {
    throw new ConfigException(
      `${tr({ en: `"${key}" is a Kafka consumer setting, not a producer config.`, ko: `"${key}"는 프로듀서 설정이 아니라 Kafka 컨슈머 설정입니다.` })} ${supportedList()} ${kafkaIgnores}`,
      { key, origin: "simulation" },
    );
  }
  if (UNMODELLED_PRODUCER_KEYS.has(key) || key.startsWith("ssl.") || key.startsWith("sasl.")) {
    throw new ConfigException(
      tr({
        en: `"${key}" is a real Kafka producer setting, but the simulation does not model it, so here it would have no effect; remove it.`,
        ko: `"${key}"는 실제 Kafka 프로듀서 설정이지만 시뮬레이션은 이 설정을 모델링하지 않으므로 여기서는 아무 효과가 없습니다. 빼세요.`,
      }) + ` ${supportedList()}`,
      { key, origin: "simulation" },
    );
  }
  const suggestion = suggestKey(key);
  throw new ConfigException(
    tr({
      en: `Unknown producer config "${key}": Kafka has no producer setting by that name${suggestion ? ` (did you mean "${suggestion}"?)` : ""}.`,
      ko: `알 수 없는 프로듀서 설정 "${key}": Kafka에는 이런 이름의 프로듀서 설정이 없습니다${suggestion ? ` ("${suggestion}"을(를) 뜻했나요?)` : ""}.`,
    }) + ` ${supportedList()} ${kafkaIgnores}`,
    { key, origin: "simulation" },
  );
}

/** The supported key the user probably meant: an alias, a camelCase/snake_case spelling, or a near miss. */
function suggestKey(key: string): ProducerConfigKey | undefined {
  const alias = ALIASES[key];
  if (alias) return alias;
  const dotted = key
    .replace(/([a-z0-9])([A-Z])/g, "$1.$2")
    .replace(/[_-]/g, ".")
    .toLowerCase();
  if (SUPPORTED.has(dotted)) return dotted as ProducerConfigKey;
  let best: ProducerConfigKey | undefined;
  let bestDistance = Infinity;
  for (const candidate of PRODUCER_CONFIG_KEYS) {
    const d = editDistance(dotted, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 5)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

// ---------------------------------------------------------------------------------------------------------------
// Values (ConfigDef.parseType, then the key's validator)

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function invalid(name: string, value: unknown, reason: string, origin: ConfigExceptionOrigin = "kafka"): ConfigException {
  return new ConfigException(`Invalid value ${describeValue(value)} for configuration ${name}: ${reason}`, {
    key: name,
    origin,
  });
}

function parseAndValidate(def: ConfigKeyDef, raw: unknown): number | boolean | string | null {
  const { name } = def;
  if (raw === null) {
    if (def.nonEmpty) return null; // transactional.id: Kafka's default is null, and NonEmptyString allows it
    if (def.oneOf) throw invalid(name, raw, `String must be one of: ${def.oneOf.join(", ")}`);
    throw invalid(name, raw, "Value must be non-null");
  }
  switch (def.type) {
    case "BOOLEAN":
      return parseBoolean(name, raw);
    case "STRING": {
      const s = parseString(def, raw);
      if (def.oneOf && !def.oneOf.includes(s)) throw invalid(name, s, `String must be one of: ${def.oneOf.join(", ")}`);
      if (def.nonEmpty && s === "") throw invalid(name, s, "String must be non-empty");
      return s;
    }
    case "INT":
    case "LONG": {
      const n = parseInteger(name, raw, def.type);
      if (def.min !== undefined && n < def.min) throw invalid(name, n, `Value must be at least ${def.min}`);
      if (def.max !== undefined && n > def.max) throw invalid(name, n, `Value must be no more than ${def.max}`);
      if (def.type === "LONG" && !Number.isSafeInteger(Number(n))) {
        throw invalid(
          name,
          n,
          `Kafka accepts this LONG, but the simulation keeps times as JS numbers and supports at most ` +
            `${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER)`,
          "simulation",
        );
      }
      return Number(n);
    }
  }
}

function parseBoolean(name: string, raw: unknown): boolean {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string") {
    const t = raw.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
  }
  throw invalid(name, raw, "Expected value to be either true or false");
}

function parseString(def: ConfigKeyDef, raw: unknown): string {
  if (typeof raw === "string") return raw.trim();
  if (def.name === "acks" && typeof raw === "number") return String(raw); // simulation: acks as a JS number
  const expected =
    def.name === "acks" ? `a string ("all", "-1", "0" or "1") or one of the numbers -1, 0, 1` : "a string";
  throw invalid(def.name, raw, `Expected value to be ${expected}, but it was ${kindOf(raw)}`);
}

/** Parse an INT (32-bit) or LONG (64-bit) the way ConfigDef.parseType does. Returns a bigint for LONG strings. */
function parseInteger(name: string, raw: unknown, type: "INT" | "LONG"): number | bigint {
  const [lo, hi] = type === "INT" ? [-(2 ** 31), INT32_MAX] : [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  if (typeof raw === "number") {
    if (Number.isInteger(raw) && raw >= lo && raw <= hi) return raw;
    if (type === "LONG" && Number.isInteger(raw)) return BigInt(raw); // beyond the safe range: refused after the range check
    const what = Number.isNaN(raw)
      ? "NaN"
      : !Number.isFinite(raw)
        ? "infinite"
        : !Number.isInteger(raw)
          ? "a fractional number"
          : `outside the range ${lo} to ${hi}`;
    throw invalid(
      name,
      raw,
      `Expected value to be an integer of type ${type} (a whole number from ${lo} to ${hi}, or a string of one ` +
        `such as "5"), but it was ${what}`,
    );
  }
  if (typeof raw === "string") {
    const t = raw.trim();
    if (/^[+-]?[0-9]+$/.test(t)) {
      const n = BigInt(t);
      if (type === "INT" && n >= BigInt(-(2 ** 31)) && n <= BigInt(INT32_MAX)) return Number(n);
      if (type === "LONG" && n >= INT64_MIN && n <= INT64_MAX) return n;
    }
    throw invalid(name, raw, `Not a number of type ${type}`);
  }
  throw invalid(
    name,
    raw,
    `Expected value to be an integer of type ${type} (a whole number, or a string of one such as "5"), ` +
      `but it was ${kindOf(raw)}`,
  );
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const t = typeof value;
  return t === "object" ? "an object" : t === "undefined" ? "undefined" : `a ${t}`;
}

/** A value as Kafka's message shows it: strings raw, other values in a readable JS form. */
function describeValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === "symbol" || typeof value === "function") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
