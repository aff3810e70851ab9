/**
 * Exercise 3 of 6 — producer-config: the checks Kafka's producer runs on its settings before it sends anything.
 *
 * The study note says "max.in.flight must be 1–5; 5 or more throws". Kafka 4.x says otherwise: 5 is the default
 * and only values ABOVE 5 throw. Implement `validateProducerConfig` the way Kafka 4.x does
 * (ConfigDef's validators, ProducerConfig.postProcessAndValidateIdempotenceConfigs,
 * KafkaProducer.configureDeliveryTimeout). Throw `ConfigException` (below) with Kafka's exact message.
 *
 * Input: producer settings by Kafka's names. A key counts as SET when present with a value other than undefined
 * (null counts as set). Keys other than those below are ignored (Kafka only logs them).
 *   key                                     default      accepted values
 *   enable.idempotence                      true         true/false, or the strings "true"/"false" (any case)
 *   acks                                    "all"        "all", "-1", "0", "1" (or the numbers -1, 0, 1); all = -1
 *   retries                                 2147483647   integer ≥ 0 (number or decimal string such as "3")
 *   max.in.flight.requests.per.connection   5            integer ≥ 1
 *   linger.ms                               5            integer ≥ 0
 *   request.timeout.ms                      30000        integer ≥ 0
 *   delivery.timeout.ms                     120000       integer ≥ 0
 *   transactional.id                        (not set)    any string
 *
 * The checks, in this order; the first one that throws decides:
 *  1. Each value on its own. A bad one throws
 *       "Invalid value <value> for configuration <key>: <why>"
 *     with <why> = "String must be one of: all, -1, 0, 1" (acks), "Value must be at least <min>" (numbers below
 *     their minimum), "Not a number of type INT" (not an integer), "Expected value to be either true or false".
 *  2. Idempotence. Only when enable.idempotence is true (set explicitly, or left at its default). In this order:
 *     a. retries = 0:   set explicitly → "Must set retries to non-zero when using the idempotent producer."
 *                       left at default → idempotence is silently turned off; go on with b.
 *     b. acks is not all: set explicitly → "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."
 *                       left at default → idempotence is silently turned off; go on with c.
 *     c. max.in.flight.requests.per.connection > 5, in both cases (Kafka 4.0+; 3.x only turned idempotence off):
 *        "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is <N>."
 *  3. transactional.id set while idempotence ended up off → "Cannot set a transactional.id without also enabling idempotence."
 *  4. delivery.timeout.ms < linger.ms + request.timeout.ms:
 *       delivery.timeout.ms set explicitly → "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"
 *       left at default → raised to linger.ms + request.timeout.ms (no error).
 * Note min.insync.replicas is a broker/topic setting, not a producer one: the producer ignores it.
 *
 * Rules: import only Node built-ins and relative files of your own. A file that imports from solutions/ or from
 * the library package kafka-sim (which contains the library's own implementation) scores 0 on this exercise.
 *
 * Check your work:  npm run grade -- --only producer-config        (every exercise: npm run grade)
 */

/** Kafka's org.apache.kafka.common.config.ConfigException. Throw this (keep it as it is). */
export class ConfigException extends Error {
  override name = "ConfigException";
}

export type ProducerConfigValue = string | number | boolean | null;

/** The settings this exercise models, after validation. */
export interface ResolvedProducerConfig {
  enableIdempotence: boolean;
  /** -1 means "all". */
  acks: -1 | 0 | 1;
  retries: number;
  maxInFlightRequestsPerConnection: number;
  lingerMs: number;
  requestTimeoutMs: number;
  deliveryTimeoutMs: number;
  /** null when not set. */
  transactionalId: string | null;
}

export function validateProducerConfig(config: Record<string, ProducerConfigValue | undefined>): ResolvedProducerConfig {
  void config;
  throw new Error("not implemented yet: validateProducerConfig (exercises/producer-config.ts)");
}
