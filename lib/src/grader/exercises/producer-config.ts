/**
 * Grader tests for exercise 3, producer-config: Kafka 4.x producer config validation (ConfigDef validators,
 * ProducerConfig.postProcessAndValidateIdempotenceConfigs, KafkaProducer.configureDeliveryTimeout), with Kafka's
 * exact messages (KAFKA-SEMANTICS.md §2).
 */
import { tr } from "../../kernel/locale.js";
import { callTest, need, show, type Check } from "../feedback.js";
import type { ExerciseDefinition, LearnerExports, Text } from "../types.js";

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
function accepts(config: Config, expect: Record<string, unknown>, why: Text): Check<LearnerExports> {
  return { sent: `validateProducerConfig(${show(config)})`, call: (m) => validate(m, config), expect, why };
}

function isConfigException(error: unknown): boolean {
  return error instanceof Error && (error.name === "ConfigException" || error.constructor?.name === "ConfigException");
}

/**
 * The call must throw a ConfigException whose message is `message` (or starts with `prefix`). The message is Kafka's
 * own text, in English in every edition of the course.
 */
function refuses(config: Config, text: { message: string } | { prefix: string }, why: Text): Check<LearnerExports> {
  const expected = "message" in text ? `ConfigException: ${text.message}` : `ConfigException: ${text.prefix}…`;
  return {
    sent: `validateProducerConfig(${show(config)})`,
    call: (m) => validate(m, config),
    throws: {
      expect: { en: `${expected} — ${why.en}`, ko: `${expected} — ${why.ko}` },
      verify: (error) => {
        const message = error instanceof Error ? error.message : "";
        const ok = "message" in text ? message === text.message : message.startsWith(text.prefix);
        if (!ok) {
          return tr({
            en: `${expected} (the exact text matters: tools and people search for it) — ${why.en}`,
            ko: `${expected} (문구가 정확해야 합니다. 도구와 사람이 이 문구로 검색합니다) — ${why.ko}`,
          });
        }
        if (!isConfigException(error)) {
          return tr({
            en: `${expected} — throw the ConfigException class from the stub, not another error`,
            ko: `${expected} — 다른 오류가 아니라 뼈대 코드의 ConfigException 클래스를 던지세요`,
          });
        }
        return undefined;
      },
    },
  };
}

