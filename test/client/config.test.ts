import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { withLang } from "../../lib/src/kernel/locale.js";
import {
  ConfigException,
  PRODUCER_CONFIG_DEFAULTS,
  PRODUCER_CONFIG_KEYS,
  resolveProducerConfig,
  type ProducerConfigInput,
} from "../../lib/src/client/config.js";

/** Input the type system would refuse: what an untyped notebook cell or a JS caller may pass. */
const untyped = (input: Record<string, unknown>): ProducerConfigInput => input as unknown as ProducerConfigInput;

/** Run `fn`, expect a ConfigException, return it. */
function configError(fn: () => unknown): ConfigException {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException);
    expect((e as Error).name).toBe("ConfigException");
    return e as ConfigException;
  }
  throw new Error("expected a ConfigException, but nothing was thrown");
}

const RETRIES_MSG = "Must set retries to non-zero when using the idempotent producer.";
const ACKS_MSG =
  "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.";
const inFlightMsg = (n: number) =>
  `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${n}.`;
const TXN_MSG = "Cannot set a transactional.id without also enabling idempotence.";
const DELIVERY_MSG = "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms";
const SUPPORTED =
  "Supported by the simulation: retries, acks, batch.size, linger.ms, delivery.timeout.ms, client.id, " +
  "retry.backoff.ms, retry.backoff.max.ms, request.timeout.ms, max.in.flight.requests.per.connection, " +
  "enable.idempotence, transaction.timeout.ms, transactional.id.";
const kafkaOnlyLogs = (key: string) =>
  `(Kafka's producer would only log "These configurations '[${key}]' were supplied but are not used yet." ` +
  `and carry on; the simulation refuses it so that nothing is silently ignored.)`;

describe("defaults (Kafka 4.x ProducerConfig)", () => {
  it("an empty configuration resolves to Kafka's defaults, idempotent, with nothing logged", () => {
    const c = resolveProducerConfig();
    expect({ ...c, explicit: [...c.explicit] }).toEqual({
      acks: -1,
      enableIdempotence: true,
      idempotenceExplicit: false,
      retries: 2147483647,
      maxInFlightRequestsPerConnection: 5,
      deliveryTimeoutMs: 120000,
      requestTimeoutMs: 30000,
      retryBackoffMs: 100,
      retryBackoffMaxMs: 1000,
      lingerMs: 5,
      batchSize: 16384,
      transactionalId: null,
      transactionTimeoutMs: 60000,
      clientId: "",
      warnings: [],
      explicit: [],
    });
  });

  it("PRODUCER_CONFIG_DEFAULTS holds Kafka's names and values and covers every supported key", () => {
    expect(PRODUCER_CONFIG_DEFAULTS).toEqual({
      acks: "all",
      "enable.idempotence": true,
      retries: 2147483647,
      "max.in.flight.requests.per.connection": 5,
      "delivery.timeout.ms": 120000,
      "request.timeout.ms": 30000,
      "retry.backoff.ms": 100,
      "retry.backoff.max.ms": 1000,
      "linger.ms": 5,
      "batch.size": 16384,
      "transactional.id": null,
      "transaction.timeout.ms": 60000,
      "client.id": "",
    });
    expect([...PRODUCER_CONFIG_KEYS].sort()).toEqual(Object.keys(PRODUCER_CONFIG_DEFAULTS).sort());
    expect(Object.isFrozen(PRODUCER_CONFIG_DEFAULTS)).toBe(true);
  });

  it("passing the defaults explicitly gives the same values, and records which keys were set", () => {
    const c = resolveProducerConfig({ ...PRODUCER_CONFIG_DEFAULTS, "transactional.id": undefined });
    expect(c.enableIdempotence).toBe(true);
    expect(c.idempotenceExplicit).toBe(true);
    expect(c.deliveryTimeoutMs).toBe(120000);
    expect(c.explicit.has("transactional.id")).toBe(false); // undefined counts as not set
    expect(c.explicit.size).toBe(PRODUCER_CONFIG_KEYS.length - 1);
  });
});

