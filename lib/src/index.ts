/** kafka-sim: a deterministic simulated Kafka cluster for the course. The public surface. */
export * from "./errors.js";
export * from "./random.js";
export * from "./protocol.js";
export * from "./producer-state.js";
export * from "./config.js";
export * from "./sim.js";
export * from "./trace.js";
export * from "./faults.js";
export * from "./partition.js";
export * from "./partitioner.js";
export * from "./broker.js";
export * from "./cluster.js";
export * from "./producer.js";
export * from "./checker.js";
export * from "./scenario.js";
export * from "./inspect.js";
export * from "./lessons.js";
