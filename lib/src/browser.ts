/**
 * kafka-sim for a web page (`kafka-sim/browser`): the simulation, the history checker, the lesson scenarios and
 * sweeps, producer config validation, the playground's settings, and the course's figures. Nothing here imports
 * a Node built-in: no wire protocol server, no grader, no learner-file loader, no instructor or real-client
 * helpers, and no `show` or `showTable` (a notebook's display, which writes to process.stdout outside a kernel).
 * Figures draw with the page's own document: bundlers that honour package.json's "browser" field (esbuild, the
 * course site's bundler) swap course/plot/dom.js for course/plot/dom.browser.js.
 *
 * Figures need a document, so call them on a page's main thread; the simulation runs anywhere, a Worker included.
 */
export * from "./protocol/errors.js";
export * from "./kernel/random.js";
export * from "./protocol/messages.js";
export * from "./protocol/constants.js";
export * from "./protocol/topic-partition.js";
export * from "./broker/producer-state.js";
export * from "./client/config.js";
export * from "./kernel/sim.js";
export * from "./kernel/trace.js";
export * from "./kernel/locale.js";
export * from "./simulation/faults.js";
export * from "./broker/partition.js";
export * from "./client/partitioner.js";
export * from "./broker/broker.js";
export * from "./simulation/cluster.js";
export * from "./client/producer.js";
export * from "./check/checker.js";
export * from "./check/outcome-names.js";
export * from "./scenario/scenario.js";
export * from "./course/inspect.js";
export * from "./course/plot/render.js";
export * from "./scenario/lessons.js";
export * from "./course/text-timeline.js";
export * from "./course/trace-notes.js";
export * from "./course/plot/figures.js";
export * from "./course/plot/replication-figure.js";
export * from "./broker/group-coordinator.js";
export * from "./broker/transaction-coordinator.js";
export * from "./scenario/playground.js";
