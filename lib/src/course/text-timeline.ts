/**
 * A run as a text sequence diagram, for terminals and plain-text cells: one lane per node (producers, then
 * brokers), one line per event, arrows for requests and responses, ✗ where the network lost a message.
 *
 *       ms  producer    broker-0    broker-1    broker-2
 *       20  ├──────────▶│           │           │           Produce pid=0 epoch=0 seq=2 n=1 [r2]
 *       26  │           ■           │           │           append [r2] at offset 2
 *       28  │ ✗─────────┤           │           │           ✗ response lost (offset 2): planned: lose the next produce response
 *
 * Lines fit `width` columns (100 by default: a projector, JupyterLab, a 100-column terminal): a description too long
 * for its line wraps at a space and continues under its lanes, and lanes get narrower when there are many.
 *
 * Deterministic (the same events give the same text), plain by default; ANSI colours only with `color: true`.
 * `TextTimeline` renders event by event (the terminal's --step mode); `renderTimeline` renders a whole trace.
 */
import type { CheckResult } from "../check/checker.js";
import { setStepPrinter, type ScenarioResult, type ScenarioRun } from "../scenario/scenario.js";
import type { TraceEvent, TraceEventType } from "../kernel/trace.js";
import { fill, tr, type Localized } from "../kernel/locale.js";
import { outcomeText } from "../check/outcome-names.js";
import { columns, padEndColumns, sliceColumns } from "./text-width.js";
import { noteText } from "./trace-notes.js";

export interface TimelineOptions {
  /** ANSI colours (for a terminal). Default false: plain text. */
  color: boolean;
  /** Characters per lane. */
  laneWidth: number;
  /** Event types left out. Default: "deliver" (the arrival is shown by what the broker does next). */
  hide: TraceEventType[];
  /** A quiet stretch longer than this many virtual ms gets a ⋮ line. */
  gapMs: number;
  /**
   * Longest line, in columns (default 100). A longer description wraps under its lanes; when the lanes leave less
   * than 36 columns for it, lanes narrower than `laneWidth` are used (never under 4). 0 or Infinity: no limit.
   */
  width: number;
}

export const TIMELINE_DEFAULTS: TimelineOptions = { color: false, laneWidth: 12, hide: ["deliver"], gapMs: 1000, width: 100 };

/** Columns before the first lane: the time (7) and two spaces. */
const TIME_COLUMNS = 9;
/** Fewest columns a description gets beside the lanes before the lanes are narrowed. */
const MIN_DESCRIPTION = 36;

/**
 * Splits text into lines of at most `width` columns, at spaces where it can (a longer word is cut). A Hangul
 * character takes two columns of a terminal (text-width.ts); any other character one, as `.length` counts.
 */
