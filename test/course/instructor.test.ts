/**
 * LiveScenario: stepping shows the run as it is (stepping never changes what happens), reset replays it, the data
 * methods agree with the library's tables, and a learner's producer-state table can be plugged in every way a
 * notebook hands one over.
 *
 * The randomized test prints its seed; replay with FC_SEED=<seed>.
 */
import fc from "fast-check";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createScenario,
  lessonScenario,
  LiveScenario,
  loadLearnerModule,
  loadStateTableModule,
  logRows,
  producerStateRows,
  ProducerStateManager,
  replicaRows,
  replicationRows,
  SimulationInputError,
  stateTableFactory,
  timelineFigure,
  withLang,
  type IncomingBatch,
  type ProducerStateEntry,
  type TraceEvent,
  type ValidationResult,
} from "kafka-sim";
import { ROOT } from "../grader/helpers.js";

/** Runs `f` and returns what it printed with console.log and process.stdout.write. */
function captured(f: () => void): string {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void out.push(args.join(" ") + "\n"));
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    f();
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
  return out.join("");
}

afterEach(() => vi.restoreAllMocks());

/** A producer-state table that counts its calls and otherwise is the library's. */
class CountingTable {
  static appends = 0;
  private readonly inner = new ProducerStateManager();
  get(producerId: number): ProducerStateEntry | undefined {
    return this.inner.get(producerId);
  }
  append(batch: IncomingBatch, firstOffset: number): ValidationResult {
    CountingTable.appends++;
    return this.inner.append(batch, firstOffset);
  }
}

