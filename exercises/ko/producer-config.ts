/**
 * 연습 문제 3/6 — producer-config: Kafka 프로듀서가 무엇이든 보내기 전에 설정에 하는 검사.
 *
 * 스터디 노트는 "max.in.flight는 1–5여야 하고, 5 이상이면 예외"라고 씁니다. Kafka 4.x는 다릅니다.
 * 5가 기본값이고, 5보다 큰 값만 예외입니다. `validateProducerConfig`를 Kafka 4.x처럼 구현하세요
 * (ConfigDef의 검증기, ProducerConfig.postProcessAndValidateIdempotenceConfigs,
 * KafkaProducer.configureDeliveryTimeout). 아래의 `ConfigException`을 Kafka 메시지 그대로 던지세요.
 * 메시지는 Kafka가 쓰는 영어 문구 그대로입니다.
 *
 * 입력: Kafka 이름으로 된 프로듀서 설정. 키가 있고 값이 undefined가 아니면 설정된 것입니다
 * (null도 설정된 것으로 칩니다). 아래에 없는 키는 무시합니다 (Kafka는 로그만 남깁니다).
 *   키                                      기본값       받는 값
 *   enable.idempotence                      true         true/false, 또는 문자열 "true"/"false" (대소문자 무관)
 *   acks                                    "all"        "all", "-1", "0", "1" (또는 숫자 -1, 0, 1); all = -1
 *   retries                                 2147483647   0 이상의 정수 (숫자, 또는 "3" 같은 10진수 문자열)
 *   max.in.flight.requests.per.connection   5            1 이상의 정수
 *   linger.ms                               5            0 이상의 정수
 *   request.timeout.ms                      30000        0 이상의 정수
 *   delivery.timeout.ms                     120000       0 이상의 정수
 *   transactional.id                        (설정 안 됨) 아무 문자열
 *
 * 검사는 이 순서로 합니다. 처음으로 예외를 던지는 검사가 결과를 정합니다:
 *  1. 값 하나하나. 잘못된 값은 이 예외를 던집니다:
 *       "Invalid value <value> for configuration <key>: <why>"
 *     <why>는 "String must be one of: all, -1, 0, 1"(acks), "Value must be at least <min>"(최솟값보다 작은
 *     숫자), "Not a number of type INT"(정수가 아님), "Expected value to be either true or false"입니다.
 *  2. 멱등성. enable.idempotence가 true일 때만 합니다 (명시했든 기본값이든). 이 순서로:
 *     a. retries = 0:   명시함 → "Must set retries to non-zero when using the idempotent producer."
 *                       기본값 → 멱등성이 조용히 꺼집니다. b로 넘어갑니다.
 *     b. acks가 all이 아님: 명시함 → "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."
 *                       기본값 → 멱등성이 조용히 꺼집니다. c로 넘어갑니다.
 *     c. max.in.flight.requests.per.connection > 5이면 두 경우 모두 (Kafka 4.0+; 3.x는 멱등성을 끄기만 했습니다):
 *        "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is <N>."
 *  3. 멱등성이 결국 꺼졌는데 transactional.id가 설정됨 → "Cannot set a transactional.id without also enabling idempotence."
 *  4. delivery.timeout.ms < linger.ms + request.timeout.ms:
 *       delivery.timeout.ms를 명시함 → "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"
 *       기본값 → linger.ms + request.timeout.ms로 올립니다 (오류 없음).
 * min.insync.replicas는 프로듀서 설정이 아니라 브로커/토픽 설정입니다. 프로듀서는 무시합니다.
 *
 * 규칙: Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다. solutions/나 라이브러리 패키지
 * kafka-sim(라이브러리 자체의 구현이 들어 있습니다)에서 import하면 이 연습 문제는 0점입니다.
 *
 * 채점해 보기:  npm run grade -- --lang ko --only producer-config        (모든 연습 문제: npm run grade -- --lang ko)
 */

/** Kafka의 org.apache.kafka.common.config.ConfigException. 이것을 던지세요 (그대로 두세요). */
export class ConfigException extends Error {
  override name = "ConfigException";
}

export type ProducerConfigValue = string | number | boolean | null;

/** 이 연습 문제가 다루는 설정의 검증 후 값. */
export interface ResolvedProducerConfig {
  enableIdempotence: boolean;
  /** -1은 "all"입니다. */
  acks: -1 | 0 | 1;
  retries: number;
  maxInFlightRequestsPerConnection: number;
  lingerMs: number;
  requestTimeoutMs: number;
  deliveryTimeoutMs: number;
  /** 설정하지 않았으면 null. */
  transactionalId: string | null;
}

export function validateProducerConfig(config: Record<string, ProducerConfigValue | undefined>): ResolvedProducerConfig {
  void config;
  throw new Error("not implemented yet: validateProducerConfig (exercises/ko/producer-config.ts)");
}
