// The playground page's script (bundled by bundle.mjs into playground.js, a classic script: it runs from file://).
//
// State lives in one PlaygroundSettings object, mirrored in the page address (#…) so a link reproduces it. Each
// change: validate on this thread (Kafka's ConfigException, word for word), then ask the Worker for a sweep; a
// newer change cancels an older sweep. Figures are drawn here (they need a document) with the library's own
// outcomeFigure and timelineFigure: the same bytes as a notebook cell with the same settings.
import {
  checkPlayground,
  OUTCOME_COLORS,
  outcomeFigure,
  outcomeTotals,
  parsePlaygroundHash,
  PLAYGROUND_DEFAULTS,
  PLAYGROUND_LIMITS,
  PLAYGROUND_RUN_DEFAULTS,
  PRODUCER_CONFIG_DEFAULTS,
  playgroundHash,
  setLang,
  timelineFigure,
  type Lang,
  type PlaygroundRun,
  type PlaygroundSettings,
  type SweepRow,
  type TraceEvent,
} from "kafka-sim/browser";
// Every word the page shows comes from strings.json (one table per language, chosen by <html lang>): a Korean
// edition adds a "ko" table there and nothing here. Kafka's config names and exception texts are never translated.
import STRINGS from "./strings.json" with { type: "json" };
import type { PlaygroundBoot } from "./boot.ts";
import type { WorkerReply, WorkerRequest } from "./worker.ts";

// The edition: <html lang="ko"> draws the library's figures in Korean too (the Worker is told the same in every request).
const lang = (document.documentElement.lang in STRINGS ? document.documentElement.lang : "en") as keyof typeof STRINGS & Lang;
setLang(lang);
const t = STRINGS[lang];
/** Fills `{name}` placeholders of a text from the strings table. */
const format = (text: string, values: Record<string, string | number> = {}): string => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: the page has no #${id}`);
  return el as T;
};
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

let settings: PlaygroundSettings = cloneSettings(PLAYGROUND_DEFAULTS);
let nextId = 2; // 1: the sweep playground-boot.js sent
let pendingSweep = 0;
let pendingReplay = 0;
let sweepStarted = 0;
let generation = 0;
let replay: Extract<WorkerReply, { type: "replay" }> | undefined;
let step = 0;
/** Why the address's settings could not be read (shown until the reader changes something). */
let addressProblem: string | undefined;

function cloneSettings(s: PlaygroundSettings): PlaygroundSettings {
  return { ...s, runs: s.runs.map((r) => ({ ...r })) };
}

// ---- the worker ------------------------------------------------------------------------------------------------

// Started by playground-boot.js, which already asked for the sweep of this page's address.
const boot = (globalThis as unknown as { __playgroundBoot?: PlaygroundBoot }).__playgroundBoot;
if (!boot) throw new Error("playground: playground-boot.js did not run (it must come before playground.js)");
const worker = boot.worker;
/** A request without its language (send adds the page's). */
type Unlocalized<T> = T extends unknown ? Omit<T, "lang"> : never;
const send = (request: Unlocalized<WorkerRequest>): void => worker.postMessage({ ...request, lang } as WorkerRequest);
function onReply(reply: WorkerReply): void {
  if (reply.type === "progress" && reply.id === pendingSweep) {
    $("pg-status").textContent = format(t.computing, { runs: settings.runs.length * settings.seeds, records: settings.records });
  } else if (reply.type === "sweep" && reply.id === pendingSweep) {
    $("pg").dataset.workerMs = reply.ms.toFixed(1);
    drawSweep(reply.rows, performance.now() - sweepStarted);
  } else if (reply.type === "replay" && reply.id === pendingReplay) {
    replay = reply;
    step = reply.steps.length - 1;
    drawStep();
  } else if (reply.type === "cancelled") {
    const root = $("pg");
    root.dataset.cancelled = String(Number(root.dataset.cancelled ?? 0) + 1);
  } else if (reply.type === "error" && (reply.id === pendingSweep || reply.id === pendingReplay)) {
    showProblem(format(t.workerError, { message: reply.message }));
  }
}
worker.onerror = (event) => showProblem(format(t.workerError, { message: event.message }));

// ---- controls --------------------------------------------------------------------------------------------------

