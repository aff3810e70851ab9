/**
 * kafka-sim for a web page (`kafka-sim/browser`): the simulation, the history checker, the lesson scenarios and
 * sweeps, producer config validation, the playground's settings, and the course's figures. Nothing here imports
 * a Node built-in: no wire protocol server, no grader, no learner-file loader, no instructor or real-client
 * helpers, and no `show` or `showTable` (a notebook's display, which writes to process.stdout outside a kernel).
 * Figures draw with the page's own document: bundlers that honour package.json's "browser" field (esbuild, the
 * course site's bundler) swap plot/dom.js for plot/dom.browser.js.
 *
 * Figures need a document, so call them on a page's main thread; the simulation runs anywhere, a Worker included.
 */
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
export * from "./text-timeline.js";
export * from "./group-coordinator.js";
export * from "./transactions.js";
export * from "./plot/render.js";
export * from "./plot/figures.js";
export * from "./playground.js";
