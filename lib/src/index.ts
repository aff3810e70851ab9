/** kafka-sim: a deterministic simulated Kafka cluster for the course. The public surface. */
export * from "./errors.js";
export * from "./random.js";
export * from "./protocol.js";
export * from "./producer-state.js";
