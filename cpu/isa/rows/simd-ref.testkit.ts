/**
 * A reference model of the Advanced SIMD integer instructions written from the Arm ARM
 * pseudocode, over BigInt lanes (tests only; independent of the emitted code).
 */

export type Lanes = bigint[];

export const ones = (e: number): bigint => (1n << BigInt(e)) - 1n;
export const ux = (v: bigint, e: number): bigint => BigInt.asUintN(e, v);
export const sx = (v: bigint, e: number): bigint => BigInt.asIntN(e, v);

/** The 128/e lanes of a 16-byte register value (unsigned). */
export function lanesOf(bytes: Uint8Array, e: number): Lanes {
  const out: Lanes = [];
  const n = e / 8;
  for (let i = 0; i < 16; i += n) {
    let v = 0n;
    for (let b = n - 1; b >= 0; b--) v = (v << 8n) | BigInt(bytes[i + b] ?? 0);
    out.push(v);
  }
  return out;
}

/** 16 bytes from lanes of e bits (missing lanes are zero). */
export function bytesOf(lanes: Lanes, e: number): Uint8Array {
  const out = new Uint8Array(16);
  const n = e / 8;
  lanes.forEach((lane, i) => {
    let v = ux(lane, e);
    for (let b = 0; b < n; b++) {
      out[i * n + b] = Number(v & 0xffn);
      v >>= 8n;
    }
  });
  return out;
}

/** Interesting lane values of width e: zero, one, signed limits and their neighbours, all ones. */
export function corners(e: number): bigint[] {
  const min = 1n << BigInt(e - 1);
  return [0n, 1n, 2n, min - 1n, min, min + 1n, ones(e), ones(e) - 1n, 0x55n & ones(e), ones(e) / 3n];
}

/** A 16-byte value whose lanes of width e are mostly corner values. */
export function cornerVector(e: number, next: () => number): Uint8Array {
  const c = corners(e);
  const lanes: Lanes = [];
  for (let i = 0; i < 128 / e; i++) {
    if (next() % 10 < 7) lanes.push(c[next() % c.length]!);
    else lanes.push(ux((BigInt(next()) << 32n) | BigInt(next()), e));
  }
  return bytesOf(lanes, e);
}

/** Three-same ops: result lane from lanes a (Vn), b (Vm), d (Vd before), all unsigned. */
export const THREE_SAME: Readonly<Record<string, (a: bigint, b: bigint, d: bigint, e: number) => bigint>> = {
  ADD: (a, b) => a + b,
  SUB: (a, b) => a - b,
  CMEQ: (a, b, _d, e) => (a === b ? ones(e) : 0n),
  CMTST: (a, b, _d, e) => ((a & b) !== 0n ? ones(e) : 0n),
  CMGT: (a, b, _d, e) => (sx(a, e) > sx(b, e) ? ones(e) : 0n),
  CMGE: (a, b, _d, e) => (sx(a, e) >= sx(b, e) ? ones(e) : 0n),
  CMHI: (a, b, _d, e) => (a > b ? ones(e) : 0n),
  CMHS: (a, b, _d, e) => (a >= b ? ones(e) : 0n),
  SMAX: (a, b, _d, e) => (sx(a, e) > sx(b, e) ? a : b),
  UMAX: (a, b) => (a > b ? a : b),
  SMIN: (a, b, _d, e) => (sx(a, e) < sx(b, e) ? a : b),
  UMIN: (a, b) => (a < b ? a : b),
  MUL: (a, b) => a * b,
  MLA: (a, b, d) => d + a * b,
  MLS: (a, b, d) => d - a * b,
  SABD: (a, b, _d, e) => abs(sx(a, e) - sx(b, e)),
  UABD: (a, b) => abs(a - b),
  SABA: (a, b, d, e) => d + abs(sx(a, e) - sx(b, e)),
  UABA: (a, b, d) => d + abs(a - b),
  SHADD: (a, b, _d, e) => (sx(a, e) + sx(b, e)) >> 1n,
  UHADD: (a, b) => (a + b) >> 1n,
  SRHADD: (a, b, _d, e) => (sx(a, e) + sx(b, e) + 1n) >> 1n,
  URHADD: (a, b) => (a + b + 1n) >> 1n,
  SHSUB: (a, b, _d, e) => (sx(a, e) - sx(b, e)) >> 1n,
  UHSUB: (a, b) => (a - b) >> 1n,
};

export const PAIRWISE: Readonly<Record<string, (a: bigint, b: bigint, e: number) => bigint>> = {
  ADDP: (a, b) => a + b,
  SMAXP: (a, b, e) => (sx(a, e) > sx(b, e) ? a : b),
  UMAXP: (a, b) => (a > b ? a : b),
  SMINP: (a, b, e) => (sx(a, e) < sx(b, e) ? a : b),
  UMINP: (a, b) => (a < b ? a : b),
};

/** Bitwise ops on 64-bit chunks: d (Vd before), n, m. */
export const LOGIC: Readonly<Record<string, (d: bigint, n: bigint, m: bigint) => bigint>> = {
  AND_vec: (_d, n, m) => n & m,
  BIC_vec: (_d, n, m) => n & ~m,
  ORR_vec: (_d, n, m) => n | m,
  ORN_vec: (_d, n, m) => n | ~m,
  EOR_vec: (_d, n, m) => n ^ m,
  BSL: (d, n, m) => (n & d) | (m & ~d),
  BIT: (d, n, m) => (n & m) | (d & ~m),
  BIF: (d, n, m) => (n & ~m) | (d & m),
};

