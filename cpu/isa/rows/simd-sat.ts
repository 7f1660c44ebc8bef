import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { op } from './fmt.js';
import { arrangement, esizeOf, lane, mapLanes, mapLanes64, read64, slane, ulane, vr, writeLanes64, clearHigh } from './simd-emit.js';

/** Saturating add/subtract and shift by register (three same), vector and scalar D forms. */

interface SatOp {
  readonly name: string;
  readonly mnemonic: string;
  readonly u: number;
  readonly opcode: string;
  readonly sub: boolean;
}

const satOps: readonly SatOp[] = [
  { name: 'SQADD', mnemonic: 'sqadd', u: 0, opcode: '00001', sub: false },
  { name: 'UQADD', mnemonic: 'uqadd', u: 1, opcode: '00001', sub: false },
  { name: 'SQSUB', mnemonic: 'sqsub', u: 0, opcode: '00101', sub: true },
  { name: 'UQSUB', mnemonic: 'uqsub', u: 1, opcode: '00101', sub: true },
];

/** [lo, hi] of the 64-bit lane result computed by a helper that writes R. */
function viaR(e: Emitter, call: string): readonly [string, string] {
  e.line(`${call};`);
  const r = e.rt('R');
  return [e.let(`${r}[0]`), e.let(`${r}[1]`)];
}

function sat64(o: SatOp, e: Emitter, n: number, m: number, i: number): readonly [string, string] {
  const [al, ah] = read64(e, n, i);
  const [bl, bh] = read64(e, m, i);
  return viaR(e, `${e.rt('simdSat64')}(c, ${al}, ${ah}, ${bl}, ${bh}, ${o.sub ? 1 : 0}, ${o.u ? 0 : 1})`);
}

function emitSat(o: SatOp, f: Fields, e: Emitter): void {
  const es = esizeOf(f.size!);
  if (es === 64) {
    mapLanes64(e, f.Rd!, f.Q!, (i) => sat64(o, e, f.Rn!, f.Rm!, i));
    return;
  }
  const signed = o.u === 0;
  const read = signed ? slane : ulane;
  const [min, max] = signed ? [-(2 ** (es - 1)), 2 ** (es - 1) - 1] : [0, 2 ** es - 1];
  const sat = e.rt('simdSat');
  mapLanes(e, f.Rd!, es, f.Q!, (i) => `${sat}(c, ${read(f.Rn!, es, i)} ${o.sub ? '-' : '+'} ${read(f.Rm!, es, i)}, ${min}, ${max})`);
}

function shl64(e: Emitter, signed: boolean, n: number, m: number, i: number): readonly [string, string] {
  const [lo, hi] = read64(e, n, i);
  return viaR(e, `${e.rt('simdShl64')}(${lo}, ${hi}, vi[${4 * m + 2 * i}], ${signed ? 1 : 0})`);
}

function emitShl(signed: boolean, f: Fields, e: Emitter): void {
  const es = esizeOf(f.size!);
  if (es === 64) {
    mapLanes64(e, f.Rd!, f.Q!, (i) => shl64(e, signed, f.Rn!, f.Rm!, i));
    return;
  }
  const read = signed ? slane : ulane;
  const shl = e.rt('simdShlLane');
  mapLanes(e, f.Rd!, es, f.Q!, (i) => `${shl}(${read(f.Rn!, es, i)}, ${lane(f.Rm!, es, i)}, ${es}, ${signed ? 1 : 0})`);
}

const sameDisasm = (mnemonic: string) => (f: Fields): string => {
  const arr = arrangement(f.size!, f.Q!);
  return op(mnemonic, vr(f.Rd!, arr), vr(f.Rn!, arr), vr(f.Rm!, arr));
};

const scalarDisasm = (mnemonic: string) => (f: Fields): string => op(mnemonic, `d${f.Rd}`, `d${f.Rn}`, `d${f.Rm}`);

/** Writes one 64-bit result to Vd and clears its upper half (scalar D forms). */
function writeScalar(e: Emitter, d: number, value: readonly [string, string]): void {
  writeLanes64(e, d, [value]);
  clearHigh(e, d);
}

export const simdSatRows: InsnRowSpec[] = [
  ...satOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_vec`,
      pattern: `0 Q:1 ${o.u} 01110 size:2 1 Rm:5 ${o.opcode} 1 Rn:5 Rd:5`,
      cls: 'simd',
      when: (f) => f.size !== 3 || f.Q === 1,
      emit: (f, e) => emitSat(o, f, e),
      disasm: sameDisasm(o.mnemonic),
    }),
  ),
  ...satOps.map(
    (o): InsnRowSpec => ({
      name: `${o.name}_scalar`,
      pattern: `01 ${o.u} 11110 11 1 Rm:5 ${o.opcode} 1 Rn:5 Rd:5`,
      cls: 'simd',
      emit: (f, e) => writeScalar(e, f.Rd!, sat64(o, e, f.Rn!, f.Rm!, 0)),
      disasm: scalarDisasm(o.mnemonic),
    }),
  ),
  ...[0, 1].map(
    (u): InsnRowSpec => ({
      name: u ? 'USHL_vec' : 'SSHL_vec',
      pattern: `0 Q:1 ${u} 01110 size:2 1 Rm:5 01000 1 Rn:5 Rd:5`,
      cls: 'simd',
      when: (f) => f.size !== 3 || f.Q === 1,
      emit: (f, e) => emitShl(u === 0, f, e),
      disasm: sameDisasm(u ? 'ushl' : 'sshl'),
    }),
  ),
  ...[0, 1].map(
    (u): InsnRowSpec => ({
      name: u ? 'USHL_scalar' : 'SSHL_scalar',
      pattern: `01 ${u} 11110 11 1 Rm:5 01000 1 Rn:5 Rd:5`,
      cls: 'simd',
      emit: (f, e) => writeScalar(e, f.Rd!, shl64(e, u === 0, f.Rn!, f.Rm!, 0)),
      disasm: scalarDisasm(u ? 'ushl' : 'sshl'),
    }),
  ),
];