const RATES = ["dropRequestRate", "dropResponseRate", "transientErrorRate"] as const;
/** Number fields of the shared settings; the leader crash may be empty (no crash). */
const TIMINGS = ["latencyMs", "jitterMs", "intervalMs", "brokerSessionTimeoutMs", "transactionRecords"] as const;

function percentText(percent: number): string {
  return `${Number(percent.toFixed(2))} %`;
}

function numberOrNull(value: string): number | null {
  return value.trim() === "" ? null : Number(value);
}

function select(id: string, label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void): HTMLElement {
  const field = el("div", { class: "pg-field" });
  field.append(el("label", { for: id }, label));
  const s = el("select", { id });
  for (const [v, text] of options) s.append(el("option", { value: v }, text));
  s.value = value;
  s.addEventListener("change", () => onChange(s.value));
  field.append(s);
  return field;
}

function numberField(id: string, label: string, value: number | null, attrs: Record<string, string>, onChange: (v: string) => void): HTMLElement {
  const field = el("div", { class: "pg-field" });
  field.append(el("label", { for: id }, label));
  const input = el("input", { id, type: "number", inputmode: "numeric", ...attrs });
  input.value = value === null ? "" : String(value);
  input.addEventListener("input", () => onChange(input.value));
  field.append(input);
  return field;
}

function textField(id: string, label: string, value: string, placeholder: string, onChange: (v: string) => void): HTMLElement {
  const field = el("div", { class: "pg-field" });
  field.append(el("label", { for: id }, label));
  const input = el("input", { id, type: "text", placeholder, spellcheck: "false", autocomplete: "off" });
  input.value = value;
  input.addEventListener("input", () => onChange(input.value));
  field.append(input);
  return field;
}

function runFieldset(run: PlaygroundRun, i: number): HTMLElement {
  const fs = el("fieldset", { class: "pg-run", "data-run": String(i) });
  fs.append(el("legend", {}, format(t.runLegend, { n: i + 1 })));
  const id = (name: string): string => `pg-run${i}-${name}`;
  const nameField = el("div", { class: "pg-field pg-wide" });
  nameField.append(el("label", { for: id("name") }, t.runName));
  const name = el("input", { id: id("name"), type: "text", maxlength: String(PLAYGROUND_LIMITS.nameLength) });
  name.value = run.name;
  name.addEventListener("input", () => change(() => (settings.runs[i]!.name = name.value)));
  nameField.append(name);
  fs.append(nameField);
  const d = PRODUCER_CONFIG_DEFAULTS;
  const notSet = (value: unknown): string => format(t.notSet, { value: String(value) });
  fs.append(
    select(id("acks"), t.acks, [["", notSet(d.acks)], ["0", "0"], ["1", "1"], ["all", "all"]], run.acks ?? "", (v) =>
      change(() => (settings.runs[i]!.acks = v === "" ? null : (v as PlaygroundRun["acks"]))),
    ),
    select(id("idempotence"), t.idempotence, [["", notSet(d["enable.idempotence"])], ["true", "true"], ["false", "false"]], run["enable.idempotence"] === null ? "" : String(run["enable.idempotence"]), (v) =>
      change(() => (settings.runs[i]!["enable.idempotence"] = v === "" ? null : v === "true")),
    ),
    numberField(id("retries"), t.retries, run.retries, { min: "0", step: "1", placeholder: format(t.notSetHint, { value: d.retries }) }, (v) =>
      change(() => (settings.runs[i]!.retries = numberOrNull(v))),
    ),
    numberField(id("inflight"), t.maxInFlight, run["max.in.flight.requests.per.connection"], { min: "1", step: "1", placeholder: format(t.notSetHint, { value: d["max.in.flight.requests.per.connection"] }) }, (v) =>
      change(() => (settings.runs[i]!["max.in.flight.requests.per.connection"] = numberOrNull(v))),
    ),
    numberField(id("timeout"), t.requestTimeout, run["request.timeout.ms"], { min: "0", step: "1", placeholder: format(t.notSetHint, { value: d["request.timeout.ms"] }) }, (v) =>
      change(() => (settings.runs[i]!["request.timeout.ms"] = numberOrNull(v))),
    ),
    textField(id("tid"), t.transactionalId, run["transactional.id"] ?? "", t.transactionalIdHint, (v) =>
      change(() => (settings.runs[i]!["transactional.id"] = v === "" ? null : v)),
    ),
    numberField(id("restart"), t.restartProducerAtMs, run.restartProducerAtMs, { min: "0", step: "1", placeholder: t.restartProducerAtMsHint }, (v) =>
      change(() => (settings.runs[i]!.restartProducerAtMs = numberOrNull(v))),
    ),
    select(id("rf"), t.replicationFactor, [["1", "1"], ["2", "2"], ["3", "3"]], String(run.replicationFactor), (v) => change(() => (settings.runs[i]!.replicationFactor = Number(v)))),
    select(id("minisr"), t.minInsyncReplicas, [["1", "1"], ["2", "2"], ["3", "3"]], String(run.minInsyncReplicas), (v) => change(() => (settings.runs[i]!.minInsyncReplicas = Number(v)))),
  );
  if (settings.runs.length > 1) {
    const remove = el("button", { type: "button", class: "pg-button pg-remove", "aria-label": format(t.removeRun, { n: i + 1 }) }, "✕");
    remove.addEventListener("click", () => {
      settings.runs.splice(i, 1);
      if (settings.replayRun >= settings.runs.length) settings.replayRun = 0;
      renderControls();
      change(() => {});
      ($("pg-runs").querySelector<HTMLElement>(`[data-run="${Math.max(0, i - 1)}"] input`) ?? $("pg-add-run")).focus();
    });
    fs.append(remove);
  }
  return fs;
}

