// "Open in the playground" links from the lessons' figures. Each entry names a notebook, a piece of a code cell's
// source that identifies the cell (so prose edits never move a link, and a code change that breaks the match is
// reported by the site build as a warning), and the playground settings that stand for that cell.
//
// `exact: true`: the cell's figure is an outcomeFigure over exactly these settings, so the playground redraws the
// same SVG, byte for byte (test/playground.test.ts checks it against the figure stored in the notebook).
// `exact: false`: the cell plots a curve over several fault rates (or a table, or another kind of plot); the link
// opens one point of it or the same runs as outcome bars (`note` says which; `noteKo` on the Korean pages), for the
// reader to change from there.
// `refused: true`: the cell shows Kafka refusing a configuration; the link opens the playground on that exception.
// Lessons 08 (exercises: no figure) and 09 (its figure is a real client's, kafkajs, which a page cannot run) have none.
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
    noteKo: "produce 요청 유실 10 %일 때",
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
    noteKo: "produce 응답 유실 10 %일 때",
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
  {
    notebook: "06-configuration-rules",
    source: 'const costs = [costOf("defaults", {}), costOf("acks=1, nothing else", { acks: "1" })];',
    exact: false,
    note: "the table's two producers, drawn as outcome bars",
    noteKo: "표의 두 프로듀서를 결과 막대로 그립니다",
    settings: settings({
      runs: [
        run("defaults", { "request.timeout.ms": 5000 }),
        run("acks=1, nothing else", { acks: "1", "request.timeout.ms": 5000 }),
      ],
      dropRequestRate: 0,
      dropResponseRate: 0.05,
      seeds: 200,
    }),
  },
  {
    notebook: "06-configuration-rules",
    source: 'explain({ "transactional.id": "orders-1", acks: "1" });',
    exact: false,
    refused: true,
    note: "the playground shows Kafka's exception for this producer",
    noteKo: "플레이그라운드가 이 프로듀서에 대한 Kafka의 예외를 보여 줍니다",
    settings: settings({
      runs: [run("transactional.id with acks=1", { "transactional.id": "orders-1", acks: "1" })],
    }),
  },
  {
    notebook: "07-errors-and-limits",
    source: "const restartRows = [null, 10, 30, 50, 70, 90].flatMap(",
    exact: false,
    note: "three of its six rows (no restart, a restart at 30 ms and at 70 ms), drawn as outcome bars",
    noteKo: "여섯 행 중 재시작 없음, 30 ms에 재시작, 70 ms에 재시작의 세 행을 결과 막대로 그립니다",
    settings: settings({
      runs: [
        run("no restart", { "request.timeout.ms": 1000 }),
        run("restart at 30 ms", { "request.timeout.ms": 1000, restartProducerAtMs: 30 }),
        run("restart at 70 ms", { "request.timeout.ms": 1000, restartProducerAtMs: 70 }),
      ],
      dropRequestRate: 0,
      dropResponseRate: 0.1,
      latencyMs: 5,
      jitterMs: 5,
      intervalMs: 3,
      records: 30,
      seeds: 30,
    }),
  },
  {
    notebook: "10-transactions",
    source: "const transactionalRows = restartTimes.flatMap(",
    exact: false,
    note: "a restart at 40 ms, seeds 1 to 75 (the lesson's runs use seeds 4001 to 4075)",
    noteKo: "40 ms에 재시작, 시드 1~75. 레슨의 실행은 시드 4001~4075를 씁니다",
    settings: settings({
      runs: [
        run("idempotence only", { "request.timeout.ms": 2000, restartProducerAtMs: 40 }),
        run("transactional.id + transactions", { "transactional.id": "app", "request.timeout.ms": 2000, restartProducerAtMs: 40 }),
      ],
      dropRequestRate: 0,
      dropResponseRate: 0.05,
      latencyMs: 5,
      intervalMs: 2,
      records: 40,
      transactionRecords: 8,
      seeds: 75,
    }),
  },
];
