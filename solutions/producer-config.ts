/**
 * Reference solution — exercise 3, producer-config: the checks Kafka's producer runs on its configuration before it
 * sends anything (Kafka 4.x: ConfigDef's validators, ProducerConfig.postProcessAndValidateIdempotenceConfigs,
 * KafkaProducer.configureDeliveryTimeout).
 */

/** Kafka's org.apache.kafka.common.config.ConfigException. */
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
  transactionalId: string | null;
}

const INT32_MAX = 2147483647;

function isSet(config: Record<string, ProducerConfigValue | undefined>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(config, key) && config[key] !== undefined;
}

function invalid(name: string, value: unknown, why: string): ConfigException {
  return new ConfigException(`Invalid value ${String(value)} for configuration ${name}: ${why}`);
}

function parseInt32(config: Record<string, ProducerConfigValue | undefined>, name: string, fallback: number, min: number): number {
  if (!isSet(config, name)) return fallback;
  const raw = config[name];
  const text = typeof raw === "string" ? raw.trim() : raw;
  const n = typeof text === "number" ? text : typeof text === "string" && /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n > INT32_MAX || n < -INT32_MAX - 1) throw invalid(name, raw, "Not a number of type INT");
  if (n < min) throw invalid(name, raw, `Value must be at least ${min}`);
  return n;
}

function parseBoolean(config: Record<string, ProducerConfigValue | undefined>, name: string, fallback: boolean): boolean {
  if (!isSet(config, name)) return fallback;
  const raw = config[name];
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string" && raw.trim().toLowerCase() === "true") return true;
  if (typeof raw === "string" && raw.trim().toLowerCase() === "false") return false;
  throw invalid(name, raw, "Expected value to be either true or false");
}

function parseAcks(config: Record<string, ProducerConfigValue | undefined>): -1 | 0 | 1 {
  if (!isSet(config, "acks")) return -1;
  const raw = config.acks;
  const text = String(raw).trim();
  if (text === "all" || text === "-1") return -1;
  if (text === "0") return 0;
  if (text === "1") return 1;
  throw invalid("acks", raw, "String must be one of: all, -1, 0, 1");
}

export function validateProducerConfig(config: Record<string, ProducerConfigValue | undefined>): ResolvedProducerConfig {
  // 1. Each value on its own (ConfigDef).
  let enableIdempotence = parseBoolean(config, "enable.idempotence", true);
  const acks = parseAcks(config);
  const retries = parseInt32(config, "retries", INT32_MAX, 0);
  const maxInFlight = parseInt32(config, "max.in.flight.requests.per.connection", 5, 1);
  const lingerMs = parseInt32(config, "linger.ms", 5, 0);
  const requestTimeoutMs = parseInt32(config, "request.timeout.ms", 30000, 0);
  let deliveryTimeoutMs = parseInt32(config, "delivery.timeout.ms", 120000, 0);
  const transactionalId = isSet(config, "transactional.id") ? (config["transactional.id"] === null ? null : String(config["transactional.id"])) : null;

  // 2. Idempotence (ProducerConfig.postProcessAndValidateIdempotenceConfigs).
  const explicit = isSet(config, "enable.idempotence");
  let turnOff = false;
  if (enableIdempotence) {
    if (retries === 0) {
      if (explicit) throw new ConfigException("Must set retries to non-zero when using the idempotent producer.");
      turnOff = true;
    }
    if (acks !== -1) {
      if (explicit) {
        throw new ConfigException("Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
      }
      turnOff = true;
    }
    if (maxInFlight > 5) {
      throw new ConfigException(
        `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${maxInFlight}.`,
      );
    }
  }
  if (turnOff) enableIdempotence = false;

  // 3. transactional.id needs idempotence (checked after idempotence may have been turned off).
  if (!enableIdempotence && isSet(config, "transactional.id")) {
    throw new ConfigException("Cannot set a transactional.id without also enabling idempotence.");
  }

  // 4. delivery.timeout.ms (KafkaProducer.configureDeliveryTimeout).
  if (deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
    if (isSet(config, "delivery.timeout.ms")) {
      throw new ConfigException("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
    }
    deliveryTimeoutMs = lingerMs + requestTimeoutMs;
  }

  return {
    enableIdempotence,
    acks,
    retries,
    maxInFlightRequestsPerConnection: maxInFlight,
    lingerMs,
    requestTimeoutMs,
    deliveryTimeoutMs,
    transactionalId,
  };
}