export function wrapText(text: string, width: number): string[] {
  if (!(width > 0) || columns(text) <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    let w = word;
    if (line.length > 0 && columns(line) + 1 + columns(w) <= width) {
      line += ` ${w}`;
      continue;
    }
    if (line.length > 0) lines.push(line);
    while (columns(w) > width) {
      const cut = sliceColumns(w, width);
      lines.push(cut);
      w = w.slice(cut.length);
    }
    line = w;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

type Tone = "plain" | "dim" | "good" | "bad" | "warn" | "info" | "strong";

const ANSI: Record<Tone, string> = { plain: "", dim: "2", good: "32", bad: "31", warn: "33", info: "36", strong: "35;1" };

function paint(text: string, tone: Tone, color: boolean): string {
  if (!color || tone === "plain" || text.length === 0) return text;
  return `\u001b[${ANSI[tone]}m${text}\u001b[0m`;
}

/** `r3, r4, r5, r6` → `r3–r6`; long lists are cut. */
export function formatRecordIds(ids: readonly string[] | undefined, max = 6): string {
  if (!ids || ids.length === 0) return "[]";
  const parts: string[] = [];
  let i = 0;
  while (i < ids.length) {
    const m = /^([a-z]*)(\d+)$/i.exec(ids[i]!);
    let j = i;
    if (m) {
      while (j + 1 < ids.length) {
        const n = /^([a-z]*)(\d+)$/i.exec(ids[j + 1]!);
        if (!n || n[1] !== m[1] || Number(n[2]) !== Number(m[2]) + (j + 1 - i)) break;
        j++;
      }
    }
    parts.push(j > i + 1 ? `${ids[i]}–${ids[j]}` : j === i + 1 ? `${ids[i]}, ${ids[j]}` : ids[i]!);
    i = j + 1;
  }
  const shown = parts.slice(0, max).join(", ");
  return `[${shown}${parts.length > max ? `, ${fill(tr({ en: "… {n} more", ko: "… 외 {n}개" }), { n: parts.length - max })}` : ""}]`;
}

/** Idempotent batches carry pid/epoch/seq; a batch without a producer id (idempotence off) has none. */
function batchFields(e: TraceEvent): string {
  const n = `n=${e.count ?? e.recordIds?.length ?? 0}`;
  if (e.producerId === undefined || e.producerId < 0) return `${n} ${tr({ en: "(no pid, no sequence)", ko: "(PID 없음, 시퀀스 번호 없음)" })}`;
  return `pid=${e.producerId} epoch=${e.epoch} seq=${e.baseSequence} ${n}`;
}

/** The lanes of a diagram: producers in order of appearance, then brokers by id. */
export function timelineLanes(events: readonly TraceEvent[], brokers = 0): string[] {
  const producers: string[] = [];
  const brokerIds = new Set<number>();
  for (let i = 0; i < brokers; i++) brokerIds.add(i);
  for (const e of events) {
    for (const node of [e.from, e.to]) {
      if (!node) continue;
      const b = /^broker-(\d+)$/.exec(node);
      if (b) brokerIds.add(Number(b[1]));
      else if (/^producer/.test(node) && !producers.includes(node)) producers.push(node);
    }
  }
  if (producers.length === 0) producers.push("producer");
  return [...producers, ...[...brokerIds].sort((a, b) => a - b).map((id) => `broker-${id}`)];
}

/** The lanes for a scenario before it has run: its producer (one more per planned restart) and every broker. */
export function timelineLanesForSpec(brokerCount: number, producerRestarts: number): string[] {
  const producers = ["producer", ...Array.from({ length: producerRestarts }, (_, i) => `producer#${i + 2}`)];
  return [...producers, ...Array.from({ length: brokerCount }, (_, i) => `broker-${i}`)];
}

interface Drawn {
  /** Lane index → marker, or an arrow between two lanes. */
  marker?: { lane: number; glyph: string };
  arrow?: { from: number; to: number; lost: boolean };
  label: string;
  tone: Tone;
}

/**
 * Renders events one at a time, keeping what it needs to annotate them: each broker's log (to spot a record
 * written twice) and the retries waiting for their request line.
 */
export class TextTimeline {
  readonly options: TimelineOptions;
  private lastMs: number | undefined;
  /** broker → "topic-partition" → record id per offset. */
  private readonly logs = new Map<string, Map<string, string[]>>();
  /** recordIds key → attempt number of a resend announced by a "retry" event. */
  private readonly resends = new Map<string, number>();

  constructor(
    readonly lanes: readonly string[],
    options: Partial<TimelineOptions> = {},
  ) {
    this.options = { ...TIMELINE_DEFAULTS, ...options };
    if (!Number.isInteger(this.options.laneWidth) || this.options.laneWidth < 4) {
      throw new RangeError(`laneWidth must be a whole number >= 4, got ${JSON.stringify(this.options.laneWidth)}.`);
    }
    const width = this.options.width;
    if (!(width === 0 || width === Infinity || (Number.isInteger(width) && width >= TIME_COLUMNS + 4 * Math.max(1, lanes.length) + 10))) {
      throw new RangeError(`width must be 0 (no limit), Infinity or a whole number of columns >= ${TIME_COLUMNS + 4 * Math.max(1, lanes.length) + 10} for ${lanes.length} lanes, got ${JSON.stringify(width)}.`);
    }
    if (width > 0 && width !== Infinity && TIME_COLUMNS + lanes.length * this.options.laneWidth + MIN_DESCRIPTION > width) {
      this.options.laneWidth = Math.max(4, Math.floor((width - TIME_COLUMNS - MIN_DESCRIPTION) / Math.max(1, lanes.length)));
    }
  }

  /** The header line: lane names above their lanes. */
  header(): string {
    const w = this.options.laneWidth;
    const names = this.lanes.map((l) => (l.length >= w ? l.slice(0, w - 1) : l).padEnd(w)).join("");
    return paint(`${"ms".padStart(7)}  ${names}`.trimEnd(), "dim", this.options.color);
  }

  /**
   * The lines for one event: none for a hidden one; one more before it when a quiet stretch precedes it; more
   * when its description wraps (continued under the lanes).
   */
  event(e: TraceEvent): string[] {
    if (this.options.hide.includes(e.type)) return [];
    const drawn = this.describe(e);
    if (!drawn) return [];
    const lines: string[] = [];
    if (this.lastMs !== undefined && e.atMs - this.lastMs > this.options.gapMs) {
      lines.push(...this.line("⋮", { label: fill(tr({ en: "({t} pass)", ko: "({t} 경과)" }), { t: formatDuration(e.atMs - this.lastMs) }), tone: "dim" }));
    }
    this.lastMs = e.atMs;
    lines.push(...this.line(String(e.atMs), drawn));
    return lines;
  }

  private lane(node: string | undefined): number {
    return node === undefined ? -1 : this.lanes.indexOf(node);
  }

  /** An event's line, and the continuation lines of a description too long for it (under the lanes, indented 2). */
  private line(time: string, d: Omit<Drawn, "marker" | "arrow"> & Partial<Drawn>): string[] {
    const { color, laneWidth: w } = this.options;
    const room = this.options.width > 0 ? this.options.width - TIME_COLUMNS - this.lanes.length * w : Infinity;
    const [first, ...rest] = room === Infinity ? [d.label] : wrapText(d.label, room);
    const more = rest.length === 0 ? [] : wrapText(rest.join(" "), room - 2);
    const quietLanes = paint(Array.from({ length: this.lanes.length * w }, (_, x) => (x % w === 0 ? "│" : " ")).join(""), "dim", color);
    const continued = more.map((text) => `${" ".repeat(TIME_COLUMNS)}${quietLanes}  ${paint(text, d.tone, color)}`.trimEnd());
    return [this.drawLine(time, { ...d, label: first! }), ...continued];
  }

  private drawLine(time: string, d: Omit<Drawn, "marker" | "arrow"> & Partial<Drawn>): string {
    const { color, laneWidth: w } = this.options;
    const width = this.lanes.length * w;
    const chars: string[] = [];
    const tones: Tone[] = [];
    for (let x = 0; x < width; x++) {
      chars.push(x % w === 0 ? "│" : " ");
      tones.push("dim");
    }
    if (d.arrow && d.arrow.from >= 0 && d.arrow.to >= 0 && d.arrow.from !== d.arrow.to) {
      const a = d.arrow.from * w;
      const b = d.arrow.to * w;
      const step = b > a ? 1 : -1;
      for (let x = a + step; x !== b; x += step) {
        chars[x] = "─";
        tones[x] = d.tone;
      }
      chars[a] = step > 0 ? "├" : "┤";
      tones[a] = d.tone;
      if (d.arrow.lost) {
        chars[b - step] = "✗";
        tones[b - step] = "bad";
      } else {
        chars[b] = step > 0 ? "▶" : "◀";
        tones[b] = d.tone;
      }
    } else if (d.marker && d.marker.lane >= 0) {
      chars[d.marker.lane * w] = d.marker.glyph;
      tones[d.marker.lane * w] = d.tone;
    }
    let lanes = "";
    let run = "";
    let runTone: Tone = "dim";
    for (let x = 0; x < width; x++) {
      if (tones[x] !== runTone) {
        lanes += paint(run, runTone, color);
        run = "";
        runTone = tones[x]!;
      }
      run += chars[x];
    }
    lanes += paint(run, runTone, color);
    return `${paint(time.padStart(7), "dim", color)}  ${lanes}${paint(d.label, d.tone, color)}`;
  }

  private log(broker: string, tp: string): string[] {
    let byTp = this.logs.get(broker);
    if (!byTp) this.logs.set(broker, (byTp = new Map()));
    let log = byTp.get(tp);
    if (!log) byTp.set(tp, (log = []));
    return log;
  }

  private describe(e: TraceEvent): Drawn | undefined {
    const w = tr(WORDS);
    const ids = formatRecordIds(e.recordIds);
    const tp = `${e.topic}-${e.partition}`;
    const note = e.note ? `: ${noteText(e.note)}` : "";
    const from = this.lane(e.from);
    const to = this.lane(e.to);
    const key = (e.recordIds ?? []).join(",");
    const api = e.api ?? w.request;
    switch (e.type) {
      case "send":
        return { marker: { lane: from, glyph: "●" }, label: fill(w.send, { ids, tp }), tone: "plain" };
      case "request": {
        const attempt = this.resends.get(key);
        this.resends.delete(key);
        const again = attempt ? fill(w.resend, { attempt }) : "";
        return { arrow: { from, to, lost: false }, label: `${api} ${batchFields(e)} ${ids}${again}`, tone: attempt ? "warn" : "plain" };
      }
      case "deliver":
        return { marker: { lane: to, glyph: "▸" }, label: fill(w.arrives, { api, ids }), tone: "dim" };
      case "drop":
        if (e.recordIds) return { arrow: { from, to, lost: true }, label: fill(w.requestLost, { ids, note }), tone: "bad" };
        return { arrow: { from, to, lost: true }, label: fill(w.responseLost, { what: e.error === "NONE" || !e.error ? fill(w.offset, { offset: String(e.offset) }) : e.error, note }), tone: "bad" };
      case "response":
        if (!e.error || e.error === "NONE") return { arrow: { from, to, lost: false }, label: fill(w.responseOk, { offset: String(e.offset) }), tone: "plain" };
        return { arrow: { from, to, lost: false }, label: fill(w.responseError, { error: e.error }), tone: "bad" };
      case "append": {
        const log = e.from ? this.log(e.from, tp) : [];
        if (e.offset !== undefined) log.length = Math.min(log.length, e.offset);
        const again = (e.recordIds ?? []).map((id) => ({ id, at: log.indexOf(id) })).filter((x) => x.at >= 0);
        if (e.offset !== undefined) (e.recordIds ?? []).forEach((id, i) => (log[e.offset! + i] = id));
        const seq = e.producerId !== undefined && e.producerId >= 0 ? ` (pid=${e.producerId} epoch=${e.epoch} seq=${e.baseSequence})` : "";
        if (again.length > 0) {
          const where = again.map((x) => fill(w.at, { id: x.id, at: x.at })).join(", ");
          return { marker: { lane: from, glyph: "■" }, label: fill(w.appendDuplicate, { ids, offset: String(e.offset), where }), tone: "strong" };
        }
        return { marker: { lane: from, glyph: "■" }, label: `${fill(w.append, { ids, offset: String(e.offset) })}${seq}`, tone: "plain" };
      }
      case "duplicate":
        return { marker: { lane: from, glyph: "◆" }, label: fill(w.duplicate, { batch: `pid=${e.producerId} epoch=${e.epoch} seq=${e.baseSequence} ${ids}`, offset: String(e.offset) }), tone: "info" };
      case "reject":
        return { marker: { lane: from, glyph: "!" }, label: fill(w.refuse, { batch: `${batchFields(e)} ${ids}`, error: String(e.error), note }), tone: "bad" };
      case "replicate": {
        const count = e.count ?? 0;
        if (e.from && e.to && e.offset !== undefined) {
          const src = this.log(e.to, tp);
          const dst = this.log(e.from, tp);
          dst.length = Math.min(dst.length, e.offset);
          for (let i = 0; i < count; i++) dst[e.offset + i] = src[e.offset + i] ?? "?";
        }
        const range = count === 1 ? fill(w.offset, { offset: String(e.offset) }) : fill(w.offsets, { first: String(e.offset), last: (e.offset ?? 0) + count - 1 });
        return { arrow: { from: to, to: from, lost: false }, label: fill(w.copies, { node: String(e.from), range }), tone: "dim" };
      }
      case "high-watermark":
        return { marker: { lane: from, glyph: "┿" }, label: fill(w.highWatermark, { offset: String(e.offset) }), tone: "dim" };
      case "ack":
        return { marker: { lane: from, glyph: "✓" }, label: fill(w.ack, { ids, offset: String(e.offset) }), tone: "good" };
      case "assume":
        return { marker: { lane: from, glyph: "~" }, label: fill(w.assume, { ids }), tone: "warn" };
      case "retry":
        if (e.error) return { marker: { lane: from, glyph: "↻" }, label: fill(w.retryFailed, { ids, error: e.error, note }), tone: "warn" };
        this.resends.set(key, e.attempt ?? 2);
        return undefined; // shown on the request line that follows
      case "fail":
        return { marker: { lane: from, glyph: "✗" }, label: fill(w.fail, { ids, error: String(e.error), note }), tone: "bad" };
      case "crash":
        return { marker: { lane: from, glyph: "X" }, label: fill(w.crash, { node: String(e.from), note }), tone: "bad" };
      case "restart":
        return { marker: { lane: from, glyph: "↺" }, label: fill(w.restart, { node: String(e.from) }), tone: "info" };
      case "isolate":
        return { marker: { lane: from, glyph: "⌀" }, label: fill(w.isolate, { node: String(e.from) }), tone: "bad" };
      case "heal":
        return { marker: { lane: from, glyph: "↺" }, label: fill(w.heal, { node: String(e.from) }), tone: "info" };
      case "leader-change": {
        const m = /^broker (\d+) leads/.exec(e.note ?? "");
        return { marker: { lane: m ? this.lane(`broker-${m[1]}`) : -1, glyph: "★" }, label: fill(w.leaderChange, { tp, note }), tone: "strong" };
      }
      case "isr-change":
        return { label: `${tp} ${e.note ? noteText(e.note) : w.isrChanges}`, tone: "info" };
      case "truncate":
        return { marker: { lane: from, glyph: "✂" }, label: fill(w.truncate, { node: String(e.from), tp, offset: String(e.offset), count: String(e.count), note }), tone: "strong" };
      case "init-producer-id":
        // The controller-side allocation has no node; the producer's own line says the same.
        if (!e.from) return undefined;
        return { marker: { lane: from, glyph: "◇" }, label: `InitProducerId → pid=${e.producerId} epoch=${e.epoch}`, tone: "info" };
      case "epoch-bump":
        return { marker: { lane: from, glyph: "⇑" }, label: fill(w.epochBump, { pid: String(e.producerId), epoch: String(e.epoch), note }), tone: "strong" };
      case "producer-restart":
        return { marker: { lane: from, glyph: "↺" }, label: fill(w.producerRestart, { node: String(e.from), note }), tone: "strong" };
      default: {
        const type = (e as TraceEvent).type;
        return { label: `${type === "transaction" ? w.transaction : type}${note}`, tone: "plain" };
      }
    }
  }
}

/**
 * The diagram's words in each language (the Korean ones are notebooks/ko/용어.md's). Kafka's names stay as they are
 * in both: API names (Produce, InitProducerId), error codes, config keys, and the batch fields pid, epoch, seq, n.
 */
const WORDS_EN = {
  request: "request",
  send: "send {ids} → {tp}",
  resend: " — resend, attempt {attempt}",
  arrives: "{api} arrives {ids}",
  requestLost: "✗ request lost {ids}{note}",
  responseLost: "✗ response lost ({what}){note}",
  offset: "offset {offset}",
  offsets: "offsets {first}–{last}",
  responseOk: "response: ok, base offset {offset}",
  responseError: "response: {error}",
  at: "{id} at {at}",
  appendDuplicate: "append {ids} at offset {offset} — DUPLICATE: already in the log ({where})",
  append: "append {ids} at offset {offset}",
  duplicate: "duplicate of {batch}: not written again, answered with offset {offset}",
  refuse: "refuse {batch}: {error}{note}",
  copies: "{node} copies {range}",
  highWatermark: "high watermark → {offset}",
  ack: "acknowledged {ids} at offset {offset}",
  assume: "assumed sent {ids} (acks=0: no response will come)",
  retryFailed: "{ids} failed with {error}{note}",
  fail: "gave up on {ids}: {error}{note}",
  crash: "{node} crashes{note}",
  restart: "{node} restarts",
  isolate: "{node} is cut off the network",
  heal: "{node} is reconnected",
  leaderChange: "{tp} leader change{note}",
  isrChanges: "ISR changes",
  truncate: "{node} truncates {tp} to offset {offset}, dropping {count} record(s){note}",
  epochBump: "epoch bump → pid={pid} epoch={epoch}{note}",
  producerRestart: "{node} is restarted{note}",
  transaction: "transaction",
};

const WORDS: Localized<Record<keyof typeof WORDS_EN, string>> = {
  en: WORDS_EN,
  ko: {
    request: "요청",
    send: "전송 {ids} → {tp}",
    resend: " — 재전송, {attempt}번째 시도",
    arrives: "{api} 도착 {ids}",
    requestLost: "✗ 요청 유실 {ids}{note}",
    responseLost: "✗ 응답 유실 ({what}){note}",
    offset: "오프셋 {offset}",
    offsets: "오프셋 {first}–{last}",
    responseOk: "응답: 성공, 기준 오프셋 {offset}",
    responseError: "응답: {error}",
    at: "{id} 오프셋 {at}",
    appendDuplicate: "적재 {ids}, 오프셋 {offset} — 중복: 이미 로그에 있음 ({where})",
    append: "적재 {ids}, 오프셋 {offset}",
    duplicate: "중복 배치 {batch}: 다시 쓰지 않고 원래 오프셋으로 응답 (오프셋 {offset})",
    refuse: "거부 {batch}: {error}{note}",
    copies: "{node} 복제: {range}",
    highWatermark: "하이 워터마크 → {offset}",
    ack: "확인 응답 {ids}, 오프셋 {offset}",
    assume: "보낸 것으로 간주 {ids} (acks=0: 응답이 오지 않음)",
    retryFailed: "{ids} 실패: {error}{note}",
    fail: "전송 포기 {ids}: {error}{note}",
    crash: "{node} 크래시{note}",
    restart: "{node} 재시작",
    isolate: "{node} 네트워크에서 끊김",
    heal: "{node} 다시 연결됨",
    leaderChange: "{tp} 리더 교체{note}",
    isrChanges: "ISR 변경",
    truncate: "{node} {tp} 로그를 오프셋 {offset}까지 잘라냄, 레코드 {count}개 버림{note}",
    epochBump: "에포크 올리기 → pid={pid} epoch={epoch}{note}",
    producerRestart: "{node} 재시작{note}",
    transaction: "트랜잭션",
  },
};

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/** A whole trace as a sequence diagram (header + one line per event). */
export function renderTimeline(events: readonly TraceEvent[], options: Partial<TimelineOptions> & { lanes?: string[] } = {}): string {
  const { lanes, ...rest } = options;
  const t = new TextTimeline(lanes ?? timelineLanes(events), rest);
  const lines = [t.header()];
  for (const e of events) lines.push(...t.event(e));
  return lines.join("\n");
}

/** What the producer believed of a record, in Korean (the English edition shows the status as it is). */
const BELIEVED_KO: Record<CheckResult["rows"][number]["believed"], string> = {
  acknowledged: "확인 응답 받음",
  assumed: "보낸 것으로 간주",
  failed: "실패",
  pending: "대기 중",
};

function currentLangIsKorean(): boolean {
  return tr({ en: false, ko: true });
}

/** How the records ended up, as a consumer reads them: counts, the records concerned, and a verdict. */
export function renderOutcome(check: CheckResult, options: { color?: boolean; width?: number } = {}): string {
  const color = options.color ?? false;
  // Lines longer than `width` (default: no limit) wrap: a row's record list under itself, the verdict 2 columns in.
  const width = options.width !== undefined && options.width > 0 ? options.width : Infinity;
  const fit = (text: string, indent: number): string[] => {
    if (width === Infinity) return [text];
    const [first, ...rest] = wrapText(text, width);
    return rest.length ? [first!, ...wrapText(rest.join(" "), Math.max(10, width - indent)).map((r) => `${" ".repeat(indent)}${r}`)] : [first!];
  };
  const c = check.counts;
  const byOutcome = (o: string) => check.rows.filter((r) => r.outcome === o);
  const unfinished = byOutcome("lost-unacknowledged").filter((r) => r.believed === "pending");
  const failed = byOutcome("lost-unacknowledged").filter((r) => r.believed !== "pending");
  const ko = currentLangIsKorean();
  const more = (n: number): string => (ko ? `… 외 ${n}개` : `… ${n} more`);
  const list = (rows: CheckResult["rows"], detail: (r: CheckResult["rows"][number]) => string) =>
    rows.length === 0 ? "" : `  ${rows.slice(0, 6).map(detail).join(", ")}${rows.length > 6 ? `, ${more(rows.length - 6)}` : ""}`;
  const row = (glyph: string, name: string, n: number, tone: Tone, detail: string) => {
    const [first, ...more] = fit(`  ${glyph} ${padEndColumns(name, 26)}${String(n).padStart(4)}${detail}`, 36);
    return [`  ${paint(glyph, n > 0 ? tone : "dim", color)}${first!.slice(3)}`, ...more].join("\n");
  };
  const believed = (r: CheckResult["rows"][number]): string => (ko ? BELIEVED_KO[r.believed] : r.believed);
  const sent = check.rows.length;
  const lines = [
    ko ? `결과: 컨슈머가 읽는 것 (보낸 레코드 ${sent}개)` : `Outcome: what a consumer reads (${sent} record${sent === 1 ? "" : "s"} sent)`,
    row("✓", ko ? outcomeText("delivered-once") : "delivered once, in order", c.deliveredOnce, "good", ""),
    row("✗", ko ? outcomeText("duplicated") : "duplicated", c.duplicated, "bad", list(byOutcome("duplicated"), (r) => (ko ? `${r.id} 오프셋 ${r.offsets.join("·")}` : `${r.id} at offsets ${r.offsets.join(" and ")}`))),
    row("✗", ko ? outcomeText("reordered") : "reordered", c.reordered, "bad", list(byOutcome("reordered"), (r) => (ko ? `${r.id} 오프셋 ${r.offsets[0]}` : `${r.id} at offset ${r.offsets[0]}`))),
    row("✗", ko ? outcomeText("lost-acknowledged") : "lost after acknowledgement", c.lostAcknowledged, "bad", list(byOutcome("lost-acknowledged"), (r) => `${r.id} (${believed(r)})`)),
    row("·", ko ? "유실, 실패로 보고됨" : "lost, producer said failed", c.lostUnacknowledged - unfinished.length, "warn", list(failed, (r) => `${r.id} (${believed(r)})`)),
  ];
  // A run stopped early (the terminal's `q`, a notebook's step) has records the producer has not settled yet: not in
  // the log, not failed either. They are unfinished, not lost.
  if (unfinished.length > 0) lines.push(row("…", ko ? "미완료 (아직 대기 중)" : "unfinished (still pending)", unfinished.length, "dim", list(unfinished, (r) => r.id)));
  const bad: string[] = [];
  if (c.duplicated) bad.push(ko ? `중복 ${c.duplicated}개` : `${c.duplicated} duplicated`);
  if (c.reordered) bad.push(ko ? `순서 역전 ${c.reordered}개` : `${c.reordered} reordered`);
  if (c.lostAcknowledged) bad.push(ko ? `확인 응답 후 유실 ${c.lostAcknowledged}개 (프로듀서는 보냈다고 여김)` : `${c.lostAcknowledged} lost after the producer counted ${c.lostAcknowledged === 1 ? "it" : "them"} as sent`);
  const strangers = check.problems.filter((p) => p.includes("never sent"));
  if (strangers.length) bad.push(ko ? `보낸 적 없는 레코드 ${strangers.length}개가 로그에 있음` : `${strangers.length} record(s) in the log that were never sent`);
  if (check.ok) {
    const saidFailed = failed.length ? (ko ? `. 전송 ${failed.length}건은 실패했고 프로듀서도 실패를 알렸습니다` : `; ${failed.length} send(s) failed and the producer said so`) : "";
    const pending = unfinished.length ? (ko ? `. ${unfinished.length}개는 아직 대기 중입니다(실행이 끝나기 전에 멈춤)` : `; ${unfinished.length} still pending (the run stopped before they finished)`) : "";
    const verdict = ko
      ? `판정: 프로듀서가 보냈다고 여긴 레코드는 모두 로그에 정확히 한 번, 순서대로 있습니다${saidFailed}${pending}.`
      : `Verdict: every record the producer counted as sent is in the log exactly once, in order${saidFailed}${pending}.`;
    lines.push(...fit(verdict, 2).map((l) => paint(l, "good", color)));
  } else {
    const verdict = ko ? `판정: 정확히 한 번, 순서대로가 아닙니다. ${bad.join(", ")}.` : `Verdict: not exactly once in order: ${bad.join(", ")}.`;
    lines.push(...fit(verdict, 2).map((l) => paint(l, "bad", color)));
  }
  return lines.join("\n");
}

/** A finished run: its sequence diagram, then its outcome. */
export function renderRun(result: ScenarioResult, options: Partial<TimelineOptions> = {}): string {
  const lanes = timelineLanes(result.trace, result.cluster.brokers.length);
  const width = options.width ?? TIMELINE_DEFAULTS.width;
  return `${renderTimeline(result.trace, { ...options, lanes })}\n\n${renderOutcome(result.check, { color: options.color ?? false, width })}`;
}

/**
 * `createScenario(…).step(n)`'s events as lines of the run's text sequence diagram (the lanes of the whole run, the
 * diagram's memory of what came before, so a duplicate is still called one), under the header.
 */
export function renderStep(run: ScenarioRun, events: readonly TraceEvent[], options: Partial<TimelineOptions> = {}): string {
  const restarts = run.cluster.faults.options.plan.filter((a) => a.action === "restart-producer").length;
  const t = new TextTimeline(timelineLanesForSpec(run.cluster.brokers.length, restarts), options);
  const trace = run.trace;
  const start = events.length > 0 ? trace.indexOf(events[0]!) : trace.length;
  for (let i = 0; i < start; i++) t.event(trace[i]!);
  const lines = events.flatMap((e) => t.event(e));
  const over = run.done ? [`         ${scenarioOver(run.nowMs)}`] : [];
  if (lines.length === 0) {
    const none = events.length === 0 ? tr({ en: "(no new events)", ko: "(새 이벤트 없음)" }) : fill(tr({ en: "({n} event(s), none drawn in the diagram)", ko: "(이벤트 {n}개, 다이어그램에 그려진 것은 없음)" }), { n: events.length });
    return [none, ...over].join("\n");
  }
  return [t.header(), ...lines, ...over].join("\n");
}

/** The line under a diagram whose run has ended: `(the scenario is over at 30139 ms)`. */
export function scenarioOver(nowMs: number): string {
  return fill(tr({ en: "(the scenario is over at {ms} ms)", ko: "(시나리오가 {ms} ms에 끝났습니다)" }), { ms: nowMs });
}

/**
 * Does the diagram (default options) give this event a line? Not a message's arrival (`deliver`), a retry
 * announcement without an error (its resend line says it), nor the controller's half of an InitProducerId.
 */
export function drawnInTimeline(e: TraceEvent): boolean {
  if (TIMELINE_DEFAULTS.hide.includes(e.type)) return false;
  if (e.type === "retry" && !e.error) return false;
  if (e.type === "init-producer-id" && !e.from) return false;
  return true;
}

setStepPrinter((run, events) => renderStep(run, events), drawnInTimeline);