describe("idempotence table (ProducerConfig.postProcessAndValidateIdempotenceConfigs)", () => {
  describe("retries = 0", () => {
    it("explicit enable.idempotence=true: ConfigException", () => {
      const e = configError(() => resolveProducerConfig({ "enable.idempotence": true, retries: 0 }));
      expect(e.message).toBe(RETRIES_MSG);
      expect(e.key).toBe("retries");
      expect(e.origin).toBe("kafka");
    });
    it("defaulted: idempotence silently turned off, logged", () => {
      const c = resolveProducerConfig({ retries: 0 });
      expect(c.enableIdempotence).toBe(false);
      expect(c.idempotenceExplicit).toBe(false);
      expect(c.retries).toBe(0);
      expect(c.warnings).toEqual(["Idempotence will be disabled because retries is set to 0."]);
    });
  });

  describe("acks ≠ all", () => {
    for (const acks of [0, 1, "0", "1"] as const) {
      it(`explicit enable.idempotence=true, acks=${JSON.stringify(acks)}: ConfigException`, () => {
        const e = configError(() => resolveProducerConfig({ "enable.idempotence": true, acks }));
        expect(e.message).toBe(ACKS_MSG);
        expect(e.key).toBe("acks");
      });
      it(`defaulted, acks=${JSON.stringify(acks)}: idempotence silently turned off, logged`, () => {
        const c = resolveProducerConfig({ acks });
        expect(c.enableIdempotence).toBe(false);
        expect(c.acks).toBe(Number(acks));
        expect(c.warnings).toEqual([
          `Idempotence will be disabled because acks is set to ${Number(acks)}, not set to 'all'.`,
        ]);
      });
    }
    it('acks "all" and "-1" (and -1) all mean -1 and keep idempotence', () => {
      for (const acks of ["all", "-1", -1] as const) {
        const c = resolveProducerConfig({ "enable.idempotence": true, acks });
        expect(c.acks).toBe(-1);
        expect(c.enableIdempotence).toBe(true);
      }
    });
  });

  describe("max.in.flight.requests.per.connection > 5", () => {
    it("explicit enable.idempotence=true: ConfigException naming the value", () => {
      const e = configError(() =>
        resolveProducerConfig({ "enable.idempotence": true, "max.in.flight.requests.per.connection": 6 }),
      );
      expect(e.message).toBe(inFlightMsg(6));
      expect(e.key).toBe("max.in.flight.requests.per.connection");
    });
    it("defaulted: the same ConfigException (Kafka 4.0+; 3.x turned idempotence off)", () => {
      const e = configError(() => resolveProducerConfig({ "max.in.flight.requests.per.connection": "10" }));
      expect(e.message).toBe(inFlightMsg(10));
    });
    it("exactly 5 is allowed, explicit or defaulted (the note's '5 or more throws' is wrong)", () => {
      expect(resolveProducerConfig({ "max.in.flight.requests.per.connection": 5 }).enableIdempotence).toBe(true);
      expect(
        resolveProducerConfig({ "enable.idempotence": true, "max.in.flight.requests.per.connection": 5 })
          .maxInFlightRequestsPerConnection,
      ).toBe(5);
    });
    it("enable.idempotence=false: any value ≥ 1 is fine", () => {
      const c = resolveProducerConfig({ "enable.idempotence": false, "max.in.flight.requests.per.connection": 50 });
      expect(c.enableIdempotence).toBe(false);
      expect(c.maxInFlightRequestsPerConnection).toBe(50);
      expect(c.warnings).toEqual([]);
    });
  });

  describe("check order: the first failing check decides", () => {
    it("explicit: retries before acks before max.in.flight", () => {
      const all = { "enable.idempotence": true, retries: 0, acks: "1", "max.in.flight.requests.per.connection": 9 } as const;
      expect(configError(() => resolveProducerConfig(all)).message).toBe(RETRIES_MSG);
      expect(configError(() => resolveProducerConfig({ ...all, retries: 3 })).message).toBe(ACKS_MSG);
      expect(configError(() => resolveProducerConfig({ ...all, retries: 3, acks: "all" })).message).toBe(inFlightMsg(9));
    });
    it("defaulted: retries=0 and acks=0 are both logged, in that order", () => {
      const c = resolveProducerConfig({ retries: 0, acks: 0 });
      expect(c.enableIdempotence).toBe(false);
      expect(c.warnings).toEqual([
        "Idempotence will be disabled because retries is set to 0.",
        "Idempotence will be disabled because acks is set to 0, not set to 'all'.",
      ]);
    });
    it("defaulted: max.in.flight > 5 still throws after retries/acks decided to turn idempotence off (4.x)", () => {
      const e = configError(() =>
        resolveProducerConfig({ retries: 0, acks: 1, "max.in.flight.requests.per.connection": 6 }),
      );
      expect(e.message).toBe(inFlightMsg(6));
    });
    it("explicit false: no idempotence checks at all", () => {
      const c = resolveProducerConfig({
        "enable.idempotence": "false",
        retries: 0,
        acks: 0,
        "max.in.flight.requests.per.connection": 6,
      });
      expect(c).toMatchObject({ enableIdempotence: false, idempotenceExplicit: true, retries: 0, acks: 0 });
      expect(c.warnings).toEqual([]);
    });
  });
});

