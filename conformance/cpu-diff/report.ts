import { disassemble } from '../../cpu/disasm.js';
import { decode } from '../../cpu/isa/table.js';
import { SCRATCH_BASE_REGS, SCRATCH_WINDOW } from '../../cpu/testgen/conventions.js';
import type { MachineState } from '../../cpu/testgen/state.js';
import type { CaseResult } from './batch.js';
import { REGION_BASE, SCRATCH_BASE, STATE_SIZE } from './layout.js';
import type { Outcome } from './outcome.js';
import { decodeState } from './record.js';

const hex64 = (v: bigint): string => v.toString(16).padStart(16, '0');
const hexAddr = (v: number): string => `0x${v.toString(16)}`;

function vhex(v: Uint8Array, q: number): string {
  let s = '';
  for (let i = 15; i >= 0; i--) s += v[16 * q + i]!.toString(16).padStart(2, '0');
  return s;
}

export function flagsText(nzcv: number): string {
  return ['N', 'Z', 'C', 'V'].map((f, i) => ((nzcv >>> (31 - i)) & 1 ? f : '.')).join('');
}

/** Rows of the case's instructions. */
export function rowNames(words: readonly number[]): string[] {
  return words.map((w) => decode(w)?.row.name ?? '?');
}

function usesVectors(words: readonly number[]): boolean {
  return words.some((w) => {
    const cls = decode(w)?.row.cls;
    return cls === 'fp' || cls === 'simd' || cls === 'ldst' || cls === 'system';
  });
}

/** The initial state, as lines: X registers, SP, flags, FP control; V registers when relevant. */
export function formatState(s: MachineState, withVectors: boolean): string[] {
  const lines: string[] = [];
  const xs = s.x.map((v, n) => ({ v, n })).filter(({ v }) => v !== 0n);
  for (let i = 0; i < xs.length; i += 4) {
    lines.push('  ' + xs.slice(i, i + 4).map(({ v, n }) => `x${n}`.padEnd(4) + hex64(v)).join('  '));
  }
  if (xs.length < 31) lines.push(`  (${xs.length === 0 ? 'all' : 'other'} x registers 0)`);
  lines.push(
    `  sp  ${hex64(s.sp)}  nzcv ${flagsText(s.nzcv)}  fpcr ${hexAddr(s.fpcr)}  fpsr ${hexAddr(s.fpsr)}  tpidr_el0 ${hexAddr(Number(s.tpidr))}`,
  );
  if (withVectors) {
    const vs = Array.from({ length: 32 }, (_, q) => q).filter((q) => s.v.subarray(16 * q, 16 * q + 16).some((b) => b !== 0));
    for (let i = 0; i < vs.length; i += 2) {
      lines.push('  ' + vs.slice(i, i + 2).map((q) => `v${q}`.padEnd(4) + vhex(s.v, q)).join('  '));
    }
    if (vs.length < 32) lines.push(`  (${vs.length === 0 ? 'all' : 'other'} v registers 0)`);
  }
  return lines;
}

/** Where a scratch address is, relative to the nearest base register's window centre. */
function scratchName(addr: number): string {
  const i = Math.floor((addr - SCRATCH_BASE) / SCRATCH_WINDOW);
  if (i < 0 || i >= SCRATCH_BASE_REGS.length) return hexAddr(addr);
  const reg = SCRATCH_BASE_REGS[i] === 31 ? 'sp' : `x${SCRATCH_BASE_REGS[i]}`;
  const off = addr - (SCRATCH_BASE + i * SCRATCH_WINDOW + SCRATCH_WINDOW / 2);
  return `${hexAddr(addr)} (initial ${reg}${off < 0 ? '-' : '+'}${hexAddr(Math.abs(off))})`;
}

/** Register-by-register and memory differences between two outputs. */
export function diffOutputs(qemu: Uint8Array, ts: Uint8Array): string[] {
  const a = decodeState(qemu);
  const b = decodeState(ts);
  const lines: string[] = [];
  const row = (name: string, qa: string, tb: string): void => {
    if (qa !== tb) lines.push(`  ${name.padEnd(5)} qemu ${qa}  touchstone ${tb}`);
  };
  for (let n = 0; n < 31; n++) row(`x${n}`, hex64(a.x[n]!), hex64(b.x[n]!));
  row('sp', hex64(a.sp), hex64(b.sp));
  row('nzcv', flagsText(a.nzcv), flagsText(b.nzcv));
  row('fpsr', hexAddr(a.fpsr), hexAddr(b.fpsr));
  row('fpcr', hexAddr(a.fpcr), hexAddr(b.fpcr));
  for (let q = 0; q < 32; q++) row(`v${q}`, vhex(a.v, q), vhex(b.v, q));
  const ma = qemu.subarray(STATE_SIZE);
  const mb = ts.subarray(STATE_SIZE);
  let shown = 0;
  let differing = 0;
  for (let i = 0; i < ma.length; i++) {
    if (ma[i] === mb[i]) continue;
    let j = i;
    while (j < ma.length && ma[j] !== mb[j]) j++;
    differing += j - i;
    if (shown++ < 8) {
      const bytes = (m: Uint8Array): string => Buffer.from(m.subarray(i, Math.min(j, i + 16))).toString('hex');
      lines.push(`  mem ${scratchName(REGION_BASE + i)} +${j - i}: qemu ${bytes(ma)}  touchstone ${bytes(mb)}`);
    }
    i = j;
  }
  if (shown > 8) lines.push(`  mem: ${differing} bytes differ in ${shown} ranges`);
  return lines;
}

function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'output':
      return 'ran to the end';
    case 'signal':
      return `${o.signal}${o.detail ? `: ${o.detail}` : ''}`;
    default:
      return 'not run';
  }
}

/** A mismatch report: the sequence disassembled, its initial state, and the differences. */
export function formatMismatch(r: CaseResult, title: string): string {
  const { words, state } = r.case;
  const { start } = r;
  const lines = [title, `  ${words.length} instruction(s):`];
  words.forEach((w, i) => {
    const pc = start + 4 * i;
    lines.push(`    ${pc.toString(16)}:  ${w.toString(16).padStart(8, '0')}  ${disassemble(w, pc).replace('\t', ' ').padEnd(32)} ${rowNames([w])[0]}`);
  });
  const q = r.qemu ?? { kind: 'not-run' };
  const t = r.touchstone ?? { kind: 'not-run' };
  const vectorDiff = q.kind === 'output' && t.kind === 'output' && diffOutputs(q.bytes, t.bytes).some((l) => /^\s+v\d/.test(l));
  lines.push('  initial state:', ...formatState(state, vectorDiff || usesVectors(words)).map((l) => '  ' + l));
  if (q.kind === 'output' && t.kind === 'output') {
    lines.push('  qemu vs touchstone:', ...diffOutputs(q.bytes, t.bytes).map((l) => '  ' + l));
  } else {
    lines.push(`  qemu:       ${describeOutcome(q)}`, `  touchstone: ${describeOutcome(t)}`);
  }
  return lines.join('\n');
}
