// "Open in the playground" links from the lessons' figures. Each entry names a notebook, a piece of a code cell's
// source that identifies the cell (so prose edits never move a link, and a code change that breaks the match is
// reported by the site build as a warning), and the playground settings that stand for that cell.
//
// `exact: true`: the cell's figure is an outcomeFigure over exactly these settings, so the playground redraws the
// same SVG, byte for byte (test/playground.test.ts checks it against the figure stored in the notebook).
// `exact: false`: the cell plots a curve over several fault rates; the link opens one point of it (`note` says
// which), for the reader to move the slider along the curve.
import { PLAYGROUND_DEFAULTS, PLAYGROUND_RUN_DEFAULTS } from "kafka-sim/browser";

const run = (name, producer = {}, topic = {}) => ({ ...PLAYGROUND_RUN_DEFAULTS, name, ...producer, ...topic });
const settings = (overrides) => ({ ...PLAYGROUND_DEFAULTS, runs: PLAYGROUND_DEFAULTS.runs.map((r) => ({ ...r })), ...overrides });

export const PLAYGROUND_LINKS = [
  {
    notebook: "01-idempotence-and-delivery-semantics",
    source: "const rows = sweepThreeWays(faultyNetwork, 1000);",
    exact: true,
    settings: settings({ seeds: 1000 }),
  },
  {
    notebook: "01-idempotence-and-delivery-semantics",
    source: "sweepThreeWays({ dropResponseRate: 0.1 }, 200)",
    exact: true,
    settings: settings({ dropRequestRate: 0, dropResponseRate: 0.1, seeds: 200 }),
  },
  {
    notebook: "02-at-most-once",
    source: "const lossByRate = Object.entries(producers)",
    exact: false,
    note: "at 10 % lost produce requests",
    settings: settings({
      runs: [
        run("acks=0", { acks: "0", "enable.idempotence": false }),
        run("acks=all (the default producer)", { acks: "all", "request.timeout.ms": 1000 }),
      ],
      dropRequestRate: 0.1,
      dropResponseRate: 0,
      seeds: 200,
    }),
  },
  {
    notebook: "03-at-least-once",
    source: "const duplicatesByRate = [false, true].flatMap",
    exact: false,
    note: "at 10 % lost produce responses",
    settings: settings({
      runs: [
        run("enable.idempotence=false", { acks: "all", "enable.idempotence": false, "request.timeout.ms": 1000 }),
        run("enable.idempotence=true", { acks: "all", "enable.idempotence": true, "request.timeout.ms": 1000 }),
      ],
      dropRequestRate: 0,
      dropResponseRate: 0.1,
      seeds: 100,
    }),
  },
  {
    notebook: "04-acks-and-replication",
    source: 'sweep(crashRun("acks=all, min.insync.replicas=2", "all"), { seeds: 100 })',
    exact: true,
    settings: settings({
      runs: [
        run("acks=0", { acks: "0" }),
        run("acks=1", { acks: "1" }),
        run("acks=all, min.insync.replicas=2", { acks: "all" }, { minInsyncReplicas: 2 }),
      ],
      dropRequestRate: 0,
      dropResponseRate: 0,
      jitterMs: 4,
      crashLeaderAtMs: 50,
      brokerSessionTimeoutMs: 1000,
      intervalMs: 5,
      seeds: 100,
    }),
  },
  {
    notebook: "05-the-idempotent-producer",
    source: 'sweep(lossyRun("idempotence on", true), { seeds: 300 })',
    exact: true,
    settings: settings({
      runs: [
        run("idempotence off", { "enable.idempotence": false, "request.timeout.ms": 5000 }),
        run("idempotence on", { "enable.idempotence": true, "request.timeout.ms": 5000 }),
      ],
      seeds: 300,
    }),
  },
  {
    notebook: "05-the-idempotent-producer",
    source: "const tried = sweep({",
    exact: true,
    settings: settings({
      runs: [run("idempotence off", { "enable.idempotence": false, "request.timeout.ms": 5000 })],
      seeds: 100,
    }),
  },
];