/** Sets every control from the settings (on load, after a remove, and when the address changes). */
function renderControls(): void {
  for (const key of RATES) {
    const input = $<HTMLInputElement>(`pg-${key}`);
    input.value = String(settings[key] * 100);
    $(`pg-${key}-out`).textContent = percentText(settings[key] * 100);
  }
  for (const key of TIMINGS) $<HTMLInputElement>(`pg-${key}`).value = String(settings[key]);
  $<HTMLInputElement>("pg-crashLeaderAtMs").value = settings.crashLeaderAtMs === null ? "" : String(settings.crashLeaderAtMs);
  $<HTMLInputElement>("pg-records").value = String(settings.records);
  $<HTMLInputElement>("pg-seeds").value = String(settings.seeds);
  const runs = $("pg-runs");
  runs.replaceChildren(...settings.runs.map(runFieldset));
  $<HTMLButtonElement>("pg-add-run").disabled = settings.runs.length >= PLAYGROUND_LIMITS.runs;
  renderReplayChoices();
  $<HTMLInputElement>("pg-replay-seed").value = String(settings.replaySeed);
}

function renderReplayChoices(): void {
  const s = $<HTMLSelectElement>("pg-replay-run");
  s.replaceChildren(...settings.runs.map((r, i) => el("option", { value: String(i) }, `${i + 1}: ${r.name}`)));
  s.value = String(settings.replayRun);
}

function wireStaticControls(): void {
  for (const key of RATES) {
    const input = $<HTMLInputElement>(`pg-${key}`);
    input.addEventListener("input", () =>
      change(() => {
        settings[key] = Number(input.value) / 100;
        $(`pg-${key}-out`).textContent = percentText(Number(input.value));
      }),
    );
  }
  for (const key of TIMINGS) {
    const input = $<HTMLInputElement>(`pg-${key}`);
    input.addEventListener("input", () => change(() => (settings[key] = input.value.trim() === "" ? NaN : Number(input.value))));
  }
  const crash = $<HTMLInputElement>("pg-crashLeaderAtMs");
  crash.addEventListener("input", () => change(() => (settings.crashLeaderAtMs = numberOrNull(crash.value))));
  const records = $<HTMLInputElement>("pg-records");
  records.addEventListener("input", () => change(() => (settings.records = Number(records.value))));
  const seeds = $<HTMLInputElement>("pg-seeds");
  seeds.addEventListener("input", () => change(() => (settings.seeds = Number(seeds.value))));
  $("pg-add-run").addEventListener("click", () => {
    if (settings.runs.length >= PLAYGROUND_LIMITS.runs) return;
    settings.runs.push({ ...PLAYGROUND_RUN_DEFAULTS, name: format(t.newRunName, { n: settings.runs.length + 1 }) });
    renderControls();
    change(() => {});
    $<HTMLInputElement>(`pg-run${settings.runs.length - 1}-name`).focus();
  });
  const replayRun = $<HTMLSelectElement>("pg-replay-run");
  replayRun.addEventListener("change", () => change(() => (settings.replayRun = Number(replayRun.value)), "replay"));
  const replaySeed = $<HTMLInputElement>("pg-replay-seed");
  replaySeed.addEventListener("input", () => change(() => (settings.replaySeed = Number(replaySeed.value)), "replay"));
  const stepTo = (k: number): void => {
    if (!replay) return;
    step = Math.max(0, Math.min(replay.steps.length - 1, k));
    drawStep();
  };
  $("pg-step-first").addEventListener("click", () => stepTo(0));
  $("pg-step-prev").addEventListener("click", () => stepTo(step - 1));
  $("pg-step-next").addEventListener("click", () => stepTo(step + 1));
  $("pg-step-last").addEventListener("click", () => stepTo(Infinity));
  const slider = $<HTMLInputElement>("pg-step");
  slider.addEventListener("input", () => stepTo(Number(slider.value)));
  $("pg-form").addEventListener("submit", (e) => e.preventDefault());
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) === playgroundHash(settings)) return;
    loadFromAddress();
    renderControls();
    recompute("all");
  });
}

