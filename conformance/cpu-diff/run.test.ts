import { describe, expect, it } from 'vitest';
import { hasQemu, QEMU } from './qemu.js';
import { runCpuDiff } from './run.js';
import { diffOutputs, formatMismatch } from './report.js';
import { CASE_OUTPUT_SIZE, REC_X, SCRATCH_BASE, STATE_SIZE, GUARD } from './layout.js';
import { movz } from './asm.js';

const skip = hasQemu() ? '' : ` [skipped: ${QEMU} not found]`;

/** Rows whose owners are not expected to change them any more: a stable baseline. */
const BASELINE = ['ADD_imm', 'ADDS_imm', 'SUB_imm', 'SUBS_imm', 'MOVZ', 'MOVN', 'MOVK', 'B_cond', 'CBZ', 'CBNZ', 'TBZ', 'TBNZ', 'B', 'BL', 'NOP'];

describe('cpu-diff run', () => {
  it.skipIf(!hasQemu())(`finds no mismatch in 200 sequences of baseline rows${skip}`, async () => {
    const summary = await runCpuDiff({ count: 200, seed: 1, rows: BASELINE, length: 10, jobs: 2, batchSize: 50 });
    expect(summary.total).toBe(200);
    expect(summary.findings.map((f) => f.report)).toEqual([]);
    expect(summary.mismatches).toBe(0);
  }, 120_000);
});

describe('cpu-diff report', () => {
  it('lists differing registers and memory by name', () => {
    const a = new Uint8Array(CASE_OUTPUT_SIZE);
    const b = new Uint8Array(CASE_OUTPUT_SIZE);
    b[REC_X + 8 * 3] = 1;
    b[STATE_SIZE + GUARD + 0x8000 + 16] = 0xaa;
    const lines = diffOutputs(a, b);
    expect(lines).toEqual([
      '  x3    qemu 0000000000000000  touchstone 0000000000000001',
      `  mem 0x${(SCRATCH_BASE + 0x8010).toString(16)} (initial x24+0x10) +1: qemu 00  touchstone aa`,
    ]);
  });

  it('shows the sequence disassembled with the outcome of each side', () => {
    const state = { x: Array<bigint>(31).fill(0n), sp: 0n, nzcv: 0x4000_0000, fpcr: 0, fpsr: 0, tpidr: 0n, v: new Uint8Array(512) };
    state.x[2] = 0x10n;
    const text = formatMismatch(
      {
        case: { words: [movz(0, 5)], state },
        match: false,
        start: 0x400100,
        qemu: { kind: 'output', bytes: new Uint8Array(CASE_OUTPUT_SIZE) },
        touchstone: { kind: 'signal', signal: 'SIGILL', detail: 'undefined instruction (pc 0x400100: d28000a0 mov x0, #0x5)' },
      },
      'mismatch: test',
    );
    expect(text).toContain('400100:  d28000a0  mov x0, #0x5');
    expect(text).toContain('x2  0000000000000010');
    expect(text).toContain('nzcv .Z..');
    expect(text).toContain('touchstone: SIGILL: undefined instruction (pc 0x400100: d28000a0 mov x0, #0x5)');
  });
});
