/**
 * The simulation's only source of randomness: a small seeded PRNG (sfc32, seeded through splitmix32).
 * Same seed, same sequence, on every machine. Never Math.random inside the simulation.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new RangeError(`seed must be an integer, got ${String(seed)}`);
    }
    this.seed = seed;
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`int(n) needs an integer n >= 1, got ${String(n)}`);
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throw new RangeError(`between(min, max) needs integers with min <= max, got ${String(min)} and ${String(max)}`);
    }
    return min + this.int(max - min + 1);
  }

  /** True with probability p (p <= 0 never draws, so adding a zero-probability fault does not shift the stream). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() needs at least one item");
    return items[this.int(items.length)]!;
  }

  /** An independent generator derived from this one (for a sub-component), so adding draws elsewhere does not disturb it. */
  fork(): Random {
    return new Random(this.nextUint32() | 0);
  }
}
