/**
 * SIMD structure loads and stores: LD1-LD4/ST1-ST4 (multiple structures), single structure to
 * one lane, and LD1R-LD4R (load and replicate); no offset, and post-index by the transfer size
 * (Rm = 31) or by Xm. Every byte is read (or, for stores, checked writable) before any register
 * or memory changes, so a fault leaves state as it was.
 */
import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { GEN_ANY, SCRATCH_BASE_REGS, SCRATCH_INDEX_REGS } from '../../testgen/conventions.js';
import { op, xreg } from './fmt.js';
import { emitAdd64, emitAdd64Const, emitProbeIfCrossing } from './ldst-emit.js';
import { memOff, vlist } from './ldst-fmt.js';

type Post = 'none' | 'imm' | 'reg';

const POSTS: readonly Post[] = ['none', 'imm', 'reg'];

const ELEMENT = ['b', 'h', 's', 'd'] as const;

/** Bits 23..16 of the encoding for a post-index flavour (after the L and R bits are placed). */
function postPattern(post: Post): { readonly op: string; readonly rm: string } {
  if (post === 'none') return { op: '0', rm: '00000' };
  return { op: '1', rm: post === 'imm' ? '11111' : 'Rm:5' };
}

/** Emits the base writeback of a post-index form: + `bytes`, or + Xm. */
function emitPostIndex(e: Emitter, post: Post, f: Fields, bytes: number): void {
  if (post === 'none') return;
  const n = f.Rn!;
  const sum =
    post === 'imm'
      ? emitAdd64Const(e, e.lo(n, true), e.hi(n, true), bytes)
      : emitAdd64(e, e.lo(n, true), e.hi(n, true), e.lo(f.Rm!), e.hi(f.Rm!));
  e.line(`x[${2 * n}] = ${sum.lo}; x[${2 * n + 1}] = ${sum.hi};`);
}

function memText(post: Post, f: Fields, bytes: number): string {
  const base = memOff(f.Rn!, 0);
  if (post === 'none') return base;
  return `${base}, ${post === 'imm' ? `#${bytes}` : xreg(f.Rm!)}`;
}

function postSuffix(post: Post): string {
  return post === 'none' ? '' : post === 'imm' ? '_postimm' : '_postreg';
}

function gen(post: Post): Readonly<Record<string, readonly number[]>> {
  return post === 'reg' ? { Rn: SCRATCH_BASE_REGS, Rt: GEN_ANY, Rm: SCRATCH_INDEX_REGS } : { Rn: SCRATCH_BASE_REGS, Rt: GEN_ANY };
}

// ---- multiple structures -------------------------------------------------------------------

/** LD1/ST1 with 1-4 registers: consecutive bytes fill consecutive registers (wrapping at 31). */
function emitLoadConsecutive(e: Emitter, a: string, t: number, nregs: number, q: number): void {
  const regWords: string[][] = [];
  const chunks = q ? 2 : 1;
  for (let r = 0; r < nregs; r++) {
    const words: string[] = [];
    for (let k = 0; k < chunks; k++) {
      const off = (r * chunks + k) * 8;
      words.push(e.let(`m.r64(${off ? `${a} + ${off}` : a})`), e.let('m.hi'));
    }
    if (!q) words.push('0', '0');
    regWords.push(words);
  }
  regWords.forEach((words, r) => {
    const v = (t + r) % 32;
    e.line(words.map((w, i) => `vi[${4 * v + i}] = ${w};`).join(' '));
  });
}

function emitStoreConsecutive(e: Emitter, a: string, t: number, nregs: number, q: number): void {
  const chunks = q ? 2 : 1;
  emitProbeIfCrossing(e, a, nregs * chunks * 8);
  const parts: string[] = [];
  for (let r = 0; r < nregs; r++) {
    const v = (t + r) % 32;
    for (let k = 0; k < chunks; k++) {
      const off = (r * chunks + k) * 8;
      parts.push(`m.w64(${off ? `${a} + ${off}` : a}, vi[${4 * v + 2 * k}], vi[${4 * v + 2 * k + 1}]);`);
    }
  }
  e.line(parts.join(' '));
}

const LD1_OPCODES: Readonly<Record<number, number>> = { 7: 1, 10: 2, 6: 3, 2: 4 };

