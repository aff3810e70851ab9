/**
 * Grader tests for exercise 3, producer-config: Kafka 4.x producer config validation (ConfigDef validators,
 * ProducerConfig.postProcessAndValidateIdempotenceConfigs, KafkaProducer.configureDeliveryTimeout), with Kafka's
 * exact messages (KAFKA-SEMANTICS.md §2).
 */
import { callTest, need, show, type Check } from "../feedback.js";
import type { ExerciseDefinition, LearnerExports } from "../types.js";

const stem = "producer-config";
type Config = Record<string, string | number | boolean | null | undefined>;

const RETRIES = "Must set retries to non-zero when using the idempotent producer.";
const ACKS = "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.";
const IN_FLIGHT = (n: number) =>
  `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${n}.`;
const TXN = "Cannot set a transactional.id without also enabling idempotence.";
const DELIVERY = "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms";

function validate(m: LearnerExports, config: Config): unknown {
  return need<(c: Config) => unknown>(m, "validateProducerConfig", stem)({ ...config });
}

/** The call must return a config whose fields match `expect`. */
function accepts(config: Config, expect: Record<string, unknown>, why: string): Check<LearnerExports> {
  return { sent: `validateProducerConfig(${show(config)})`, call: (m) => validate(m, config), expect, why };
}

function isConfigException(error: unknown): boolean {
  return error instanceof Error && (error.name === "ConfigException" || error.constructor?.name === "ConfigException");
}

/** The call must throw a ConfigException whose message is `message` (or starts with `prefix`). */
function refuses(config: Config, text: { message: string } | { prefix: string }, why: string): Check<LearnerExports> {
  const expected = "message" in text ? `ConfigException: ${text.message}` : `ConfigException: ${text.prefix}…`;
  return {
    sent: `validateProducerConfig(${show(config)})`,
    call: (m) => validate(m, config),
    throws: {
      expect: `${expected} — ${why}`,
      verify: (error) => {
        const message = error instanceof Error ? error.message : "";
        const ok = "message" in text ? message === text.message : message.startsWith(text.prefix);
        if (!ok) return `${expected} (the exact text matters: tools and people search for it) — ${why}`;
        if (!isConfigException(error)) return `${expected} — throw the ConfigException class from the stub, not another error`;
        return undefined;
      },
    },
  };
}

