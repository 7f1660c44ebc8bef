/**
 * Seeded pseudo-random numbers for the instruction-test generator: xoshiro128** seeded through
 * splitmix32. Deterministic across platforms; never Math.random.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from any list of 32-bit integers (e.g. run seed and case index). */
  constructor(...seed: number[]) {
    let s = 0x9e3779b9;
    for (const v of seed) s = splitmix32Step(s ^ Math.imul(v >>> 0, 0x85ebca6b));
    this.a = splitmix32Step((s += 0x9e3779b9));
    this.b = splitmix32Step((s += 0x9e3779b9));
    this.c = splitmix32Step((s += 0x9e3779b9));
    this.d = splitmix32Step((s += 0x9e3779b9));
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A generator with the given raw xoshiro128** state (not all zero). */
  static fromState(a: number, b: number, c: number, d: number): Prng {
    const p = new Prng();
    p.a = a | 0;
    p.b = b | 0;
    p.c = c | 0;
    p.d = d | 0;
    return p;
  }

  /** Next unsigned 32-bit value. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform integer in [0, n), n ≤ 2^32. */
  below(n: number): number {
    if (n <= 1) return 0;
    if (n > 0x100000000) throw new RangeError(`Prng.below(${n}) exceeds 2^32`);
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const v = this.u32();
      if (v < limit) return v % n;
    }
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Prng.pick from an empty list');
    return items[this.below(items.length)]!;
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.u32() < p * 0x100000000;
  }

  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  fill(bytes: Uint8Array): void {
    let i = 0;
    for (; i + 4 <= bytes.length; i += 4) {
      const v = this.u32();
      bytes[i] = v;
      bytes[i + 1] = v >>> 8;
      bytes[i + 2] = v >>> 16;
      bytes[i + 3] = v >>> 24;
    }
    for (; i < bytes.length; i++) bytes[i] = this.u32();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmix32Step(s: number): number {
  let z = s | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