// ---- computing -------------------------------------------------------------------------------------------------

/** Applies a change from a control, keeps the address in step, and recomputes what it affects. */
function change(apply: () => void, what: "all" | "replay" = "all"): void {
  apply();
  const hash = `#${playgroundHash(settings)}`;
  try {
    history.replaceState(null, "", hash);
  } catch {
    location.hash = hash;
  }
  renderReplayChoicesIfNamesChanged();
  recompute(what);
}

function renderReplayChoicesIfNamesChanged(): void {
  const s = $<HTMLSelectElement>("pg-replay-run");
  const names = settings.runs.map((r, i) => `${i + 1}: ${r.name}`);
  if ([...s.options].map((o) => o.textContent).join("\n") !== names.join("\n")) renderReplayChoices();
}

function showProblem(html: string | HTMLElement[]): void {
  const box = $("pg-problems");
  if (typeof html === "string") box.textContent = html;
  else box.replaceChildren(...html);
  box.hidden = false;
}

function recompute(what: "all" | "replay"): void {
  const link = `#${playgroundHash(settings)}`;
  $<HTMLAnchorElement>("pg-link").href = link;
  const { problems, warnings } = checkPlayground(settings);
  const root = $("pg");
  const box = $("pg-problems");
  if (problems.length > 0) {
    pendingSweep = 0;
    pendingReplay = 0;
    const parts: HTMLElement[] = [];
    for (const p of problems) {
      const run = settings.runs[p.run];
      const title =
        p.run < 0 ? t.inputErrorTitle : p.kind === "ConfigException" && p.origin !== "simulation" ? format(t.configErrorTitle, { n: p.run + 1, name: run?.name ?? "" }) : p.kind === "ConfigException" ? format(t.configErrorSimulation, { n: p.run + 1, name: run?.name ?? "" }) : t.inputErrorTitle;
      const item = el("div", { class: "pg-problem" });
      item.append(el("p", { class: "pg-problem-title" }, title));
      const code = el("pre", { class: "pg-exception" });
      code.textContent = p.kind === "ConfigException" ? `org.apache.kafka.common.config.ConfigException: ${p.message}` : p.message;
      item.append(code);
      parts.push(item);
    }
    showProblem(parts);
    root.dataset.state = "invalid";
    $("pg-status").textContent = "";
    return;
  }
  if (addressProblem) {
    showProblem(addressProblem);
    addressProblem = undefined;
  } else {
    box.hidden = true;
    box.replaceChildren();
  }
  const warn = $("pg-warnings");
  const lines = warnings.flatMap((w, i) => (w.length ? [format(t.warningsTitle, { n: i + 1, name: settings.runs[i]!.name }), ...w.map((x) => `  ${x}`)] : []));
  warn.hidden = lines.length === 0;
  warn.textContent = lines.join("\n");
  if (what === "all") {
    pendingSweep = nextId++;
    sweepStarted = performance.now();
    root.dataset.state = "computing";
    send({ type: "sweep", id: pendingSweep, settings: cloneSettings(settings) });
  }
  pendingReplay = nextId++;
  send({ type: "replay", id: pendingReplay, settings: cloneSettings(settings) });
}

