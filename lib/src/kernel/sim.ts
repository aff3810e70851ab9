/**
 * The deterministic simulation engine: a virtual clock and an event queue.
 * Events at the same time run in the order they were scheduled, so one seed gives one history.
 *
 * Memory (for sweeps of thousands of scenarios): state that lives as long as a scenario and points at newer
 * objects (this event queue, logs, requests waiting at a broker) is made of class instances and of arrays made
 * with `new Array()`, rather than `{…}` and `[…]` literals. V8 may start allocating a literal's objects straight
 * into the old generation once it has seen many of them survive a minor GC ("pretenuring"); a finished
 * scenario's old objects then keep the young objects they point at alive through the next minor GC, and most of
 * every dead scenario gets copied. Measured: this made GC the largest cost of a sweep (see BENCHMARKS.md).
 */
import { Random } from "./random.js";

/**
 * A scheduled event, as its scheduler sees it. `cancel()` keeps the event's turn in the queue (it still runs, as
 * a no-op, and counts in `eventsRun`), so cancelling never changes a history; it lets go of the work's function and
 * of everything that function holds (a request's timeout, once the request is answered, holds the whole request).
 */
export interface Timer {
  cancel(): void;
}

const doNothing = (): void => {};

class QueuedEvent implements Timer {
  constructor(
    readonly atMs: number,
    readonly seq: number,
    public run: () => void,
  ) {}

  cancel(): void {
    this.run = doNothing;
  }
}

export class Simulation {
  /** Virtual time in milliseconds since the simulation started. */
  nowMs = 0;
  readonly random: Random;
  private heap = new Array<QueuedEvent>();
  private seq = 0;
  /** How many events have run (a measure of work, for benchmarks and runaway guards). */
  eventsRun = 0;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Run `fn` after `delayMs` of virtual time (0 = later in this same instant). */
  schedule(delayMs: number, fn: () => void): Timer {
    if (!(delayMs >= 0)) throw new RangeError(`delayMs must be >= 0, got ${delayMs}`);
    return this.push(new QueuedEvent(this.nowMs + delayMs, this.seq++, fn));
  }

  /** Run `fn` at absolute virtual time `atMs` (or now, if that has passed). */
  scheduleAt(atMs: number, fn: () => void): Timer {
    if (Number.isNaN(atMs)) throw new RangeError(`atMs must be a number, got ${atMs}`);
    return this.push(new QueuedEvent(Math.max(atMs, this.nowMs), this.seq++, fn));
  }

  get pending(): number {
    return this.heap.length;
  }

  /** The time of the next event, or undefined when the queue is empty. */
  peekTimeMs(): number | undefined {
    return this.heap.length > 0 ? this.heap[0]!.atMs : undefined;
  }

  /** Run the next event. Returns false when there is nothing left to run. */
  step(): boolean {
    const ev = this.pop();
    if (!ev) return false;
    this.nowMs = ev.atMs;
    this.eventsRun++;
    ev.run();
    return true;
  }

  /** Run every event up to and including `timeMs`, then set the clock to `timeMs`. */
  runUntil(timeMs: number): void {
    while (this.heap.length > 0 && this.heap[0]!.atMs <= timeMs) this.step();
    if (timeMs > this.nowMs) this.nowMs = timeMs;
  }

  /** Run while `keepGoing()` holds, until the queue empties, or `limitMs` of virtual time is reached. */
  runWhile(keepGoing: () => boolean, limitMs: number): void {
    while (keepGoing() && this.heap.length > 0 && this.heap[0]!.atMs <= limitMs) this.step();
  }

  private push(ev: QueuedEvent): QueuedEvent {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(ev, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = ev;
    return ev;
  }

  private pop(): QueuedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

/**
 * What the broker core and the client need of time: the current virtual time and a way to run something later.
 * The Simulation is one; any driver of virtual time could be another.
 */
export interface Clock {
  readonly nowMs: number;
  schedule(delayMs: number, fn: () => void): Timer;
  scheduleAt(atMs: number, fn: () => void): Timer;
}
