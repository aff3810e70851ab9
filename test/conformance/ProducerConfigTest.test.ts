/**
 * Conformance: the producer configuration rules of Apache Kafka 4.x (`ProducerConfig.postProcessParsedConfig`,
 * `postProcessAndValidateIdempotenceConfigs`, `KafkaProducer.configureDeliveryTimeout`). Kafka tests them in
 * clients/src/test/java/org/apache/kafka/clients/producer/ProducerConfigTest and KafkaProducerTest; each case names
 * the method it replays, through the public `resolveProducerConfig` and `Producer`.
 */
import { describe, expect, it } from "vitest";
import { ConfigException, PRODUCER_CONFIG_DEFAULTS, resolveProducerConfig, type ProducerConfigInput } from "kafka-sim";
import { makeCluster, makeProducer } from "./harness.js";

function refusal(input: ProducerConfigInput): string {
  try {
    resolveProducerConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe("ProducerConfigTest", () => {
  // ProducerConfig's definitions (Kafka >= 3.0 defaults; linger.ms 5 since 4.0).
  it("defaults: idempotence on, acks=all, retries=Int.MaxValue, 5 in flight, delivery 120 s, linger 5 ms", () => {
    const c = resolveProducerConfig({});
    expect(c).toMatchObject({ enableIdempotence: true, acks: -1, retries: 2147483647, maxInFlightRequestsPerConnection: 5, deliveryTimeoutMs: 120_000, requestTimeoutMs: 30_000, retryBackoffMs: 100, retryBackoffMaxMs: 1000, lingerMs: 5 });
    expect(PRODUCER_CONFIG_DEFAULTS["linger.ms"]).toBe(5);
  });

  // KafkaProducerTest.testAcksAndIdempotenceForIdempotentProducers: acks≠all with idempotence left at its default
  // turns idempotence off; with enable.idempotence=true set explicitly it is a ConfigException.
  it("testAcksAndIdempotenceForIdempotentProducers: acks=1 turns a defaulted idempotence off, an explicit one throws", () => {
    expect(resolveProducerConfig({ acks: "1" }).enableIdempotence).toBe(false);
    expect(refusal({ acks: "1", "enable.idempotence": true })).toBe("Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
  });

  // KafkaProducerTest.testRetriesAndIdempotenceForIdempotentProducers.
  it("testRetriesAndIdempotenceForIdempotentProducers: retries=0 turns a defaulted idempotence off, an explicit one throws", () => {
    expect(resolveProducerConfig({ retries: 0 }).enableIdempotence).toBe(false);
    expect(refusal({ retries: 0, "enable.idempotence": true })).toBe("Must set retries to non-zero when using the idempotent producer.");
  });

  // KafkaProducerTest.testInflightRequestsAndIdempotenceForIdempotentProducers, as changed in 4.0:
  // more than 5 in flight is a ConfigException even when idempotence was only defaulted; 5 itself is allowed.
  it("testInflightRequestsAndIdempotenceForIdempotentProducers: 6 in flight throws (4.x, even defaulted); 5 is allowed", () => {
    expect(resolveProducerConfig({ "max.in.flight.requests.per.connection": 5 }).enableIdempotence).toBe(true);
    expect(refusal({ "max.in.flight.requests.per.connection": 6 })).toBe("To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.");
    expect(resolveProducerConfig({ "max.in.flight.requests.per.connection": 6, "enable.idempotence": false }).maxInFlightRequestsPerConnection).toBe(6);
  });

  // ProducerConfig.postProcessAndValidateIdempotenceConfigs: a transactional.id needs idempotence.
  it("a transactional.id without idempotence is a ConfigException", () => {
    expect(refusal({ "transactional.id": "tx", "enable.idempotence": false })).toBe("Cannot set a transactional.id without also enabling idempotence.");
    expect(refusal({ "transactional.id": "tx", acks: "1" })).toBe("Cannot set a transactional.id without also enabling idempotence.");
  });

  // KafkaProducerTest.testDeliveryTimeoutAndLingerMsConfig: delivery.timeout.ms >= linger.ms + request.timeout.ms.
  it("testDeliveryTimeoutAndLingerMsConfig: 1000 < 1000 + 1 throws, 1000 >= 999 + 1 is fine", () => {
    expect(refusal({ "delivery.timeout.ms": 1000, "linger.ms": 1000, "request.timeout.ms": 1 })).toMatch(/delivery\.timeout\.ms should be equal to or larger than linger\.ms \+ request\.timeout\.ms/);
    expect(resolveProducerConfig({ "delivery.timeout.ms": 1000, "linger.ms": 999, "request.timeout.ms": 1 }).deliveryTimeoutMs).toBe(1000);
  });

  // ConfigDef's validators (ValidString for acks, Range for retries and max.in.flight).
  it("generic validators: acks outside {all,-1,0,1}, negative retries and 0 in flight are refused with Kafka's message form", () => {
    expect(refusal({ acks: "2" as never })).toMatch(/^Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1$/);
    expect(refusal({ retries: -1 })).toMatch(/^Invalid value -1 for configuration retries: Value must be at least 0$/);
    expect(refusal({ "max.in.flight.requests.per.connection": 0 })).toMatch(/^Invalid value 0 for configuration max\.in\.flight\.requests\.per\.connection: Value must be at least 1$/);
  });

  // min.insync.replicas is a broker/topic setting (LogConfig), never a producer one: the producer refuses it.
  it("min.insync.replicas is not a producer setting", () => {
    expect(() => resolveProducerConfig({ "min.insync.replicas": 2 } as never)).toThrow(/min\.insync\.replicas/);
  });

  // KafkaProducer's constructor resolves the config the same way: the producer runs with what resolveProducerConfig says.
  it("the Producer uses the resolved configuration (acks=0 without idempotence gets no producer id)", () => {
    const c = makeCluster();
    const p = makeProducer(c, { acks: "0" });
    expect(p.idempotent).toBe(false);
    expect(p.producerId).toBe(-1);
  });
});