describe("transactional.id", () => {
  it("with idempotence on (defaulted) it is accepted, and names the client producer-<id>", () => {
    const c = resolveProducerConfig({ "transactional.id": "  orders-tx " });
    expect(c.transactionalId).toBe("orders-tx"); // ConfigDef trims strings
    expect(c.enableIdempotence).toBe(true);
    expect(c.clientId).toBe("producer-orders-tx");
  });
  it("an explicit client.id wins over the producer-<id> name", () => {
    expect(resolveProducerConfig({ "transactional.id": "t", "client.id": "app" }).clientId).toBe("app");
  });
  it("with enable.idempotence=false: ConfigException", () => {
    const e = configError(() => resolveProducerConfig({ "enable.idempotence": false, "transactional.id": "t" }));
    expect(e.message).toBe(TXN_MSG);
    expect(e.key).toBe("transactional.id");
  });
  it("when a defaulted idempotence is turned off by acks=1: ConfigException (checked after the idempotence rules)", () => {
    const e = configError(() => resolveProducerConfig({ acks: "1", "transactional.id": "t" }));
    expect(e.message).toBe(TXN_MSG);
  });
  it("when a defaulted idempotence is turned off by retries=0: ConfigException", () => {
    expect(configError(() => resolveProducerConfig({ retries: "0", "transactional.id": "t" })).message).toBe(TXN_MSG);
  });
  it("explicitly null still counts as set, as in Kafka (originals().containsKey)", () => {
    expect(resolveProducerConfig({ "transactional.id": null }).transactionalId).toBeNull();
    const e = configError(() => resolveProducerConfig({ "enable.idempotence": false, "transactional.id": null }));
    expect(e.message).toBe(TXN_MSG);
  });
  it("an empty string is refused by NonEmptyString (after trimming)", () => {
    const e = configError(() => resolveProducerConfig({ "transactional.id": "   " }));
    expect(e.message).toBe("Invalid value  for configuration transactional.id: String must be non-empty");
  });
});