export const UNARY: Readonly<Record<string, (a: bigint, e: number) => bigint>> = {
  CMGT_zero: (a, e) => (sx(a, e) > 0n ? ones(e) : 0n),
  CMGE_zero: (a, e) => (sx(a, e) >= 0n ? ones(e) : 0n),
  CMEQ_zero: (a, e) => (a === 0n ? ones(e) : 0n),
  CMLE_zero: (a, e) => (sx(a, e) <= 0n ? ones(e) : 0n),
  CMLT_zero: (a, e) => (sx(a, e) < 0n ? ones(e) : 0n),
  ABS: (a, e) => abs(sx(a, e)),
  NEG: (a) => -a,
  CLZ: (a, e) => BigInt(clz(a, e)),
  CLS: (a, e) => BigInt(clz(ux((a >> 1n) ^ a, e - 1), e - 1)),
  CNT: (a) => BigInt(a.toString(2).replace(/0/g, '').length),
  NOT: (a) => ~a,
  RBIT: (a, e) => BigInt('0b' + (a.toString(2).padStart(e, '0').split('').reverse().join('') || '0')),
};

export function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

export function clz(v: bigint, e: number): number {
  for (let i = e - 1; i >= 0; i--) if ((v >> BigInt(i)) & 1n) return e - 1 - i;
  return e;
}

/** AdvSIMDExpandImm(op, cmode, imm8), transcribed from the Arm ARM pseudocode. */
export function advSimdExpandImm(op: number, cmode: number, imm8: number): bigint {
  const i8 = BigInt(imm8);
  const rep = (v: bigint, width: number, times: number): bigint => {
    let r = 0n;
    for (let k = 0; k < times; k++) r = (r << BigInt(width)) | v;
    return r;
  };
  const bit = (k: number): bigint => BigInt((imm8 >> k) & 1);
  switch (cmode >> 1) {
    case 0:
      return rep(i8, 32, 2);
    case 1:
      return rep(i8 << 8n, 32, 2);
    case 2:
      return rep(i8 << 16n, 32, 2);
    case 3:
      return rep(i8 << 24n, 32, 2);
    case 4:
      return rep(i8, 16, 4);
    case 5:
      return rep(i8 << 8n, 16, 4);
    case 6:
      return (cmode & 1) === 0 ? rep((i8 << 8n) | 0xffn, 32, 2) : rep((i8 << 16n) | 0xffffn, 32, 2);
    default:
      if ((cmode & 1) === 0 && op === 0) return rep(i8, 8, 8);
      if ((cmode & 1) === 0 && op === 1) {
        let r = 0n;
        for (let k = 7; k >= 0; k--) r = (r << 8n) | (bit(k) ? 0xffn : 0n);
        return r;
      }
      if (op === 0) {
        // imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,5):imm8<5:0>:Zeros(19)
        const imm32 = (bit(7) << 31n) | ((1n - bit(6)) << 30n) | (rep(bit(6), 1, 5) << 25n) | (BigInt(imm8 & 63) << 19n);
        return rep(imm32, 32, 2);
      }
      // imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,8):imm8<5:0>:Zeros(48)
      return (bit(7) << 63n) | ((1n - bit(6)) << 62n) | (rep(bit(6), 1, 8) << 54n) | (BigInt(imm8 & 63) << 48n);
  }
}

/** Three-different long/wide ops: from the wide lane w (Vn for W forms, Vd for accumulating forms) and narrow a, b extended. */
export const LONG: Readonly<Record<string, { kind: 'long' | 'wide' | 'acc'; f: (w: bigint, a: bigint, b: bigint) => bigint }>> = {
  ADDL: { kind: 'long', f: (_w, a, b) => a + b },
  ADDW: { kind: 'wide', f: (w, _a, b) => w + b },
  SUBL: { kind: 'long', f: (_w, a, b) => a - b },
  SUBW: { kind: 'wide', f: (w, _a, b) => w - b },
  ABAL: { kind: 'acc', f: (w, a, b) => w + abs(a - b) },
  ABDL: { kind: 'long', f: (_w, a, b) => abs(a - b) },
  MLAL: { kind: 'acc', f: (w, a, b) => w + a * b },
  MLSL: { kind: 'acc', f: (w, a, b) => w - a * b },
  MULL: { kind: 'long', f: (_w, a, b) => a * b },
};

/** SatQ of the pseudocode: the clamped value and whether it saturated. */
export function satQ(v: bigint, e: number, signed: boolean): [bigint, boolean] {
  const [min, max] = signed ? [-(1n << BigInt(e - 1)), (1n << BigInt(e - 1)) - 1n] : [0n, ones(e)];
  if (v > max) return [max, true];
  if (v < min) return [min, true];
  return [v, false];
}

/** USHL/SSHL of one element by the signed low byte of the shift element. */
export function shlByRegister(v: bigint, s: bigint, e: number, signed: boolean): bigint {
  const shift = Number(sx(s & 0xffn, 8));
  const x = signed ? sx(v, e) : v;
  return shift >= 0 ? x << BigInt(shift) : x >> BigInt(-shift);
}