export const producerConfigExercise: ExerciseDefinition = {
  stem,
  title: "producer config validation (ConfigException rules of Kafka 4.x)",
  tests: [
    callTest({
      stem, name: "the defaults: idempotent, acks=all, 5 in flight", points: 2,
      hint: "With nothing set, Kafka ≥ 3.0 gives enable.idempotence=true, acks=all (-1), retries=2147483647, max.in.flight=5, linger.ms=5 (4.x), request.timeout.ms=30000, delivery.timeout.ms=120000.",
      checks: [
        accepts({}, {
          enableIdempotence: true, acks: -1, retries: 2147483647, maxInFlightRequestsPerConnection: 5,
          lingerMs: 5, requestTimeoutMs: 30000, deliveryTimeoutMs: 120000, transactionalId: null,
        }, "Kafka ≥ 3.0 defaults (linger.ms is 5 since 4.0)"),
      ],
    }),
    callTest({
      stem, name: "acks \"all\" and \"-1\" are the same", points: 1,
      hint: "Kafka parses acks=all as -1.",
      checks: [
        accepts({ acks: "all" }, { acks: -1, enableIdempotence: true }, "all means -1"),
        accepts({ acks: "-1" }, { acks: -1, enableIdempotence: true }, "-1 is all"),
      ],
    }),
    callTest({
      stem, name: "max.in.flight=5 is allowed with idempotence", points: 2,
      hint: "The study note says 5 or more throws; Kafka refuses only values above 5 (the broker retains 5 batches per producer).",
      checks: [
        accepts({ "enable.idempotence": true, "max.in.flight.requests.per.connection": 5 }, { enableIdempotence: true, maxInFlightRequestsPerConnection: 5 }, "5 is the default and the maximum"),
        accepts({ "max.in.flight.requests.per.connection": 1 }, { enableIdempotence: true, maxInFlightRequestsPerConnection: 1 }, "1 is fine too"),
      ],
    }),
    callTest({
      stem, name: "explicit idempotence with retries=0 throws", points: 2,
      hint: "When the user asked for idempotence explicitly, a setting that breaks it is an error, not a silent change.",
      checks: [refuses({ "enable.idempotence": true, retries: 0 }, { message: RETRIES }, "idempotence needs retries")],
    }),
    callTest({
      stem, name: "default idempotence with retries=0 is silently turned off", points: 2,
      hint: "If enable.idempotence was left at its default, Kafka turns idempotence off (and logs it) instead of throwing.",
      checks: [accepts({ retries: 0 }, { enableIdempotence: false, retries: 0 }, "idempotence disabled because retries is 0")],
    }),
    callTest({
      stem, name: "explicit idempotence with acks=1 throws", points: 2,
      hint: "Explicit idempotence needs acks=all; the exact message matters.",
      checks: [
        refuses({ "enable.idempotence": true, acks: "1" }, { message: ACKS }, "idempotence needs acks=all"),
        refuses({ "enable.idempotence": "true", acks: 0 }, { message: ACKS }, "the string \"true\" is an explicit setting too"),
      ],
    }),
    callTest({
      stem, name: "default idempotence with acks=0 or 1 is silently turned off", points: 2,
      hint: "Left at its default, idempotence gives way to acks=0/1 without an error.",
      checks: [
        accepts({ acks: "1" }, { enableIdempotence: false, acks: 1 }, "idempotence disabled because acks is not all"),
        accepts({ acks: "0" }, { enableIdempotence: false, acks: 0 }, "idempotence disabled because acks is not all"),
      ],
    }),
    callTest({
      stem, name: "max.in.flight above 5 throws, explicit or default (Kafka 4.x)", points: 2,
      hint: "Since Kafka 4.0 this check throws even when idempotence was only the default (3.x turned it off instead). Put the value in the message.",
      checks: [
        refuses({ "enable.idempotence": true, "max.in.flight.requests.per.connection": 6 }, { message: IN_FLIGHT(6) }, "6 > 5"),
        refuses({ "max.in.flight.requests.per.connection": "10" }, { message: IN_FLIGHT(10) }, "default idempotence: still an error in 4.x"),
      ],
    }),
    callTest({
      stem, name: "max.in.flight above 5 is fine without idempotence", points: 1,
      hint: "The limit exists for idempotence only; with enable.idempotence=false any value ≥ 1 is allowed.",
      checks: [accepts({ "enable.idempotence": false, "max.in.flight.requests.per.connection": 6 }, { enableIdempotence: false, maxInFlightRequestsPerConnection: 6 }, "no idempotence, no limit")],
    }),
    callTest({
      stem, name: "the idempotence checks run in order: retries, acks, max.in.flight", points: 2,
      hint: "Check retries first, then acks, then max.in.flight; the first check that throws decides.",
      checks: [
        refuses({ "enable.idempotence": true, retries: 0, acks: "1" }, { message: RETRIES }, "retries is checked before acks"),
        refuses({ "enable.idempotence": true, acks: "1", "max.in.flight.requests.per.connection": 6 }, { message: ACKS }, "acks is checked before max.in.flight"),
      ],
    }),
    callTest({
      stem, name: "a silent turn-off does not skip the max.in.flight check", points: 2,
      hint: "Turning idempotence off (default + retries=0 or acks≠all) only takes effect after all three checks: max.in.flight > 5 still throws.",
      checks: [
        refuses({ retries: 0, "max.in.flight.requests.per.connection": 6 }, { message: IN_FLIGHT(6) }, "Kafka 4.x: the max.in.flight check still runs"),
        refuses({ acks: "1", "max.in.flight.requests.per.connection": 7 }, { message: IN_FLIGHT(7) }, "Kafka 4.x: the max.in.flight check still runs"),
      ],
    }),
    callTest({
      stem, name: "transactional.id needs idempotence", points: 2,
      hint: "A transactional producer is an idempotent one. Check transactional.id after deciding whether idempotence stays on.",
      checks: [
        refuses({ "enable.idempotence": false, "transactional.id": "orders" }, { message: TXN }, "idempotence is off"),
        refuses({ acks: "1", "transactional.id": "orders" }, { message: TXN }, "acks=1 silently turned idempotence off, so the transactional.id is refused"),
        accepts({ "transactional.id": "orders" }, { enableIdempotence: true, transactionalId: "orders" }, "with the defaults, transactions are fine"),
      ],
    }),
    callTest({
      stem, name: "each value is validated on its own first", points: 2,
      hint: "Before any idempotence rule, each value must be valid: \"Invalid value <value> for configuration <key>: …\".",
      checks: [
        refuses({ acks: "2" }, { prefix: "Invalid value 2 for configuration acks:" }, "acks must be one of all, -1, 0, 1"),
        refuses({ retries: -1 }, { prefix: "Invalid value -1 for configuration retries:" }, "retries must be at least 0"),
        refuses({ "max.in.flight.requests.per.connection": 0 }, { prefix: "Invalid value 0 for configuration max.in.flight.requests.per.connection:" }, "at least 1 request must be allowed in flight"),
        refuses({ "enable.idempotence": "yes" }, { prefix: "Invalid value yes for configuration enable.idempotence:" }, "true or false only"),
      ],
    }),
    callTest({
      stem, name: "values may be strings, as in a .properties file", points: 1,
      hint: "Numbers may arrive as decimal strings (\"3\") and booleans as \"true\"/\"false\" in any case.",
      checks: [
        accepts({ retries: "3", "enable.idempotence": "FALSE", "linger.ms": "20" }, { retries: 3, enableIdempotence: false, lingerMs: 20 }, "strings are parsed"),
      ],
    }),
    callTest({
      stem, name: "delivery.timeout.ms must cover linger.ms + request.timeout.ms", points: 2,
      hint: "Set explicitly too small: ConfigException. Left at its default: Kafka raises it to linger.ms + request.timeout.ms.",
      checks: [
        refuses({ "delivery.timeout.ms": 1000 }, { message: DELIVERY }, "1000 < 5 + 30000"),
        accepts({ "request.timeout.ms": 200000 }, { deliveryTimeoutMs: 200005 }, "the default 120000 is raised to 5 + 200000"),
        accepts({ "delivery.timeout.ms": 30005 }, { deliveryTimeoutMs: 30005 }, "exactly linger.ms + request.timeout.ms is enough"),
      ],
    }),
    callTest({
      stem, name: "min.insync.replicas is not a producer setting", points: 1,
      hint: "min.insync.replicas belongs to the broker/topic; the producer ignores keys it does not know.",
      checks: [accepts({ "min.insync.replicas": 2 }, { enableIdempotence: true, acks: -1 }, "the producer does not check it; acks=all relies on it on the broker")],
    }),
  ],
};