describe("delivery.timeout.ms ≥ linger.ms + request.timeout.ms (KafkaProducer.configureDeliveryTimeout)", () => {
  it("explicitly set too small: ConfigException", () => {
    const e = configError(() => resolveProducerConfig({ "delivery.timeout.ms": 30004 }));
    expect(e.message).toBe(DELIVERY_MSG);
    expect(e.key).toBe("delivery.timeout.ms");
  });
  it("explicitly set to exactly linger + request timeout: accepted", () => {
    expect(resolveProducerConfig({ "delivery.timeout.ms": 30005 }).deliveryTimeoutMs).toBe(30005);
    expect(
      resolveProducerConfig({ "delivery.timeout.ms": 1000, "linger.ms": 0, "request.timeout.ms": 1000 }).deliveryTimeoutMs,
    ).toBe(1000);
  });
  it("left at its default and too small: raised to linger + request timeout, with Kafka's WARN", () => {
    const c = resolveProducerConfig({ "request.timeout.ms": 200000, "linger.ms": 20 });
    expect(c.deliveryTimeoutMs).toBe(200020);
    expect(c.warnings).toEqual([
      "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to 200020.",
    ]);
  });
  it("linger.ms (a LONG) is capped at Int32 max, and so is the sum", () => {
    const c = resolveProducerConfig({ "linger.ms": "5000000000" });
    expect(c.lingerMs).toBe(2147483647);
    expect(c.deliveryTimeoutMs).toBe(2147483647);
    expect(c.warnings).toEqual([
      "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to 2147483647.",
    ]);
  });
  it("an idempotence error is reported before the delivery timeout one (ProducerConfig runs first)", () => {
    const e = configError(() => resolveProducerConfig({ "enable.idempotence": true, retries: 0, "delivery.timeout.ms": 1 }));
    expect(e.message).toBe(RETRIES_MSG);
  });
});

describe("other post-processing", () => {
  it("retry.backoff.ms > retry.backoff.max.ms logs Kafka's static-backoff warning first", () => {
    const c = resolveProducerConfig({ "retry.backoff.ms": 2000, retries: 0 });
    expect(c.retryBackoffMs).toBe(2000);
    expect(c.warnings).toEqual([
      "Configuration 'retry.backoff.ms' with value '2000' is greater than configuration 'retry.backoff.max.ms' " +
        "with value '1000'. A static backoff with value '1000' will be applied.",
      "Idempotence will be disabled because retries is set to 0.",
    ]);
  });
  it("transaction.timeout.ms has no client-side validator in Kafka; the coordinator checks it", () => {
    expect(resolveProducerConfig({ "transaction.timeout.ms": -1 }).transactionTimeoutMs).toBe(-1);
  });
  it("the resolved config is frozen", () => {
    const c = resolveProducerConfig();
    expect(Object.isFrozen(c)).toBe(true);
  });
});

describe("string forms, as java.util.Properties holds them", () => {
  it("ints, longs, booleans and acks parse from strings (trimmed, booleans in any case)", () => {
    const c = resolveProducerConfig({
      "enable.idempotence": " TRUE " as unknown as "true", // Kafka ignores case and blanks
      acks: "-1",
      retries: " 7",
      "max.in.flight.requests.per.connection": "+3",
      "delivery.timeout.ms": "40000",
      "request.timeout.ms": "0030000",
      "retry.backoff.ms": "250",
      "retry.backoff.max.ms": "5000",
      "linger.ms": "0",
      "batch.size": "0",
      "transaction.timeout.ms": "-5",
      "client.id": " app-1 ",
    });
    expect(c).toMatchObject({
      enableIdempotence: true,
      idempotenceExplicit: true,
      acks: -1,
      retries: 7,
      maxInFlightRequestsPerConnection: 3,
      deliveryTimeoutMs: 40000,
      requestTimeoutMs: 30000,
      retryBackoffMs: 250,
      retryBackoffMaxMs: 5000,
      lingerMs: 0,
      batchSize: 0,
      transactionTimeoutMs: -5,
      clientId: "app-1",
      warnings: [],
    });
  });
});

