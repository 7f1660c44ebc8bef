/**
 * Load/store pair: STP/LDP (W, X, S, D, Q), LDPSW, STNP/LDNP; signed offset, pre- and
 * post-index. A load pair with Rt == Rt2 is CONSTRAINED UNPREDICTABLE: like qemu, the integer
 * forms leave the first value in the register and the SIMD&FP forms the second. A load with
 * writeback to a register it also loads ends with the written-back base (as qemu).
 */
import type { Emitter } from '../../translate/emitter.js';
import type { Fields, InsnRowSpec } from '../row.js';
import { GEN_ANY, SCRATCH_BASE_REGS } from '../../testgen/conventions.js';
import { op, reg, sext } from './fmt.js';
import {
  emitBaseImm,
  emitLoadValue,
  emitLoadVecWords,
  emitProbeIfCrossing,
  emitWriteback,
  putV,
  putX,
  type EffectiveAddress,
  type ImmMode,
} from './ldst-emit.js';
import { memOff, memPost, memPre, vscalar } from './ldst-fmt.js';

interface PairOp {
  readonly name: string;
  readonly opc: string;
  readonly v: number;
  readonly load: boolean;
  /** log2 of one register's access size. */
  readonly size: number;
  /** LDPSW: 32-bit values sign-extended into X registers. */
  readonly signed: boolean;
}

const PAIR_OPS: readonly PairOp[] = [
  { name: 'STP_W', opc: '00', v: 0, load: false, size: 2, signed: false },
  { name: 'LDP_W', opc: '00', v: 0, load: true, size: 2, signed: false },
  { name: 'LDPSW', opc: '01', v: 0, load: true, size: 2, signed: true },
  { name: 'STP_X', opc: '10', v: 0, load: false, size: 3, signed: false },
  { name: 'LDP_X', opc: '10', v: 0, load: true, size: 3, signed: false },
  { name: 'STP_S', opc: '00', v: 1, load: false, size: 2, signed: false },
  { name: 'LDP_S', opc: '00', v: 1, load: true, size: 2, signed: false },
  { name: 'STP_D', opc: '01', v: 1, load: false, size: 3, signed: false },
  { name: 'LDP_D', opc: '01', v: 1, load: true, size: 3, signed: false },
  { name: 'STP_Q', opc: '10', v: 1, load: false, size: 4, signed: false },
  { name: 'LDP_Q', opc: '10', v: 1, load: true, size: 4, signed: false },
];

const MODES: readonly { readonly suffix: string; readonly bits: string; readonly mode: ImmMode }[] = [
  { suffix: 'nt', bits: '00', mode: 'offset' },
  { suffix: 'post', bits: '01', mode: 'post' },
  { suffix: 'off', bits: '10', mode: 'offset' },
  { suffix: 'pre', bits: '11', mode: 'pre' },
];

function emitPairTransfer(e: Emitter, o: PairOp, ea: EffectiveAddress, t: number, t2: number): void {
  const a = ea.a;
  const bytes = 1 << o.size;
  if (o.v) {
    if (o.load) {
      if (o.size === 2) {
        const lo = e.let(`m.r64(${a})`);
        const hi = e.let('m.hi');
        putV(e, t, [lo, '0', '0', '0']);
        putV(e, t2, [hi, '0', '0', '0']);
      } else {
        const first = emitLoadVecWords(e, a, o.size);
        const second = emitLoadVecWords(e, `(${a} + ${bytes})`, o.size);
        putV(e, t, first);
        putV(e, t2, second);
      }
    } else if (o.size === 2) {
      e.line(`m.w64(${a}, vi[${4 * t}], vi[${4 * t2}]);`);
    } else {
      emitProbeIfCrossing(e, a, 2 * bytes);
      const parts: string[] = [];
      for (const [r, base] of [[t, 0], [t2, bytes]] as const) {
        for (let w = 0; w < bytes / 4; w += 2) {
          parts.push(`m.w64(${a} + ${base + 4 * w}, vi[${4 * r + w}], vi[${4 * r + w + 1}]);`);
        }
      }
      e.line(parts.join(' '));
    }
    return;
  }
  if (o.load) {
    if (o.size === 2) {
      const lo = e.let(`m.r64(${a})`);
      const hi = e.let('m.hi');
      putX(e, t2, hi, o.signed ? `(${hi} >> 31)` : '0');
      putX(e, t, lo, o.signed ? `(${lo} >> 31)` : '0');
    } else {
      const first = emitLoadValue(e, a, 3, false);
      const second = emitLoadValue(e, `(${a} + 8)`, 3, false);
      putX(e, t2, second.lo, second.hi);
      putX(e, t, first.lo, first.hi);
    }
  } else if (o.size === 2) {
    e.line(`m.w64(${a}, ${e.lo(t)}, ${e.lo(t2)});`);
  } else {
    emitProbeIfCrossing(e, a, 16);
    e.line(`m.w64(${a}, ${e.lo(t)}, ${e.hi(t)}); m.w64(${a} + 8, ${e.lo(t2)}, ${e.hi(t2)});`);
  }
}

function regText(o: PairOp, r: number): string {
  if (o.v) return vscalar(r, o.size);
  return reg(r, o.size === 3 || o.signed ? 1 : 0);
}

function pairRow(o: PairOp, m: (typeof MODES)[number]): InsnRowSpec {
  const nt = m.suffix === 'nt';
  const mnemonic = `${o.load ? 'ld' : 'st'}${nt ? 'np' : 'p'}${o.signed ? 'sw' : ''}`;
  const name = nt ? `${o.load ? 'LDNP' : 'STNP'}${o.name.slice(3)}` : `${o.name}_${m.suffix}`;
  const disasm = (f: Fields): string => {
    const imm = sext(f.imm7!, 7) << o.size;
    const mem = m.mode === 'pre' ? memPre(f.Rn!, imm) : m.mode === 'post' ? memPost(f.Rn!, imm) : memOff(f.Rn!, imm);
    return op(mnemonic, regText(o, f.Rt!), regText(o, f.Rt2!), mem);
  };
  return {
    name,
    pattern: `${o.opc} 101 ${o.v} 0 ${m.bits} ${o.load ? 1 : 0} imm7:7 Rt2:5 Rn:5 Rt:5`,
    cls: 'ldst',
    emit: (f, e) => {
      const ea = emitBaseImm(e, f.Rn!, sext(f.imm7!, 7) << o.size, m.mode);
      emitPairTransfer(e, o, ea, f.Rt!, f.Rt2!);
      emitWriteback(e, f.Rn!, ea);
    },
    disasm,
    gen: { Rn: SCRATCH_BASE_REGS, ...(o.v ? { Rt: GEN_ANY, Rt2: GEN_ANY } : {}) },
  };
}

export const ldstPairRows: InsnRowSpec[] = PAIR_OPS.flatMap((o) =>
  MODES.filter((m) => !(m.suffix === 'nt' && o.signed)).map((m) => pairRow(o, m)),
);
