// Every word the playground shows, in one table: the page template (scripts/build-site.mjs) and the page's script
// (page.ts, bundled) both read it, so a Korean edition adds one more table (STRINGS.ko) and nothing else.
// Kafka's config names (acks, enable.idempotence, …) and its exception texts are never translated: they are
// what a reader types and searches for.
//
// `{name}` in a text is filled by format().

export const STRINGS = {
  en: {
    title: "Playground",
    navLink: "Playground",
    lede:
      "Change a producer setting or a fault rate and watch what happens to the records, over many seeds of the same simulated cluster the notebooks use. Everything runs in this page: no server, no install.",
    noScript: "The playground needs JavaScript. The lessons show the same figures with their stored outputs.",
    sharedLegend: "Network and workload (every run)",
    dropRequestRate: "Lost produce requests (%)",
    dropResponseRate: "Lost produce responses (%)",
    transientErrorRate: "Transient errors (NOT_LEADER_OR_FOLLOWER) (%)",
    records: "Records per run",
    seeds: "Seeds (runs 1 to N)",
    runsHeading: "Producers and topics compared",
    runLegend: "Run {n}",
    runName: "Label",
    acks: "acks",
    idempotence: "enable.idempotence",
    retries: "retries",
    maxInFlight: "max.in.flight.requests.per.connection",
    requestTimeout: "request.timeout.ms",
    replicationFactor: "Replication factor (topic)",
    minInsyncReplicas: "min.insync.replicas (topic)",
    notSet: "not set (Kafka's default: {value})",
    notSetHint: "empty: not set (Kafka's default: {value})",
    removeRun: "Remove run {n}",
    addRun: "Add a run",
    newRunName: "run {n}",
    figureHeading: "What happened to the records",
    figureLabel: "Outcome of every record, summed over all seeds, one bar per run",
    totalsCaption: "Records by outcome, summed over all seeds",
    totalsRun: "Run",
    outcome: "Outcome",
    recordsColumn: "Records",
    share: "Share",
    computing: "Computing {runs} runs of {records} records…",
    computed: "{runs} runs of {records} records computed in {ms} ms.",
    cancelled: "A newer change replaced this computation.",
    configErrorTitle: "Kafka refuses this configuration (run {n}: {name})",
    configErrorSimulation: "The simulation refuses this configuration (run {n}: {name}); Kafka itself would accept it.",
    inputErrorTitle: "These settings cannot run",
    addressError: "The page address holds settings that cannot be read: {message} The playground opened with its defaults.",
    warningsTitle: "Kafka would log (run {n}: {name})",
    shareHeading: "Share these settings",
    shareText: "This page's address holds every setting: a link opens the same figure, seed for seed.",
    shareLink: "Link to these settings",
    downloadSvg: "Download the figure (SVG)",
    replayHeading: "Replay one seed",
    replayText: "Draw one run's timeline and step through it event by event.",
    replayRun: "Run",
    replaySeed: "Seed",
    stepFirstShort: "« First",
    stepPrevShort: "‹ Previous",
    stepNextShort: "Next ›",
    stepLastShort: "Last »",
    stepSlider: "Event",
    stepStatus: "Event {k} of {n} at {ms} ms",
    replayOutcome: "Outcome of this seed",
    timelineLabel: "Timeline of run {n}, seed {seed}, up to event {k}",
    workerError: "The simulation stopped with an error: {message}",
    outcomes: {
      "delivered once": "delivered once",
      duplicated: "duplicated",
      reordered: "reordered",
      "lost (acknowledged)": "lost (acknowledged)",
      "lost (unacknowledged)": "lost (unacknowledged)",
    },
    openInPlayground: "Open this figure in the playground",
    openInPlaygroundHint: "change its settings and run it in your browser",
    footer: "The playground runs the course's kafka-sim library in this page (a Web Worker computes, the page draws).",
  },
};

/** The language the site is built in. */
export const LANG = "en";

/** Fills `{name}` placeholders. */
export function format(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}