// ---- drawing ---------------------------------------------------------------------------------------------------

function drawSweep(rows: SweepRow[], ms: number): void {
  const svg = outcomeFigure(rows);
  const figure = $("pg-figure");
  figure.innerHTML = svg;
  $<HTMLAnchorElement>("pg-download").href = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  drawTotals(rows);
  $("pg-status").textContent = format(t.computed, { runs: rows.length, records: settings.records, ms: Math.round(ms) });
  generation++;
  const root = $("pg");
  root.dataset.generation = String(generation);
  root.dataset.state = "ready";
  if (generation === 1) performance.mark("playground-first-figure");
}

function drawTotals(rows: SweepRow[]): void {
  const totals = outcomeTotals(rows);
  const outcomes = Object.keys(OUTCOME_COLORS);
  const table = el("table");
  table.append(el("caption", {}, t.totalsCaption));
  const head = el("tr");
  head.append(el("th", { scope: "col" }, t.totalsRun));
  for (const o of outcomes) {
    const th = el("th", { scope: "col" });
    const swatch = el("span", { class: "pg-swatch", "aria-hidden": "true" });
    swatch.style.background = OUTCOME_COLORS[o]!;
    th.append(swatch, t.outcomes[o as keyof typeof t.outcomes] ?? o);
    head.append(th);
  }
  table.append(el("thead"));
  table.tHead!.append(head);
  const body = el("tbody");
  for (const scenario of [...new Set(totals.map((r) => r.scenario))]) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, scenario));
    for (const o of outcomes) {
      const r = totals.find((x) => x.scenario === scenario && x.outcome === o);
      tr.append(el("td", { class: "num" }, r ? `${r.records} (${(r.share * 100).toFixed(1)} %)` : "0"));
    }
    body.append(tr);
  }
  table.append(body);
  $("pg-totals").replaceChildren(table);
}

function drawStep(): void {
  if (!replay) return;
  const n = replay.steps.length;
  const slider = $<HTMLInputElement>("pg-step");
  slider.max = String(Math.max(0, n - 1));
  slider.value = String(step);
  const trace = replay.trace as TraceEvent[];
  const current = replay.steps[step];
  const upTo = current ? trace.slice(0, current.event + 1) : [];
  const figure = $("pg-timeline");
  figure.innerHTML = timelineFigure(upTo, { lanes: replay.lanes });
  figure.setAttribute("aria-label", format(t.timelineLabel, { n: settings.replayRun + 1, seed: settings.replaySeed, k: step + 1 }));
  $("pg-step-status").textContent = current ? format(t.stepStatus, { k: step + 1, n, ms: trace[current.event]!.atMs }) : "";
  const pre = $("pg-text-timeline");
  const nodes: Array<Node> = [document.createTextNode(`${replay.header}\n`)];
  replay.steps.slice(0, step + 1).forEach((s, i) => {
    const text = `${s.lines.join("\n")}\n`;
    nodes.push(i === step ? el("mark", {}, text) : document.createTextNode(text));
  });
  pre.replaceChildren(...nodes);
  pre.scrollTop = pre.scrollHeight;
  $("pg-replay-outcome").textContent = replay.outcome;
}

// ---- start -----------------------------------------------------------------------------------------------------

function loadFromAddress(): void {
  try {
    settings = location.hash.length > 1 ? parsePlaygroundHash(location.hash) : cloneSettings(PLAYGROUND_DEFAULTS);
  } catch (e) {
    settings = cloneSettings(PLAYGROUND_DEFAULTS);
    addressProblem = format(t.addressError, { message: e instanceof Error ? e.message : String(e) });
  }
}

loadFromAddress();
renderControls();
wireStaticControls();
// The boot's sweep is this one when the address has not changed since and the settings run: adopt it.
const adopt = boot.hash === location.hash && addressProblem === undefined && checkPlayground(settings).problems.length === 0;
recompute(adopt ? "replay" : "all");
if (adopt) {
  pendingSweep = boot.firstId;
  sweepStarted = 0;
  $("pg").dataset.state = "computing";
}
worker.onmessage = (event: MessageEvent<WorkerReply>) => onReply(event.data);
for (const reply of boot.queue.splice(0)) onReply(reply);
performance.mark("playground-interactive");
