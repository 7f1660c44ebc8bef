import type { MachineState } from '../../cpu/testgen/state.js';
import { REC_FPCR, REC_FPSR, REC_NZCV, REC_SP, REC_TPIDR, REC_V, REC_X, STATE_SIZE } from './layout.js';

/** Serialises a state in the wrapper's record layout. */
export function encodeState(s: MachineState, withTpidr = true): Uint8Array {
  const out = new Uint8Array(STATE_SIZE);
  const view = new DataView(out.buffer);
  out.set(s.v, REC_V);
  s.x.forEach((v, n) => view.setBigUint64(REC_X + 8 * n, v, true));
  view.setBigUint64(REC_SP, s.sp, true);
  view.setBigUint64(REC_NZCV, BigInt(s.nzcv >>> 0), true);
  view.setBigUint64(REC_FPSR, BigInt(s.fpsr >>> 0), true);
  view.setBigUint64(REC_FPCR, BigInt(s.fpcr >>> 0), true);
  if (withTpidr) view.setBigUint64(REC_TPIDR, s.tpidr, true);
  return out;
}

export function decodeState(rec: Uint8Array): MachineState {
  const view = new DataView(rec.buffer, rec.byteOffset, STATE_SIZE);
  return {
    x: Array.from({ length: 31 }, (_, n) => view.getBigUint64(REC_X + 8 * n, true)),
    sp: view.getBigUint64(REC_SP, true),
    nzcv: Number(view.getBigUint64(REC_NZCV, true) & 0xffffffffn),
    fpsr: Number(view.getBigUint64(REC_FPSR, true) & 0xffffffffn),
    fpcr: Number(view.getBigUint64(REC_FPCR, true) & 0xffffffffn),
    tpidr: view.getBigUint64(REC_TPIDR, true),
    v: rec.slice(REC_V, REC_V + 512),
  };
}