function multipleRow(load: boolean, selem: number, post: Post): InsnRowSpec {
  const mn = `${load ? 'ld' : 'st'}${selem}`;
  const p = postPattern(post);
  const opcode = selem === 1 ? 'opcode:4' : ['', '', '1000', '0100', '0000'][selem]!;
  const nregsOf = (f: Fields): number => (selem === 1 ? LD1_OPCODES[f.opcode!]! : selem);
  return {
    name: `${mn.toUpperCase()}_mult${postSuffix(post)}`,
    pattern: `0 Q:1 001100 ${p.op} ${load ? 1 : 0} 0 ${p.rm} ${opcode} size:2 Rn:5 Rt:5`,
    cls: 'simd',
    when: (f) =>
      (selem === 1 ? LD1_OPCODES[f.opcode!] !== undefined : !(f.size === 3 && f.Q === 0)) && (post !== 'reg' || f.Rm !== 31),
    emit: (f, e) => {
      const nregs = nregsOf(f);
      const q = f.Q!;
      const regBytes = q ? 16 : 8;
      const a = e.let(e.addr(f.Rn!));
      if (selem === 1) {
        if (load) emitLoadConsecutive(e, a, f.Rt!, nregs, q);
        else emitStoreConsecutive(e, a, f.Rt!, nregs, q);
      } else {
        const helper = e.rt(load ? 'vecLoadStructs' : 'vecStoreStructs');
        e.line(`${helper}(m, vb, ${a}, ${f.Rt!}, ${selem}, ${regBytes}, ${1 << f.size!});`);
      }
      emitPostIndex(e, post, f, nregs * regBytes);
    },
    disasm: (f) => {
      const nregs = nregsOf(f);
      const arr = `${(f.Q ? 16 : 8) >> f.size!}${ELEMENT[f.size!]!}`;
      return op(mn, vlist(f.Rt!, nregs, arr), memText(post, f, nregs * (f.Q ? 16 : 8)));
    },
    gen: gen(post),
  };
}

// ---- single structure (one lane) -----------------------------------------------------------

/** Element size in bytes and lane index of a single-structure encoding, or null if unallocated. */
function laneOf(f: Fields): { readonly ebytes: number; readonly index: number } | null {
  const q = f.Q!;
  const s = f.S!;
  const size = f.size!;
  switch (f.op!) {
    case 0:
      return { ebytes: 1, index: (q << 3) | (s << 2) | size };
    case 1:
      return size & 1 ? null : { ebytes: 2, index: (q << 2) | (s << 1) | (size >> 1) };
    case 2:
      if (size === 0) return { ebytes: 4, index: (q << 1) | s };
      return size === 1 && s === 0 ? { ebytes: 8, index: q } : null;
    default:
      return null;
  }
}

const ELEMENT_OF_BYTES: Readonly<Record<number, string>> = { 1: 'b', 2: 'h', 4: 's', 8: 'd' };

function laneRow(load: boolean, selem: number, post: Post): InsnRowSpec {
  const mn = `${load ? 'ld' : 'st'}${selem}`;
  const p = postPattern(post);
  const r = (selem - 1) & 1;
  const o0 = (selem - 1) >> 1;
  return {
    name: `${mn.toUpperCase()}_lane${postSuffix(post)}`,
    pattern: `0 Q:1 001101 ${p.op} ${load ? 1 : 0} ${r} ${p.rm} op:2 ${o0} S:1 size:2 Rn:5 Rt:5`,
    cls: 'simd',
    when: (f) => laneOf(f) !== null && (post !== 'reg' || f.Rm !== 31),
    emit: (f, e) => {
      const { ebytes, index } = laneOf(f)!;
      const a = e.let(e.addr(f.Rn!));
      const helper = e.rt(load ? 'vecLoadLane' : 'vecStoreLane');
      e.line(`${helper}(m, vb, ${a}, ${f.Rt!}, ${selem}, ${ebytes}, ${index});`);
      emitPostIndex(e, post, f, selem * ebytes);
    },
    disasm: (f) => {
      const { ebytes, index } = laneOf(f)!;
      return op(mn, `${vlist(f.Rt!, selem, ELEMENT_OF_BYTES[ebytes]!)}[${index}]`, memText(post, f, selem * ebytes));
    },
    gen: gen(post),
  };
}

function replicateRow(selem: number, post: Post): InsnRowSpec {
  const mn = `ld${selem}r`;
  const p = postPattern(post);
  const r = (selem - 1) & 1;
  const o0 = (selem - 1) >> 1;
  return {
    name: `LD${selem}R${postSuffix(post)}`,
    pattern: `0 Q:1 001101 ${p.op} 1 ${r} ${p.rm} 11 ${o0} 0 size:2 Rn:5 Rt:5`,
    cls: 'simd',
    ...(post === 'reg' ? { when: (f: Fields) => f.Rm !== 31 } : {}),
    emit: (f, e) => {
      const a = e.let(e.addr(f.Rn!));
      e.line(`${e.rt('vecLoadReplicate')}(m, vb, ${a}, ${f.Rt!}, ${selem}, ${1 << f.size!}, ${f.Q!});`);
      emitPostIndex(e, post, f, selem << f.size!);
    },
    disasm: (f) => {
      const arr = `${(f.Q ? 16 : 8) >> f.size!}${ELEMENT[f.size!]!}`;
      return op(mn, vlist(f.Rt!, selem, arr), memText(post, f, selem << f.size!));
    },
    gen: gen(post),
  };
}

const SELEMS = [1, 2, 3, 4] as const;

export const ldstVectorRows: InsnRowSpec[] = POSTS.flatMap((post) => [
  ...SELEMS.flatMap((n) => [multipleRow(false, n, post), multipleRow(true, n, post)]),
  ...SELEMS.flatMap((n) => [laneRow(false, n, post), laneRow(true, n, post)]),
  ...SELEMS.map((n) => replicateRow(n, post)),
]);
