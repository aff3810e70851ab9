// The playground's Web Worker: runs the sweeps and single-seed replays so the page never freezes. Bundled by
// bundle.mjs into a classic script and started from a blob: URL, which works from file:// as well.
//
// A sweep runs in chunks of seeds; between chunks the worker lets pending messages in, and a newer sweep
// request cancels an older one (its rows are never sent). Replies carry the request's id.
import { checkPlayground, parsePlaygroundHash, playgroundSpecs, renderOutcome, runScenario, runSpec, setLang, sweep, TextTimeline, timelineLanes, type Lang, type PlaygroundSettings, type SweepRow } from "kafka-sim/browser";

/**
 * A sweep of the given settings, or (at boot, before the page has read them) of the settings a page address holds.
 * `lang`: the page's edition (<html lang>), so the text timeline and the outcome come out in the page's language.
 */
export type WorkerRequest = { lang: Lang } & (
  | { type: "sweep"; id: number; settings: PlaygroundSettings }
  | { type: "sweep"; id: number; hash: string }
  | { type: "replay"; id: number; settings: PlaygroundSettings }
);

export type WorkerReply =
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "sweep"; id: number; rows: SweepRow[]; ms: number }
  | { type: "replay"; id: number; trace: unknown[]; lanes: string[]; header: string; steps: Array<{ event: number; lines: string[] }>; outcome: string; ms: number }
  | { type: "cancelled"; id: number }
  | { type: "error"; id: number; message: string };

const CHUNK = 10;
let latestSweep = -1;
const post = (reply: WorkerReply): void => (self as unknown as { postMessage(m: unknown): void }).postMessage(reply);

/** Lets queued messages (a newer request) run before the next chunk: a message to ourselves queues behind them. */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

async function runSweep(id: number, settings: PlaygroundSettings): Promise<void> {
  const started = performance.now();
  if (checkPlayground(settings).problems.length > 0) return post({ type: "error", id, message: "invalid settings" });
  const specs = playgroundSpecs(settings);
  const total = specs.length * settings.seeds;
  const rows: SweepRow[] = [];
  for (const spec of specs) {
    for (let first = 1; first <= settings.seeds; first += CHUNK) {
      if (id !== latestSweep) return post({ type: "cancelled", id });
      const seeds: number[] = [];
      for (let s = first; s < first + CHUNK && s <= settings.seeds; s++) seeds.push(s);
      for (const row of sweep(spec, { seeds })) rows.push(row);
      post({ type: "progress", id, done: rows.length, total });
      await yieldToMessages();
    }
  }
  if (id !== latestSweep) return post({ type: "cancelled", id });
  post({ type: "sweep", id, rows, ms: performance.now() - started });
}

function runReplay(id: number, settings: PlaygroundSettings): void {
  const started = performance.now();
  const result = runScenario({ ...runSpec(settings, settings.replayRun), seed: settings.replaySeed, trace: true });
  const lanes = timelineLanes(result.trace, result.cluster.brokers.length);
  const text = new TextTimeline(lanes);
  const steps: Array<{ event: number; lines: string[] }> = [];
  result.trace.forEach((e, i) => {
    const lines = text.event(e);
    if (lines.length > 0) steps.push({ event: i, lines });
  });
  post({ type: "replay", id, trace: result.trace, lanes, header: text.header(), steps, outcome: renderOutcome(result.check), ms: performance.now() - started });
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  try {
    setLang(request.lang === "ko" ? "ko" : "en");
    if (request.type === "sweep") {
      latestSweep = request.id;
      const settings = "hash" in request ? parsePlaygroundHash(request.hash) : request.settings;
      runSweep(request.id, settings).catch((e: unknown) => post({ type: "error", id: request.id, message: e instanceof Error ? e.message : String(e) }));
    } else if (request.type === "replay") {
      runReplay(request.id, request.settings);
    }
  } catch (e) {
    post({ type: "error", id: request.id, message: e instanceof Error ? e.message : String(e) });
  }
};
