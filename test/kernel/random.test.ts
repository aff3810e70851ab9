/**
 * Random: the simulation's only source of randomness (sfc32 seeded through splitmix32).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Random } from "../../lib/src/kernel/random.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed);

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.nextUint32());

/** sfc32 (Chris Doty-Humphrey's PractRand "small fast chaotic" generator), written out from its definition. */
function referenceStream(seedValue: number, n: number): number[] {
  // splitmix32-style seeding: golden-ratio increments, each passed through murmur3's fmix32 finaliser
  let s = seedValue >>> 0;
  const seedWord = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = seedWord();
  let b = seedWord();
  let c = seedWord();
  let counter = seedWord();
  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  const step = (): number => {
    const out = (a + b + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = (rotl(c, 21) + out) >>> 0;
    return out;
  };
  for (let i = 0; i < 12; i++) step(); // warm-up, discarded
  return Array.from({ length: n }, step);
}

describe("Random", () => {
  it("is sfc32 seeded through splitmix32, as documented", () => {
    for (const s of [0, 1, 42, -1, 2 ** 31 - 1, seed]) {
      expect(draws(new Random(s), 50), `seed ${s}`).toEqual(referenceStream(s, 50));
      // next() is the 32-bit draw scaled into [0, 1): never 1, even for 0xffffffff
      const r = new Random(s);
      expect(Array.from({ length: 50 }, () => r.next())).toEqual(referenceStream(s, 50).map((x) => x / 2 ** 32));
    }
  });

  it("property: the same seed gives the same stream", () => {
    fc.assert(
      fc.property(fc.integer(), (s) => {
        expect(draws(new Random(s), 20)).toEqual(draws(new Random(s), 20));
      }),
      { seed },
    );
  });

  it("property: different seeds give different streams", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (s1, s2) => {
        fc.pre(s1 !== s2);
        expect(draws(new Random(s1), 4)).not.toEqual(draws(new Random(s2), 4));
      }),
      { seed },
    );
    // neighbouring seeds too (the seeding must spread them)
    const firsts = new Set(Array.from({ length: 1000 }, (_, i) => new Random(i).nextUint32()));
    expect(firsts.size).toBe(1000);
  });

  it("rejects a seed that is not an integer, naming it", () => {
    expect(() => new Random(1.5)).toThrow(/seed must be an integer, got 1\.5/);
    expect(() => new Random(Number.NaN)).toThrow(RangeError);
  });

  it("keeps its seed", () => {
    expect(new Random(1234).seed).toBe(1234);
  });

  it("property: next() is in [0, 1), int(n) in [0, n), between(min, max) in [min, max], all integers where promised", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (s, n, min, span) => {
        const r = new Random(s);
        for (let i = 0; i < 50; i++) {
          const x = r.next();
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
          const k = r.int(n);
          expect(Number.isInteger(k)).toBe(true);
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThan(n);
          const b = r.between(min, min + span);
          expect(Number.isInteger(b)).toBe(true);
          expect(b).toBeGreaterThanOrEqual(min);
          expect(b).toBeLessThanOrEqual(min + span);
        }
      }),
      { seed },
    );
  });

  it("between() reaches both ends of its range; between(m, m) is m", () => {
    const r = new Random(seed);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.between(-2, 2));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    expect(r.between(7, 7)).toBe(7);
    expect(r.int(1)).toBe(0);
  });

  it("int() and between() refuse empty or non-integer ranges instead of answering outside them", () => {
    const r = new Random(seed);
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(-3)).toThrow(/int\(n\) needs an integer n >= 1, got -3/);
    expect(() => r.int(2.5)).toThrow(RangeError);
    expect(() => r.int(Number.NaN)).toThrow(RangeError);
    expect(() => r.between(5, 3)).toThrow(/between\(min, max\) needs integers with min <= max, got 5 and 3/);
    expect(() => r.between(0.5, 3)).toThrow(RangeError);
  });

  it("chance(p): p <= 0 is never and p >= 1 always, and neither draws (the stream is not shifted)", () => {
    const r = new Random(seed);
    const ref = new Random(seed);
    for (let i = 0; i < 100; i++) {
      expect(r.chance(0)).toBe(false);
      expect(r.chance(-0.5)).toBe(false);
      expect(r.chance(1)).toBe(true);
      expect(r.chance(2)).toBe(true);
      expect(r.nextUint32()).toBe(ref.nextUint32());
    }
  });

  it("chance(p) with 0 < p < 1 draws once and is true about p of the time", () => {
    const r = new Random(seed);
    const ref = new Random(seed);
    for (let i = 0; i < 100; i++) {
      expect(r.chance(0.3)).toBe(ref.next() < 0.3);
    }
    const n = 100_000;
    const fixed = new Random(20240601);
    for (const p of [0.01, 0.25, 0.5, 0.9]) {
      let hits = 0;
      for (let i = 0; i < n; i++) if (fixed.chance(p)) hits++;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(hits - n * p), `p=${p}`).toBeLessThan(6 * sd);
    }
  });

  it("pick() returns an element, reaches all of them, and refuses an empty list", () => {
    const r = new Random(seed);
    const items = ["a", "b", "c"] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(r.pick(items));
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
    expect(() => r.pick([])).toThrow(/at least one item/);
  });

  describe("fork()", () => {
    it("is deterministic: the same parent seed forks the same child", () => {
      expect(draws(new Random(seed).fork(), 20)).toEqual(draws(new Random(seed).fork(), 20));
    });

    it("draws from the child do not disturb the parent, and vice versa", () => {
      const parent = new Random(seed);
      const child = parent.fork();
      const parentRef = new Random(seed);
      const childRef = parentRef.fork();
      draws(child, 1000); // a busy sub-component
      expect(draws(parent, 50)).toEqual(draws(parentRef, 50));
      expect(draws(child, 50)).toEqual(draws(childRef, 1050).slice(1000));
    });

    it("the child's stream differs from the parent's, and successive forks differ", () => {
      const parent = new Random(seed);
      const a = parent.fork();
      const b = parent.fork();
      const pa = draws(parent, 20);
      const aa = draws(a, 20);
      const bb = draws(b, 20);
      expect(aa).not.toEqual(pa);
      expect(aa).not.toEqual(bb);
      expect(new Set([...aa, ...bb, ...pa]).size).toBe(60);
    });
  });

  describe("uniformity (fixed seed, generous bounds)", () => {
    it("int(10): chi-square over 100 000 draws is well below the p = 0.0001 critical value", () => {
      const r = new Random(7);
      const k = 10;
      const n = 100_000;
      const counts = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) counts[r.int(k)]!++;
      const expected = n / k;
      const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      // 9 degrees of freedom: 33.7 at p = 0.0001
      expect(chi2).toBeLessThan(33.7);
      // and not suspiciously perfect either (p = 0.9999 bound for 9 df is ~0.9)
      expect(chi2).toBeGreaterThan(0.9);
    });

    it("every bit of nextUint32 is set about half the time", () => {
      const r = new Random(11);
      const n = 50_000;
      const ones = new Array<number>(32).fill(0);
      for (let i = 0; i < n; i++) {
        const x = r.nextUint32();
        for (let bit = 0; bit < 32; bit++) if ((x >>> bit) & 1) ones[bit]!++;
      }
      const sd = Math.sqrt(n / 4);
      for (let bit = 0; bit < 32; bit++) expect(Math.abs(ones[bit]! - n / 2), `bit ${bit}`).toBeLessThan(6 * sd);
    });

    it("successive next() values are not correlated", () => {
      const r = new Random(13);
      const n = 50_000;
      let prev = r.next();
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const x = r.next();
        sum += (prev - 0.5) * (x - 0.5);
        prev = x;
      }
      const corr = sum / n / (1 / 12);
      expect(Math.abs(corr)).toBeLessThan(6 / Math.sqrt(n));
    });
  });
});