describe("bad values: ConfigDef's messages, naming the key, the value and what is allowed", () => {
  const cases: [string, Record<string, unknown>, string, ("kafka" | "simulation")?][] = [
    ["acks outside the set", { acks: "2" }, "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"],
    ["acks is case-sensitive", { acks: "ALL" }, "Invalid value ALL for configuration acks: String must be one of: all, -1, 0, 1"],
    ["acks as another number", { acks: 2 }, "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"],
    ["acks null", { acks: null }, "Invalid value null for configuration acks: String must be one of: all, -1, 0, 1"],
    [
      "acks as a boolean",
      { acks: true },
      'Invalid value true for configuration acks: Expected value to be a string ("all", "-1", "0" or "1") or one of the numbers -1, 0, 1, but it was a boolean',
    ],
    ["retries not a number", { retries: "abc" }, "Invalid value abc for configuration retries: Not a number of type INT"],
    ["retries not whole", { retries: "5.0" }, "Invalid value 5.0 for configuration retries: Not a number of type INT"],
    ["retries above Int32", { retries: "2147483648" }, "Invalid value 2147483648 for configuration retries: Not a number of type INT"],
    ["retries empty", { retries: "" }, "Invalid value  for configuration retries: Not a number of type INT"],
    ["retries negative", { retries: -1 }, "Invalid value -1 for configuration retries: Value must be at least 0"],
    ["retries negative string", { retries: " -2 " }, "Invalid value -2 for configuration retries: Value must be at least 0"],
    ["retries null", { retries: null }, "Invalid value null for configuration retries: Value must be non-null"],
    [
      "retries fractional",
      { retries: 1.5 },
      'Invalid value 1.5 for configuration retries: Expected value to be an integer of type INT (a whole number from -2147483648 to 2147483647, or a string of one such as "5"), but it was a fractional number',
    ],
    [
      "retries NaN",
      { retries: NaN },
      'Invalid value NaN for configuration retries: Expected value to be an integer of type INT (a whole number from -2147483648 to 2147483647, or a string of one such as "5"), but it was NaN',
    ],
    [
      "retries above Int32 as a number",
      { retries: 2 ** 31 },
      'Invalid value 2147483648 for configuration retries: Expected value to be an integer of type INT (a whole number from -2147483648 to 2147483647, or a string of one such as "5"), but it was outside the range -2147483648 to 2147483647',
    ],
    [
      "retries as an object",
      { retries: { n: 1 } },
      'Invalid value {"n":1} for configuration retries: Expected value to be an integer of type INT (a whole number, or a string of one such as "5"), but it was an object',
    ],
    [
      "retries as an array",
      { retries: [1] },
      'Invalid value [1] for configuration retries: Expected value to be an integer of type INT (a whole number, or a string of one such as "5"), but it was an array',
    ],
    [
      "retries as a boolean",
      { retries: true },
      'Invalid value true for configuration retries: Expected value to be an integer of type INT (a whole number, or a string of one such as "5"), but it was a boolean',
    ],
    [
      "max.in.flight below 1",
      { "max.in.flight.requests.per.connection": 0 },
      "Invalid value 0 for configuration max.in.flight.requests.per.connection: Value must be at least 1",
    ],
    ["delivery.timeout.ms negative", { "delivery.timeout.ms": -1 }, "Invalid value -1 for configuration delivery.timeout.ms: Value must be at least 0"],
    ["request.timeout.ms negative", { "request.timeout.ms": "-1" }, "Invalid value -1 for configuration request.timeout.ms: Value must be at least 0"],
    ["batch.size negative", { "batch.size": -1 }, "Invalid value -1 for configuration batch.size: Value must be at least 0"],
    ["linger.ms not a number", { "linger.ms": "5ms" }, "Invalid value 5ms for configuration linger.ms: Not a number of type LONG"],
    ["linger.ms negative", { "linger.ms": -5 }, "Invalid value -5 for configuration linger.ms: Value must be at least 0"],
    [
      "linger.ms beyond Int64",
      { "linger.ms": "9223372036854775808" },
      "Invalid value 9223372036854775808 for configuration linger.ms: Not a number of type LONG",
    ],
    [
      "linger.ms a valid LONG beyond JS's safe integers",
      { "linger.ms": "9007199254740993" },
      "Invalid value 9007199254740993 for configuration linger.ms: Kafka accepts this LONG, but the simulation keeps times as JS numbers and supports at most 9007199254740991 (Number.MAX_SAFE_INTEGER)",
      "simulation",
    ],
    ["retry.backoff.ms negative", { "retry.backoff.ms": -1 }, "Invalid value -1 for configuration retry.backoff.ms: Value must be at least 0"],
    ["retry.backoff.max.ms negative", { "retry.backoff.max.ms": "-1" }, "Invalid value -1 for configuration retry.backoff.max.ms: Value must be at least 0"],
    [
      "enable.idempotence not a boolean",
      { "enable.idempotence": "yes" },
      "Invalid value yes for configuration enable.idempotence: Expected value to be either true or false",
    ],
    [
      "enable.idempotence as a number",
      { "enable.idempotence": 1 },
      "Invalid value 1 for configuration enable.idempotence: Expected value to be either true or false",
    ],
    [
      "client.id as a number",
      { "client.id": 5 },
      "Invalid value 5 for configuration client.id: Expected value to be a string, but it was a number",
    ],
    [
      "transactional.id as a number",
      { "transactional.id": 7 },
      "Invalid value 7 for configuration transactional.id: Expected value to be a string, but it was a number",
    ],
    [
      "transaction.timeout.ms not a number",
      { "transaction.timeout.ms": "1m" },
      "Invalid value 1m for configuration transaction.timeout.ms: Not a number of type INT",
    ],
  ];
  for (const [title, input, message, origin = "kafka"] of cases) {
    it(title, () => {
      const e = configError(() => resolveProducerConfig(untyped(input)));
      expect(e.message).toBe(message);
      expect(e.key).toBe(Object.keys(input)[0]);
      expect(e.origin).toBe(origin);
    });
  }

  it("with several bad values, the first in ProducerConfig's definition order is reported", () => {
    const e = configError(() => resolveProducerConfig(untyped({ "enable.idempotence": "maybe", retries: -1 })));
    expect(e.message).toBe("Invalid value -1 for configuration retries: Value must be at least 0");
  });

  it("a configuration that is not an object", () => {
    for (const bad of [null, [], "acks=all", 5, new Map([["acks", "0"]])]) {
      const e = configError(() => resolveProducerConfig(bad as unknown as ProducerConfigInput));
      expect(e.message).toMatch(/^A producer configuration must be an object keyed by Kafka's producer config names/);
      expect(e.message).toContain(SUPPORTED);
      expect(e.origin).toBe("simulation");
    }
    expect(configError(() => resolveProducerConfig(new Map() as unknown as ProducerConfigInput)).message).toContain(
      "got a Map (pass Object.fromEntries(map) instead).",
    );
  });
});

describe("keys: unknown, not modelled, or not producer settings at all", () => {
  it("a typo gets a suggestion, the supported keys, and says Kafka would only log it", () => {
    const e = configError(() => resolveProducerConfig(untyped({ "enable.idempotency": true })));
    expect(e.message).toBe(
      `Unknown producer config "enable.idempotency": Kafka has no producer setting by that name ` +
        `(did you mean "enable.idempotence"?). ${SUPPORTED} ${kafkaOnlyLogs("enable.idempotency")}`,
    );
    expect(e.key).toBe("enable.idempotency");
    expect(e.origin).toBe("simulation");
  });
  it("camelCase, snake_case and kafkajs names point at Kafka's name", () => {
    const expectations: [string, string][] = [
      ["enableIdempotence", "enable.idempotence"],
      ["maxInFlightRequestsPerConnection", "max.in.flight.requests.per.connection"],
      ["deliveryTimeoutMs", "delivery.timeout.ms"],
      ["TRANSACTIONAL_ID", "transactional.id"],
      ["idempotent", "enable.idempotence"],
      ["maxInFlightRequests", "max.in.flight.requests.per.connection"],
      ["transactionTimeout", "transaction.timeout.ms"],
      ["retires", "retries"],
    ];
    for (const [given, meant] of expectations) {
      const e = configError(() => resolveProducerConfig(untyped({ [given]: 1 })));
      expect(e.message).toContain(`Unknown producer config "${given}": Kafka has no producer setting by that name (did you mean "${meant}"?).`);
    }
  });
  it("a name far from every supported key gets no suggestion", () => {
    const e = configError(() => resolveProducerConfig(untyped({ "foo.bar.baz": 1 })));
    expect(e.message).toBe(
      `Unknown producer config "foo.bar.baz": Kafka has no producer setting by that name. ${SUPPORTED} ${kafkaOnlyLogs("foo.bar.baz")}`,
    );
  });
  for (const key of ["compression.type", "max.block.ms", "buffer.memory", "key.serializer", "bootstrap.servers", "ssl.truststore.location"]) {
    it(`${key}: a real Kafka producer setting the simulation does not model`, () => {
      const e = configError(() => resolveProducerConfig(untyped({ acks: "all", [key]: "x" })));
      expect(e.message).toBe(
        `"${key}" is a real Kafka producer setting, but the simulation does not model it, so here it would have ` +
          `no effect; remove it. ${SUPPORTED}`,
      );
      expect(e.key).toBe(key);
      expect(e.origin).toBe("simulation");
    });
  }
  it("min.insync.replicas is a broker/topic setting, never a producer config", () => {
    const e = configError(() => resolveProducerConfig(untyped({ acks: "all", "min.insync.replicas": 2 })));
    expect(e.message).toBe(
      `"min.insync.replicas" is a broker/topic setting, never a producer config: set it on the cluster (broker default) ` +
        `or the topic. The producer never reads it: with acks=all the partition leader refuses a produce with ` +
        `NOT_ENOUGH_REPLICAS while the ISR has fewer than min.insync.replicas members. ${SUPPORTED} ` +
        kafkaOnlyLogs("min.insync.replicas"),
    );
    expect(e.key).toBe("min.insync.replicas");
  });
  it("other broker settings and consumer settings are named as such", () => {
    expect(configError(() => resolveProducerConfig(untyped({ "producer.id.expiration.ms": 1 }))).message).toMatch(
      /^"producer\.id\.expiration\.ms" is a broker setting, never a producer config: set it on the cluster\. /,
    );
    expect(configError(() => resolveProducerConfig(untyped({ "isolation.level": "read_committed" }))).message).toBe(
      `"isolation.level" is a Kafka consumer setting, not a producer config. ${SUPPORTED} ${kafkaOnlyLogs("isolation.level")}`,
    );
  });
  it("unknown keys are reported before bad values, and undefined values count as not set", () => {
    const e = configError(() => resolveProducerConfig(untyped({ retries: -1, "compression.type": "gzip" })));
    expect(e.key).toBe("compression.type");
    const c = resolveProducerConfig(untyped({ acks: undefined, "linger.ms": undefined }));
    expect(c.explicit.size).toBe(0);
    expect(c.acks).toBe(-1);
  });
});

describe("properties", () => {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log("seed", seed, `(replay: FC_SEED=${seed} npx vitest run test/config.test.ts)`);

  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const inputArb = fc.record(
    {
      acks: optional(fc.constantFrom("all", "-1", "0", "1", -1, 0, 1)),
      "enable.idempotence": optional(fc.constantFrom(true, false, "true", "false")),
      retries: optional(fc.oneof(fc.constantFrom(0, 1, 2147483647), fc.integer({ min: 0, max: 10 }).map(String))),
      "max.in.flight.requests.per.connection": optional(fc.integer({ min: 1, max: 8 })),
      "delivery.timeout.ms": optional(fc.integer({ min: 0, max: 200_000 })),
      "request.timeout.ms": optional(fc.integer({ min: 0, max: 200_000 })),
      "linger.ms": optional(fc.integer({ min: 0, max: 1000 })),
      "transactional.id": optional(fc.constantFrom("tx-a", "tx-b")),
    },
    { requiredKeys: [] },
  );

  it("resolveProducerConfig never leaves idempotence enabled with acks≠all, retries=0 or maxInFlight>5, never drops an explicit enable.idempotence=true, and keeps deliveryTimeoutMs ≥ linger + request timeout", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        let c;
        try {
          c = resolveProducerConfig(input as ProducerConfigInput);
        } catch (e) {
          if (!(e instanceof ConfigException) || e.origin !== "kafka") throw e;
          return; // Kafka refuses this combination too
        }
        if (c.enableIdempotence) {
          expect(c.acks).toBe(-1);
          expect(c.retries).toBeGreaterThan(0);
          expect(c.maxInFlightRequestsPerConnection).toBeLessThanOrEqual(5);
        }
        if (c.idempotenceExplicit && String(input["enable.idempotence"]) === "true") expect(c.enableIdempotence).toBe(true);
        if (c.transactionalId !== null) expect(c.enableIdempotence).toBe(true);
        expect(c.deliveryTimeoutMs).toBeGreaterThanOrEqual(c.lingerMs + c.requestTimeoutMs);
        if (c.deliveryTimeoutMs !== (input["delivery.timeout.ms"] ?? 120000)) {
          expect(c.explicit.has("delivery.timeout.ms")).toBe(false);
          expect(c.warnings.at(-1)).toBe(
            `delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to ${c.deliveryTimeoutMs}.`,
          );
        }
        expect([...c.explicit].sort()).toEqual(Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined).sort());
      }),
      { seed, numRuns: 1000 },
    );
  });

  it("a defaulted enable.idempotence is turned off (never refused) by retries=0 or acks≠all, whenever max.in.flight ≤ 5", () => {
    fc.assert(
      fc.property(inputArb, (generated) => {
        const input = {
          ...generated,
          "enable.idempotence": undefined,
          "transactional.id": undefined,
          "delivery.timeout.ms": undefined,
          "max.in.flight.requests.per.connection": Math.min(generated["max.in.flight.requests.per.connection"] ?? 5, 5),
        };
        const c = resolveProducerConfig(input as ProducerConfigInput);
        const acksAll = input.acks === undefined || String(input.acks) === "all" || String(input.acks) === "-1";
        const retriesZero = input.retries !== undefined && Number(input.retries) === 0;
        expect(c.enableIdempotence).toBe(acksAll && !retriesZero);
        expect(c.warnings.filter((w) => w.startsWith("Idempotence will be disabled")).length).toBe(
          Number(retriesZero) + Number(!acksAll),
        );
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe("in the Korean edition", () => {
  const messageOf = (input: Record<string, unknown>): { message: string; origin: string } => {
    try {
      resolveProducerConfig(untyped(input));
    } catch (e) {
      if (e instanceof ConfigException) return { message: e.message, origin: e.origin };
      throw e;
    }
    throw new Error(`${JSON.stringify(input)} was accepted`);
  };
  it("Kafka's own ConfigException texts stay exactly as Kafka prints them", () => {
    for (const input of [{ "enable.idempotence": true, retries: 0 }, { "enable.idempotence": true, acks: "1" }, { "max.in.flight.requests.per.connection": 6 }, { acks: "2" }, { "delivery.timeout.ms": 1000 }]) {
      const en = messageOf(input);
      const ko = withLang("ko", () => messageOf(input));
      expect(en.origin).toBe("kafka");
      expect(ko).toEqual(en);
    }
  });
  it("the simulation's own refusals are in Korean, quoting Kafka's log line as Kafka writes it", () => {
    const broker = withLang("ko", () => messageOf({ "min.insync.replicas": 2 }));
    expect(broker.origin).toBe("simulation");
    expect(broker.message).toMatch(/^"min\.insync\.replicas"는 프로듀서 설정이 아니라 브로커\/토픽 설정입니다\. 클러스터\(브로커 기본값\)나 토픽에 설정하세요\. 프로듀서는 이 설정을 읽지 않습니다/);
    expect(broker.message).toContain(`시뮬레이션이 지원하는 설정: ${PRODUCER_CONFIG_KEYS.join(", ")}.`);
    expect(broker.message).toContain(`"These configurations '[min.insync.replicas]' were supplied but are not used yet."`);
    expect(withLang("ko", () => messageOf({ "enable.idempotency": true })).message).toMatch(/^알 수 없는 프로듀서 설정 "enable\.idempotency": .*\("enable\.idempotence"을\(를\) 뜻했나요\?\)/);
    expect(withLang("ko", () => messageOf({ "isolation.level": "read_committed" })).message).toMatch(/^"isolation\.level"는 프로듀서 설정이 아니라 Kafka 컨슈머 설정입니다\./);
    expect(withLang("ko", () => messageOf({ "compression.type": "lz4" })).message).toMatch(/^"compression\.type"는 실제 Kafka 프로듀서 설정이지만/);
    expect(messageOf({ "min.insync.replicas": 2 }).message).toMatch(/^"min\.insync\.replicas" is a broker\/topic setting, never a producer config/);
  });
});
