/**
 * Simulation: the virtual clock and event queue that make one seed give one history.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Simulation } from "../../lib/src/kernel/sim.js";
import { Random } from "../../lib/src/kernel/random.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed);

describe("Simulation", () => {
  it("starts at time 0 with an empty queue", () => {
    const sim = new Simulation(1);
    expect(sim.nowMs).toBe(0);
    expect(sim.pending).toBe(0);
    expect(sim.peekTimeMs()).toBeUndefined();
    expect(sim.step()).toBe(false);
    expect(sim.eventsRun).toBe(0);
  });

  it("its random generator is seeded by the simulation's seed", () => {
    const a = new Simulation(99);
    const ref = new Random(99);
    expect([a.random.nextUint32(), a.random.nextUint32()]).toEqual([ref.nextUint32(), ref.nextUint32()]);
    expect(a.random.seed).toBe(99);
  });

  it("runs events in time order and sets the clock to each event's time", () => {
    const sim = new Simulation(1);
    const ran: Array<[string, number]> = [];
    for (const [name, delay] of [["c", 30], ["a", 10], ["d", 40], ["b", 20]] as const) {
      sim.schedule(delay, () => ran.push([name, sim.nowMs]));
    }
    while (sim.step());
    expect(ran).toEqual([["a", 10], ["b", 20], ["c", 30], ["d", 40]]);
    expect(sim.nowMs).toBe(40);
    expect(sim.eventsRun).toBe(4);
  });

  it("runs events at the same time in the order they were scheduled (FIFO)", () => {
    const sim = new Simulation(1);
    const ran: number[] = [];
    for (let i = 0; i < 50; i++) sim.schedule(i % 2 === 0 ? 5 : 7, () => ran.push(i));
    while (sim.step());
    const evens = Array.from({ length: 25 }, (_, k) => 2 * k);
    expect(ran).toEqual([...evens, ...evens.map((e) => e + 1)]);
  });

  it("schedule(0) from inside an event runs in the same instant, after what was already queued for it", () => {
    const sim = new Simulation(1);
    const ran: string[] = [];
    sim.schedule(10, () => {
      ran.push("first");
      sim.schedule(0, () => ran.push(`nested@${sim.nowMs}`));
    });
    sim.schedule(10, () => ran.push("second"));
    sim.schedule(11, () => ran.push("later"));
    while (sim.step());
    expect(ran).toEqual(["first", "second", "nested@10", "later"]);
  });

  it("schedule() refuses a negative or NaN delay, naming it", () => {
    const sim = new Simulation(1);
    expect(() => sim.schedule(-1, () => {})).toThrow(/delayMs must be >= 0, got -1/);
    expect(() => sim.schedule(Number.NaN, () => {})).toThrow(RangeError);
    expect(sim.pending).toBe(0);
  });

  it("scheduleAt() runs at an absolute time, or now if that time has passed", () => {
    const sim = new Simulation(1);
    const ran: Array<[string, number]> = [];
    sim.runUntil(100);
    sim.scheduleAt(150, () => ran.push(["future", sim.nowMs]));
    sim.scheduleAt(50, () => ran.push(["past", sim.nowMs]));
    expect(sim.peekTimeMs()).toBe(100);
    while (sim.step());
    expect(ran).toEqual([["past", 100], ["future", 150]]);
  });

  it("scheduleAt() refuses NaN instead of queueing an event that blocks every later one", () => {
    const sim = new Simulation(1);
    expect(() => sim.scheduleAt(Number.NaN, () => {})).toThrow(/atMs must be a number, got NaN/);
    expect(sim.pending).toBe(0);
    const ran: number[] = [];
    sim.schedule(10, () => ran.push(10));
    sim.schedule(20, () => ran.push(20));
    sim.runUntil(100);
    expect(ran).toEqual([10, 20]);
  });

  it("peekTimeMs() is the time of the next event, without running it", () => {
    const sim = new Simulation(1);
    sim.schedule(30, () => {});
    sim.schedule(12, () => {});
    expect(sim.peekTimeMs()).toBe(12);
    expect(sim.pending).toBe(2);
    expect(sim.nowMs).toBe(0);
    sim.step();
    expect(sim.peekTimeMs()).toBe(30);
    sim.step();
    expect(sim.peekTimeMs()).toBeUndefined();
  });

  describe("runUntil", () => {
    it("runs every event up to and including the time, leaves the rest, and sets the clock to the time", () => {
      const sim = new Simulation(1);
      const ran: number[] = [];
      for (const t of [5, 10, 10, 11, 20]) sim.schedule(t, () => ran.push(t));
      sim.runUntil(10);
      expect(ran).toEqual([5, 10, 10]);
      expect(sim.nowMs).toBe(10);
      expect(sim.pending).toBe(2);
      sim.runUntil(15);
      expect(ran).toEqual([5, 10, 10, 11]);
      expect(sim.nowMs).toBe(15);
      expect(sim.peekTimeMs()).toBe(20);
    });

    it("also runs events that events schedule within the window", () => {
      const sim = new Simulation(1);
      const ran: number[] = [];
      const tick = (): void => {
        ran.push(sim.nowMs);
        sim.schedule(10, tick);
      };
      sim.schedule(0, tick);
      sim.runUntil(35);
      expect(ran).toEqual([0, 10, 20, 30]);
      expect(sim.peekTimeMs()).toBe(40);
      expect(sim.nowMs).toBe(35);
    });

    it("never moves the clock backwards", () => {
      const sim = new Simulation(1);
      sim.runUntil(50);
      sim.runUntil(20);
      expect(sim.nowMs).toBe(50);
      sim.schedule(0, () => {});
      expect(sim.peekTimeMs()).toBe(50);
    });
  });

  describe("runWhile", () => {
    it("stops as soon as the condition fails (checked before each event)", () => {
      const sim = new Simulation(1);
      const ran: number[] = [];
      for (let t = 1; t <= 10; t++) sim.schedule(t, () => ran.push(t));
      sim.runWhile(() => ran.length < 3, 1000);
      expect(ran).toEqual([1, 2, 3]);
      expect(sim.nowMs).toBe(3);
      expect(sim.pending).toBe(7);
    });

    it("stops at the time limit (events at the limit still run) without moving the clock to it", () => {
      const sim = new Simulation(1);
      const ran: number[] = [];
      for (const t of [10, 20, 30]) sim.schedule(t, () => ran.push(t));
      sim.runWhile(() => true, 20);
      expect(ran).toEqual([10, 20]);
      expect(sim.nowMs).toBe(20);
      sim.runWhile(() => true, 25);
      expect(sim.nowMs).toBe(20);
      expect(sim.peekTimeMs()).toBe(30);
    });

    it("stops when the queue is empty", () => {
      const sim = new Simulation(1);
      let n = 0;
      sim.schedule(1, () => n++);
      sim.runWhile(() => true, Infinity);
      expect(n).toBe(1);
      expect(sim.pending).toBe(0);
    });
  });

  it("property: events run in (time, scheduling order), like a plain sorted list, with events scheduling more events", () => {
    // A forest of events: each event, when it runs, schedules its children (later events naming it as parent).
    type Node = { delay: number; children: Node[] };
    const delayArb = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1000 }));
    const forestArb = fc
      .array(fc.record({ delay: delayArb, parent: fc.nat() }), { minLength: 1, maxLength: 60 })
      .map((specs) => {
        const nodes: Node[] = [];
        const roots: Node[] = [];
        specs.forEach((spec, i) => {
          const node: Node = { delay: spec.delay, children: [] };
          const parent = (spec.parent % (i + 1)) - 1; // -1: a root, else an earlier event
          (parent < 0 ? roots : nodes[parent]!.children).push(node);
          nodes.push(node);
        });
        return roots;
      });
    fc.assert(
      fc.property(forestArb, (roots) => {
        // the system under test
        const sim = new Simulation(1);
        const actual: Array<[number, number]> = [];
        let nextIdSim = 0;
        const schedSim = (n: Node): void => {
          const id = nextIdSim++;
          sim.schedule(n.delay, () => {
            actual.push([id, sim.nowMs]);
            n.children.forEach(schedSim);
          });
        };
        roots.forEach(schedSim);
        while (sim.step());

        // the reference: a list kept sorted by (time, id), first element runs next
        const queue: Array<{ id: number; atMs: number; node: Node }> = [];
        const expected: Array<[number, number]> = [];
        let now = 0;
        let nextId = 0;
        const schedRef = (n: Node): void => {
          queue.push({ id: nextId++, atMs: now + n.delay, node: n });
          queue.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
        };
        roots.forEach(schedRef);
        while (queue.length > 0) {
          const ev = queue.shift()!;
          now = ev.atMs;
          expected.push([ev.id, now]);
          ev.node.children.forEach(schedRef);
        }

        expect(actual).toEqual(expected);
        expect(sim.eventsRun).toBe(expected.length);
      }),
      { seed, numRuns: 200 },
    );
  });
});
