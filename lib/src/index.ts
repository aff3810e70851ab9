/**
 * kafka-sim: a deterministic simulated Kafka cluster for the course. The public surface: everything the browser
 * entry has (browser.ts), plus what needs Node (notebook display, the wire server, the learner-file loader, the
 * instructor and real-client helpers, lesson claims).
 */
export * from "./browser.js";
export * from "./course/plot/display.js";
export * from "./wire/index.js";
export { serveCluster, wireClusterOf, type ServedCluster } from "./serve/serve-cluster.js";
export * from "./scenario/learner.js";
export * from "./course/instructor.js";
export * from "./course/state-table-source.js";
export * from "./serve/embedded.js";
export * from "./course/real-client.js";
export * from "./course/claim.js";