export const producerConfigExercise: ExerciseDefinition = {
  stem,
  title: { en: "producer config validation (ConfigException rules of Kafka 4.x)", ko: "프로듀서 설정 검증 (Kafka 4.x의 ConfigException 규칙)" },
  tests: [
    callTest({
      stem, name: { en: "the defaults: idempotent, acks=all, 5 in flight", ko: "기본값: 멱등성, acks=all, 전송 중인 요청 5개" }, points: 2,
      hint: { en: "With nothing set, Kafka ≥ 3.0 gives enable.idempotence=true, acks=all (-1), retries=2147483647, max.in.flight=5, linger.ms=5 (4.x), request.timeout.ms=30000, delivery.timeout.ms=120000.", ko: "아무것도 설정하지 않으면 Kafka ≥ 3.0은 enable.idempotence=true, acks=all (-1), retries=2147483647, max.in.flight=5, linger.ms=5 (4.x), request.timeout.ms=30000, delivery.timeout.ms=120000을 씁니다." },
      checks: [
        accepts({}, {
          enableIdempotence: true, acks: -1, retries: 2147483647, maxInFlightRequestsPerConnection: 5,
          lingerMs: 5, requestTimeoutMs: 30000, deliveryTimeoutMs: 120000, transactionalId: null,
        }, { en: "Kafka ≥ 3.0 defaults (linger.ms is 5 since 4.0)", ko: "Kafka ≥ 3.0의 기본값 (linger.ms는 4.0부터 5)" }),
      ],
    }),
    callTest({
      stem, name: { en: "acks \"all\" and \"-1\" are the same", ko: "acks \"all\"과 \"-1\"은 같습니다" }, points: 1,
      hint: { en: "Kafka parses acks=all as -1.", ko: "Kafka는 acks=all을 -1로 읽습니다." },
      checks: [
        accepts({ acks: "all" }, { acks: -1, enableIdempotence: true }, { en: "all means -1", ko: "all은 -1입니다" }),
        accepts({ acks: "-1" }, { acks: -1, enableIdempotence: true }, { en: "-1 is all", ko: "-1은 all입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "max.in.flight=5 is allowed with idempotence", ko: "멱등성과 함께 max.in.flight=5를 쓸 수 있습니다" }, points: 2,
      hint: { en: "The study note says 5 or more throws; Kafka refuses only values above 5 (the broker retains 5 batches per producer).", ko: "스터디 노트는 5 이상이면 예외가 난다고 씁니다. Kafka는 5보다 큰 값만 거부합니다 (브로커는 프로듀서마다 배치 5개를 보관합니다)." },
      checks: [
        accepts({ "enable.idempotence": true, "max.in.flight.requests.per.connection": 5 }, { enableIdempotence: true, maxInFlightRequestsPerConnection: 5 }, { en: "5 is the default and the maximum", ko: "5는 기본값이자 최댓값입니다" }),
        accepts({ "max.in.flight.requests.per.connection": 1 }, { enableIdempotence: true, maxInFlightRequestsPerConnection: 1 }, { en: "1 is fine too", ko: "1도 괜찮습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "explicit idempotence with retries=0 throws", ko: "멱등성을 명시하고 retries=0이면 예외가 납니다" }, points: 2,
      hint: { en: "When the user asked for idempotence explicitly, a setting that breaks it is an error, not a silent change.", ko: "사용자가 멱등성을 명시적으로 요청했다면 이를 깨는 설정은 조용히 바꿀 일이 아니라 오류입니다." },
      checks: [refuses({ "enable.idempotence": true, retries: 0 }, { message: RETRIES }, { en: "idempotence needs retries", ko: "멱등성에는 재시도가 필요합니다" })],
    }),
    callTest({
      stem, name: { en: "default idempotence with retries=0 is silently turned off", ko: "멱등성이 기본값이고 retries=0이면 멱등성이 조용히 꺼집니다" }, points: 2,
      hint: { en: "If enable.idempotence was left at its default, Kafka turns idempotence off (and logs it) instead of throwing.", ko: "enable.idempotence를 기본값으로 두었다면 Kafka는 예외를 던지지 않고 멱등성을 끕니다 (로그는 남깁니다)." },
      checks: [accepts({ retries: 0 }, { enableIdempotence: false, retries: 0 }, { en: "idempotence disabled because retries is 0", ko: "retries가 0이라서 멱등성이 꺼졌습니다" })],
    }),
    callTest({
      stem, name: { en: "explicit idempotence with acks=1 throws", ko: "멱등성을 명시하고 acks=1이면 예외가 납니다" }, points: 2,
      hint: { en: "Explicit idempotence needs acks=all; the exact message matters.", ko: "멱등성을 명시하면 acks=all이 필요합니다. 메시지 문구도 정확해야 합니다." },
      checks: [
        refuses({ "enable.idempotence": true, acks: "1" }, { message: ACKS }, { en: "idempotence needs acks=all", ko: "멱등성에는 acks=all이 필요합니다" }),
        refuses({ "enable.idempotence": "true", acks: 0 }, { message: ACKS }, { en: "the string \"true\" is an explicit setting too", ko: "문자열 \"true\"도 명시적인 설정입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "default idempotence with acks=0 or 1 is silently turned off", ko: "멱등성이 기본값이고 acks=0이나 1이면 멱등성이 조용히 꺼집니다" }, points: 2,
      hint: { en: "Left at its default, idempotence gives way to acks=0/1 without an error.", ko: "멱등성이 기본값이면 오류 없이 acks=0/1에 자리를 내줍니다." },
      checks: [
        accepts({ acks: "1" }, { enableIdempotence: false, acks: 1 }, { en: "idempotence disabled because acks is not all", ko: "acks가 all이 아니라서 멱등성이 꺼졌습니다" }),
        accepts({ acks: "0" }, { enableIdempotence: false, acks: 0 }, { en: "idempotence disabled because acks is not all", ko: "acks가 all이 아니라서 멱등성이 꺼졌습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "max.in.flight above 5 throws, explicit or default (Kafka 4.x)", ko: "max.in.flight가 5보다 크면 명시든 기본값이든 예외가 납니다 (Kafka 4.x)" }, points: 2,
      hint: { en: "Since Kafka 4.0 this check throws even when idempotence was only the default (3.x turned it off instead). Put the value in the message.", ko: "Kafka 4.0부터는 멱등성이 기본값일 때도 이 검사에서 예외가 납니다 (3.x는 대신 멱등성을 껐습니다). 메시지에 값을 넣으세요." },
      checks: [
        refuses({ "enable.idempotence": true, "max.in.flight.requests.per.connection": 6 }, { message: IN_FLIGHT(6) }, { en: "6 > 5", ko: "6 > 5" }),
        refuses({ "max.in.flight.requests.per.connection": "10" }, { message: IN_FLIGHT(10) }, { en: "default idempotence: still an error in 4.x", ko: "멱등성이 기본값이어도 4.x에서는 오류입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "max.in.flight above 5 is fine without idempotence", ko: "멱등성이 없으면 max.in.flight가 5보다 커도 됩니다" }, points: 1,
      hint: { en: "The limit exists for idempotence only; with enable.idempotence=false any value ≥ 1 is allowed.", ko: "이 제한은 멱등성 때문에만 있습니다. enable.idempotence=false이면 1 이상의 어떤 값이든 됩니다." },
      checks: [accepts({ "enable.idempotence": false, "max.in.flight.requests.per.connection": 6 }, { enableIdempotence: false, maxInFlightRequestsPerConnection: 6 }, { en: "no idempotence, no limit", ko: "멱등성이 없으면 제한도 없습니다" })],
    }),
    callTest({
      stem, name: { en: "the idempotence checks run in order: retries, acks, max.in.flight", ko: "멱등성 검사는 retries, acks, max.in.flight 순서로 합니다" }, points: 2,
      hint: { en: "Check retries first, then acks, then max.in.flight; the first check that throws decides.", ko: "retries를 먼저, 그다음 acks, 그다음 max.in.flight를 검사하세요. 처음으로 예외를 던지는 검사가 결과를 정합니다." },
      checks: [
        refuses({ "enable.idempotence": true, retries: 0, acks: "1" }, { message: RETRIES }, { en: "retries is checked before acks", ko: "retries를 acks보다 먼저 검사합니다" }),
        refuses({ "enable.idempotence": true, acks: "1", "max.in.flight.requests.per.connection": 6 }, { message: ACKS }, { en: "acks is checked before max.in.flight", ko: "acks를 max.in.flight보다 먼저 검사합니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "a silent turn-off does not skip the max.in.flight check", ko: "멱등성이 조용히 꺼져도 max.in.flight 검사는 건너뛰지 않습니다" }, points: 2,
      hint: { en: "Turning idempotence off (default + retries=0 or acks≠all) only takes effect after all three checks: max.in.flight > 5 still throws.", ko: "멱등성 끄기(기본값 + retries=0 또는 acks≠all)는 세 검사가 모두 끝난 뒤에야 적용됩니다. max.in.flight > 5는 여전히 예외입니다." },
      checks: [
        refuses({ retries: 0, "max.in.flight.requests.per.connection": 6 }, { message: IN_FLIGHT(6) }, { en: "Kafka 4.x: the max.in.flight check still runs", ko: "Kafka 4.x: max.in.flight 검사는 그대로 합니다" }),
        refuses({ acks: "1", "max.in.flight.requests.per.connection": 7 }, { message: IN_FLIGHT(7) }, { en: "Kafka 4.x: the max.in.flight check still runs", ko: "Kafka 4.x: max.in.flight 검사는 그대로 합니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "transactional.id needs idempotence", ko: "transactional.id에는 멱등성이 필요합니다" }, points: 2,
      hint: { en: "A transactional producer is an idempotent one. Check transactional.id after deciding whether idempotence stays on.", ko: "트랜잭션 프로듀서는 멱등성 프로듀서입니다. 멱등성을 유지할지 정한 다음에 transactional.id를 검사하세요." },
      checks: [
        refuses({ "enable.idempotence": false, "transactional.id": "orders" }, { message: TXN }, { en: "idempotence is off", ko: "멱등성이 꺼져 있습니다" }),
        refuses({ acks: "1", "transactional.id": "orders" }, { message: TXN }, { en: "acks=1 silently turned idempotence off, so the transactional.id is refused", ko: "acks=1 때문에 멱등성이 조용히 꺼졌습니다. 그래서 transactional.id를 거부합니다" }),
        accepts({ "transactional.id": "orders" }, { enableIdempotence: true, transactionalId: "orders" }, { en: "with the defaults, transactions are fine", ko: "기본값이면 트랜잭션을 쓸 수 있습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "each value is validated on its own first", ko: "값 하나하나를 먼저 따로 검증합니다" }, points: 2,
      hint: { en: "Before any idempotence rule, each value must be valid: \"Invalid value <value> for configuration <key>: …\".", ko: "멱등성 규칙보다 먼저 값마다 올바른지 봅니다: \"Invalid value <value> for configuration <key>: …\"." },
      checks: [
        refuses({ acks: "2" }, { prefix: "Invalid value 2 for configuration acks:" }, { en: "acks must be one of all, -1, 0, 1", ko: "acks는 all, -1, 0, 1 중 하나여야 합니다" }),
        refuses({ retries: -1 }, { prefix: "Invalid value -1 for configuration retries:" }, { en: "retries must be at least 0", ko: "retries는 0 이상이어야 합니다" }),
        refuses({ "max.in.flight.requests.per.connection": 0 }, { prefix: "Invalid value 0 for configuration max.in.flight.requests.per.connection:" }, { en: "at least 1 request must be allowed in flight", ko: "전송 중인 요청을 최소 1개는 허용해야 합니다" }),
        refuses({ "enable.idempotence": "yes" }, { prefix: "Invalid value yes for configuration enable.idempotence:" }, { en: "true or false only", ko: "true나 false만 됩니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "values may be strings, as in a .properties file", ko: ".properties 파일처럼 값이 문자열일 수 있습니다" }, points: 1,
      hint: { en: "Numbers may arrive as decimal strings (\"3\") and booleans as \"true\"/\"false\" in any case.", ko: "숫자는 10진수 문자열(\"3\")로, 불리언은 대소문자와 상관없이 \"true\"/\"false\"로 올 수 있습니다." },
      checks: [
        accepts({ retries: "3", "enable.idempotence": "FALSE", "linger.ms": "20" }, { retries: 3, enableIdempotence: false, lingerMs: 20 }, { en: "strings are parsed", ko: "문자열을 해석합니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "delivery.timeout.ms must cover linger.ms + request.timeout.ms", ko: "delivery.timeout.ms는 linger.ms + request.timeout.ms 이상이어야 합니다" }, points: 2,
      hint: { en: "Set explicitly too small: ConfigException. Left at its default: Kafka raises it to linger.ms + request.timeout.ms.", ko: "명시한 값이 너무 작으면 ConfigException입니다. 기본값이면 Kafka가 linger.ms + request.timeout.ms로 올립니다." },
      checks: [
        refuses({ "delivery.timeout.ms": 1000 }, { message: DELIVERY }, { en: "1000 < 5 + 30000", ko: "1000 < 5 + 30000" }),
        accepts({ "request.timeout.ms": 200000 }, { deliveryTimeoutMs: 200005 }, { en: "the default 120000 is raised to 5 + 200000", ko: "기본값 120000을 5 + 200000으로 올립니다" }),
        accepts({ "delivery.timeout.ms": 30005 }, { deliveryTimeoutMs: 30005 }, { en: "exactly linger.ms + request.timeout.ms is enough", ko: "정확히 linger.ms + request.timeout.ms이면 충분합니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "min.insync.replicas is not a producer setting", ko: "min.insync.replicas는 프로듀서 설정이 아닙니다" }, points: 1,
      hint: { en: "min.insync.replicas belongs to the broker/topic; the producer ignores keys it does not know.", ko: "min.insync.replicas는 브로커/토픽 설정입니다. 프로듀서는 모르는 키를 무시합니다." },
      checks: [accepts({ "min.insync.replicas": 2 }, { enableIdempotence: true, acks: -1 }, { en: "the producer does not check it; acks=all relies on it on the broker", ko: "프로듀서는 이 값을 검사하지 않습니다. acks=all은 브로커에서 이 값에 기댑니다" })],
    }),
  ],
};