describe("LiveScenario stepping", () => {
  it("step(n) draws at least n event lines, under a header, and advance returns exactly the new trace events", () => {
    const live = new LiveScenario("idempotent");
    const first = captured(() => live.step(3));
    const lines = first.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\s+ms\s+producer\s+broker-0\s+broker-1\s+broker-2$/);
    expect(lines.length - 1).toBeGreaterThanOrEqual(3);
    const seen = live.trace.length;
    const events = live.advance(2);
    expect(events).toEqual(live.trace.slice(seen));
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it("events taken by step, advance, stepUntil and runUntil add up to the whole trace of an unstepped run", () => {
    const live = new LiveScenario("idempotent");
    const taken: TraceEvent[] = [];
    captured(() => live.step());
    taken.push(...live.trace); // step shows, advance returns: count what step took from the trace itself
    taken.push(...live.advance(4));
    const before = live.trace.length;
    captured(() => live.stepUntil("duplicate"));
    taken.push(...live.trace.slice(before));
    const beforeRun = live.trace.length;
    live.runUntil(40_000);
    expect(live.nowMs).toBeLessThanOrEqual(40_000);
    taken.push(...live.trace.slice(beforeRun));
    const end = live.runToEnd();
    const whole = createScenario(lessonScenario("idempotent")).runToEnd();
    expect(taken).toEqual(whole.trace.slice(0, taken.length));
    expect(end.trace).toEqual(whole.trace);
    expect(end.check).toEqual(whole.check);
  });

  it("stepUntil stops at the first matching event and shows the leader's duplicate answer", () => {
    const live = new LiveScenario("idempotent");
    const text = captured(() => live.stepUntil("duplicate"));
    const dup = live.trace.filter((e) => e.type === "duplicate");
    expect(dup).toHaveLength(1);
    expect(live.trace[live.trace.length - 1]!.atMs).toBe(dup[0]!.atMs);
    expect(text).toContain(`duplicate of pid=${dup[0]!.producerId} epoch=${dup[0]!.epoch} seq=${dup[0]!.baseSequence}`);
    expect(text).toContain("✗ response lost");
    // The leader still remembers the batch it answered for, with the offset it gave.
    const state = live.producerState();
    const batch = state.find((b) => b.firstSeq === dup[0]!.baseSequence);
    expect(batch?.firstOffset).toBe(dup[0]!.offset);
  });

  it("stepUntil a predicate that never holds stops after maxStepEvents and says so", () => {
    const live = new LiveScenario("idempotent", { maxStepEvents: 5 });
    const text = captured(() => live.stepUntil((e) => e.type === "producer-restart"));
    expect(text).toContain("stopped after");
    expect(live.done).toBe(false);
    const drawn = text.trimEnd().split("\n").filter((l) => /^\s+\d+\s/.test(l));
    expect(drawn.length).toBeGreaterThanOrEqual(5);
    expect(drawn.length).toBeLessThan(15);
  });

  it("at the end, step says the scenario is over and takes nothing", () => {
    const live = new LiveScenario("at-least-once");
    live.runToEnd();
    const n = live.trace.length;
    const text = captured(() => live.step());
    expect(text).toContain(`(the scenario is over at ${live.nowMs} ms)`);
    expect(live.trace.length).toBe(n);
    expect(live.advance()).toEqual([]);
  });

  it("reset replays the same run: the same events and the same text", () => {
    const live = new LiveScenario("acks1-failover");
    const a = captured(() => live.step(12));
    const traceA = [...live.trace];
    live.runToEnd();
    live.reset();
    expect(live.nowMs).toBe(0);
    expect(live.trace).toEqual([]);
    const b = captured(() => live.step(12));
    expect(b).toBe(a);
    expect(live.trace).toEqual(traceA);
  });

  it("hide takes event types out of the text and out of the count", () => {
    const plain = new LiveScenario("acks-all-failover");
    const quiet = new LiveScenario("acks-all-failover", { hide: ["deliver", "replicate", "high-watermark"] });
    const p = captured(() => plain.step(20));
    const q = captured(() => quiet.step(20));
    expect(p).toContain("copies offset");
    expect(q).not.toContain("copies offset");
    expect(q).not.toContain("high watermark");
    expect(quiet.nowMs).toBeGreaterThan(plain.nowMs);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses step(%s)", (n) => {
    const live = new LiveScenario("idempotent");
    expect(() => live.step(n)).toThrow(/whole number of events >= 1/);
  });

  it("refuses unknown options, lesson names and stepUntil arguments, naming what is allowed", () => {
    expect(() => new LiveScenario("idempotent", { speed: 2 } as never)).toThrow(/Unknown LiveScenario option "speed". Allowed: hide, laneWidth, gapMs, maxStepEvents/);
    expect(() => new LiveScenario("no-such-scenario")).toThrow(/Known scenarios: at-most-once/);
    expect(() => new LiveScenario("idempotent", { maxStepEvents: 0 })).toThrow(SimulationInputError);
    const live = new LiveScenario("idempotent");
    expect(() => live.stepUntil(42 as never)).toThrow(/event type .* or a function/);
    expect(() => live.runUntil("soon" as never)).toThrow(/virtual time in ms/);
    expect(() => live.timelineSvg({ lastMs: -5 })).toThrow(/lastMs must be/);
  });

  it("LiveScenario.lesson applies a learner's overrides", () => {
    const off = LiveScenario.lesson("idempotent", { idempotence: false });
    expect(off.spec.producer?.["enable.idempotence"]).toBe(false);
    const result = off.runToEnd();
    expect(result.check.counts.duplicated).toBeGreaterThan(0);
    const on = LiveScenario.lesson("idempotent");
    expect(on.runToEnd().check.counts.duplicated).toBe(0);
  });

  it("property: stepping in any sizes never changes the run (same trace and outcome as runToEnd)", () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed} npx vitest run test/instructor.test.ts)`);
    fc.assert(
      fc.property(
        fc.constantFrom("at-least-once", "idempotent", "acks1-failover", "sequence-gap"),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }),
        (name, s, sizes) => {
          const spec = lessonScenario(name, { seed: s, dropResponseRate: 0.05 });
          const live = new LiveScenario(spec);
          const taken: TraceEvent[] = [];
          for (const n of sizes) taken.push(...live.advance(n));
          const end = live.runToEnd();
          const whole = createScenario(spec).runToEnd();
          expect(taken).toEqual(whole.trace.slice(0, taken.length));
          expect(end.trace).toEqual(whole.trace);
          expect(end.check.counts).toEqual(whole.check.counts);
        },
      ),
      { seed, numRuns: 25 },
    );
  });
});

describe("LiveScenario tables and figures", () => {
  it("log, producerState and replicas are the library's tables of the workload's topic", () => {
    const live = new LiveScenario("acks1-failover");
    live.runUntil(60);
    expect(live.log()).toEqual(logRows(live.cluster, "events", 0));
    expect(live.log(0, 1)).toEqual(logRows(live.cluster, "events", 0, 1));
    expect(live.producerState()).toEqual(producerStateRows(live.cluster, "events", 0));
    expect(live.replicas()).toEqual(replicaRows(live.cluster, "events", 0));
    // acks=1 with a crash after the 6th append: broker 0 is down with 6 records, the followers have 5.
    expect(live.replicas().map((r) => [r.broker, r.alive, r.logEndOffset])).toEqual([[0, false, 6], [1, true, 5], [2, true, 5]]);
  });

  it("showLog, showProducerState and showReplicas print HTML tables outside a kernel, or say the table is empty", () => {
    const live = new LiveScenario("idempotent");
    expect(captured(() => live.showLog())).toBe("(the log of events-0 on broker 0 is empty)\n");
    expect(captured(() => live.showProducerState())).toMatch(/^\(no producer state for events-0 on broker 0/);
    captured(() => live.stepUntil("duplicate"));
    const log = captured(() => live.showLog());
    expect(log).toMatch(/^<table><thead><tr><th>offset<\/th><th>value<\/th>/);
    expect((log.match(/<tr>/g) ?? []).length).toBe(1 + live.log().length);
    const state = captured(() => live.showProducerState(0, 1));
    expect(state).toContain("<th>firstSeq</th>");
    const replicas = captured(() => live.showReplicas());
    expect(replicas).toContain("<td>leader</td>");
    expect(() => live.showLog(3)).toThrow(/Partition 3 does not exist/);
  });

  it("timelineSvg is timelineFigure of the trace so far; lastMs keeps only the last stretch", () => {
    const live = new LiveScenario("idempotent");
    captured(() => live.stepUntil("duplicate"));
    expect(live.timelineSvg()).toBe(timelineFigure(live.trace));
    expect(live.timelineSvg({ lastMs: 50, height: 300 })).toBe(timelineFigure(live.trace, { fromMs: live.nowMs - 50, height: 300 }));
    expect(live.timelineSvg({ lastMs: 50 })).not.toBe(live.timelineSvg());
    expect(captured(() => live.showTimeline({ lastMs: 50 }))).toBe(`${live.timelineSvg({ lastMs: 50 })}\n`);
  });

  it("finish runs to the end and prints the verdict of what a consumer reads", () => {
    const live = new LiveScenario("at-least-once");
    const text = captured(() => live.finish());
    expect(live.done).toBe(true);
    expect(captured(() => live.showOutcome())).toBe(text);
    expect(text).toMatch(/duplicated\s+1/);
    expect(live.outcome().counts.duplicated).toBe(1);
  });
});

describe("withStateTable", () => {
  it("plugs a class, a factory, a module namespace and a LoadedLearnerModule-like object into every broker", () => {
    const live = new LiveScenario("idempotent");
    for (const source of [CountingTable, () => new CountingTable(), { ProducerStateTable: CountingTable }, { exports: { ProducerStateTable: CountingTable } }]) {
      CountingTable.appends = 0;
      const mine = live.withStateTable(source);
      const result = mine.runToEnd();
      expect(CountingTable.appends).toBeGreaterThan(0);
      expect(result.check.ok).toBe(true);
      expect(result.check.counts.duplicated).toBe(0);
      // The same spec and seed: only the table differs.
      expect(mine.spec.seed).toBe(live.spec.seed);
      expect(mine.spec.faults).toEqual(live.spec.faults);
    }
  });

  it("runs the reference solution loaded with the learner loader exactly as the library's table", () => {
    const solution = loadStateTableModule(join(ROOT, "solutions", "sequence-validation.ts"));
    const lib = new LiveScenario("idempotent-reordering").runToEnd();
    const viaLoader = new LiveScenario("idempotent-reordering").withStateTable(solution).runToEnd();
    const viaExports = new LiveScenario("idempotent-reordering").withStateTable(loadLearnerModule(join(ROOT, "solutions", "sequence-validation.ts"))).runToEnd();
    expect(viaLoader.trace).toEqual(lib.trace);
    expect(viaExports.trace).toEqual(lib.trace);
  });

  it("shows what a throwing table threw, below the step's lines, and the broker answers UNKNOWN_SERVER_ERROR", () => {
    class Unfinished {
      get(): undefined {
        return undefined;
      }
      append(): ValidationResult {
        throw new Error("not implemented yet: append");
      }
    }
    const live = new LiveScenario("idempotent").withStateTable(Unfinished);
    const text = captured(() => live.stepUntil("reject"));
    expect(text).toContain("UNKNOWN_SERVER_ERROR");
    expect(text).toContain("the producer-state table threw: Error: not implemented yet: append");
    expect(live.stateTableErrors.length).toBeGreaterThan(0);
    // Shown once: the next step does not repeat old errors.
    const again = captured(() => live.step());
    expect(again.split("table threw").length - 1).toBeLessThanOrEqual(live.stateTableErrors.length - 1);
  });

  it("refuses what is not a table source, naming what was given and what is allowed", () => {
    expect(() => stateTableFactory(42 as never)).toThrow(/Cannot make producer-state tables from number\. Pass a class/);
    expect(() => stateTableFactory({ validateBatch: () => 0 } as never)).toThrow(/no ProducerStateTable class or createStateTable\(\) \(its keys: validateBatch\)/);
    expect(() => stateTableFactory(() => ({ get: () => undefined }) as never)).toThrow(/without append\(\)/);
    expect(() => stateTableFactory((() => null) as never)).toThrow(/gave null, not a producer-state table/);
    class NoGet {
      append(): ValidationResult {
        return { kind: "append" };
      }
    }
    expect(() => stateTableFactory(NoGet as never)).toThrow(/new NoGet\(\) gave a table without get\(\)/);
    // A fresh table per replica.
    const make = stateTableFactory(CountingTable);
    expect(make()).not.toBe(make());
  });
});

describe("replicationRows and replicationFigure", () => {
  it("follow each replica's log end offset through an acks=1 failover: ahead at the crash, truncated on return", () => {
    const run = createScenario(lessonScenario("acks1-failover")).runToEnd();
    const { points, marks } = replicationRows(run.trace, "events", 0);
    const crash = marks.find((m) => m.kind === "crash")!;
    const leoAt = (series: string, t: number) => points.filter((p) => p.series === series && p.atMs <= t).at(-1)?.logEndOffset;
    // At the crash the leader holds one record more than either follower.
    expect(leoAt("broker-0", crash.atMs)).toBe((leoAt("broker-1", crash.atMs) ?? 0) + 1);
    expect(crash.offset).toBe(leoAt("broker-0", crash.atMs));
    // An acknowledgement above the followers: the lost record.
    const acks = marks.filter((m) => m.kind === "ack" && m.atMs >= crash.atMs && m.atMs < crash.atMs + 5);
    expect(acks.map((a) => a.label)).toEqual(["ack r5"]);
    // On its return broker 0 truncates to the followers' level, then copies the new leader's log.
    const truncate = marks.find((m) => m.kind === "truncate")!;
    expect(truncate.offset).toBe(leoAt("broker-1", crash.atMs));
    const final = replicaRows(run.cluster, "events", 0);
    for (const r of final) expect(leoAt(`broker-${r.broker}`, run.endMs)).toBe(r.logEndOffset);
    // The high watermark series ends at the leader's high watermark.
    const leader = final.find((r) => r.role === "leader")!;
    expect(leoAt("high watermark", run.endMs)).toBe(leader.highWatermark);
  });

  it("draws an SVG for a window, squeezing long quiet stretches, and refuses an empty window", () => {
    const live = new LiveScenario("acks1-failover");
    live.runToEnd();
    const svg = live.replicationSvg({ fromMs: 40 });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("broker-0 crashes");
    expect(svg).toContain("broker-0 truncates");
    expect(svg).toMatch(/⋯ \d+(\.\d)? s ⋯/);
    expect(live.replicationSvg({ fromMs: 40 })).toBe(svg);
    expect(() => live.replicationSvg({ fromMs: 100_000 })).toThrow(/Nothing happened to events between 100000 and Infinity ms/);
    expect(() => live.replicationSvg({ gapMs: 0 })).toThrow(/gapMs must be/);
    expect(captured(() => live.showReplication({ fromMs: 40 }))).toBe(`${svg}\n`);
  });
});

describe("LiveScenario in the Korean edition", () => {
  const HANGUL = /[\uac00-\ud7a3]/;

  it("step, stepUntil, finish and the empty-table notes speak Korean; the same events are shown as in English", () => {
    const run = () => {
      const live = new LiveScenario("at-least-once");
      const lines: string[] = [];
      lines.push(captured(() => live.showLog()));
      lines.push(captured(() => live.showProducerState()));
      lines.push(captured(() => live.step(4)));
      lines.push(captured(() => live.stepUntil("duplicate")));
      lines.push(captured(() => live.finish()));
      lines.push(captured(() => live.step(1)));
      return lines;
    };
    const en = run();
    const ko = withLang("ko", run);
    expect(ko[0]).toBe("(브로커 0의 events-0 로그가 비어 있습니다)\n");
    expect(ko[1]).toMatch(/^\(브로커 0에 events-0의 프로듀서 상태가 없습니다: 아직 멱등성 배치가 적재되지 않았습니다\)/);
    expect(ko[2]).toContain("전송 [r0] → events-0");
    expect(ko[3]).toMatch(/중복: 이미 로그에/);
    expect(ko[4]).toMatch(/^결과: 컨슈머가 읽는 것 \(보낸 레코드 8개\)/);
    expect(ko[4]).toContain("판정: ");
    expect(ko[5]).toMatch(/\(시나리오가 \d+ ms에 끝났습니다\)/);
    for (const text of en) expect(text).not.toMatch(HANGUL);
    // The same diagram lines, event for event: the times and lanes agree.
    const times = (text: string) => text.split("\n").filter((l) => /^ {0,6}\d+  /.test(l)).map((l) => l.slice(0, 9));
    expect(times(ko[3]!)).toEqual(times(en[3]!));
    expect(ko[3]!.split("\n").length).toBeGreaterThan(3);
  });

  it("stepUntil's stop note, the state table's errors and the option errors are in Korean", () => {
    withLang("ko", () => {
      const live = new LiveScenario("at-most-once", { maxStepEvents: 2 });
      expect(captured(() => live.stepUntil("truncate"))).toMatch(/\(이벤트 \d+개를 지나도록 찾지 못해 멈춤: 계속하려면 stepUntil을 다시 부르세요\)/);
      expect(() => new LiveScenario("at-most-once", { colour: true } as never)).toThrow(/"colour": 이런 LiveScenario 옵션은 없습니다\. 쓸 수 있는 옵션: hide/);
      expect(() => live.step(0)).toThrow(/step\/advance에는 1 이상의 정수/);
      expect(() => live.runUntil(Number.NaN)).toThrow(/runUntil에는 가상 시간\(ms\)을 넘겨야 합니다/);
      expect(() => live.timelineSvg({ lastMs: -1 })).toThrow(/lastMs는 0 이상의/);
      expect(() => live.stepUntil(3 as never)).toThrow(/stepUntil에는 이벤트 종류/);
      expect(() => logRows(live.cluster, "events", 9)).toThrow(/파티션 9은\(는\) 없습니다/);
      expect(() => replicaRows(live.cluster, "events", 9)).toThrow(/토픽 "events"에 파티션 9은\(는\) 없습니다/);
      expect(() => logRows(live.cluster, "events", 0, 7)).toThrow(/브로커 7에는 events-0의 레플리카가 없습니다/);
      expect(() => stateTableFactory(42 as never)).toThrow(/number 값으로는 프로듀서 상태 표를 만들 수 없습니다\. 클래스\(ProducerStateTable\)/);
      expect(() => stateTableFactory(() => ({ get: () => undefined }) as never)).toThrow(/팩토리 함수의 결과인 표에 append\(\)가 없습니다/);
      expect(() => stateTableFactory({ nothing: 1 } as never)).toThrow(/이 객체에는 ProducerStateTable 클래스도 createStateTable\(\)도 없습니다 \(키: nothing\)/);
      const throwing = new LiveScenario("idempotent").withStateTable(
        class {
          get(): undefined {
            return undefined;
          }
          append(): never {
            throw new Error("my table is broken");
          }
        } as never,
      );
      const out = captured(() => throwing.stepUntil("reject"));
      // The learner's own error text as thrown, the course's words around it in Korean.
      expect(out).toContain("프로듀서 상태 표가 예외를 던짐: ");
      expect(out).toContain("my table is broken");
    });
  });
});
