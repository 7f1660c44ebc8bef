import { describe, expect, it } from 'vitest';
import type { MachineState } from '../../cpu/testgen/state.js';
import { addImm, ldrX, movz, strX } from './asm.js';
import { runBatch } from './batch.js';
import { CASE_OUTPUT_SIZE, REGION_SIZE, SCRATCH_BASE, STATE_SIZE } from './layout.js';
import { splitOutput } from './outcome.js';
import { hasQemu, Pool, runQemu } from './qemu.js';
import { decodeState, encodeState } from './record.js';
import { runTouchstoneElf, TouchstoneDirect } from './touchstone.js';
import { buildWrapper } from './wrapper.js';
import { pristineScratch } from './run.js';

const X24 = SCRATCH_BASE + 0x8000; // centre of x24's window

function initial(): MachineState {
  const x = Array.from({ length: 31 }, (_, n) => BigInt(n) * 0x0101_0101_0101_0101n);
  [24, 25, 26, 27].forEach((n, w) => (x[n] = BigInt(X24 + w * 0x10000)));
  x[22] = 3n;
  x[23] = 200n;
  return {
    x,
    sp: BigInt(X24 + 4 * 0x10000),
    nzcv: 0x6000_0000,
    fpcr: 0x00c0_0000,
    fpsr: 0,
    tpidr: 0x1234n,
    v: Uint8Array.from({ length: 512 }, (_, i) => (i * 7) & 0xff),
  };
}

const pristine = pristineScratch(99);
// movz x0, #5; add x1, x0, #3; str x1, [x24, #8]
const words = [movz(0, 5), addImm(1, 0, 3), strX(1, 24, 8)];

/** What the Arm ARM says the output is: x0 = 5, x1 = 8, 8 stored at x24+8, all else as before. */
function expectedOutput(s: MachineState): Uint8Array {
  const after = { ...s, x: [...s.x] };
  after.x[0] = 5n;
  after.x[1] = 8n;
  const out = new Uint8Array(CASE_OUTPUT_SIZE);
  out.set(encodeState(after, false));
  const region = pristine.slice();
  region.set([8, 0, 0, 0, 0, 0, 0, 0], X24 + 8 - (SCRATCH_BASE - 0x8000));
  out.set(region, STATE_SIZE);
  return out;
}

function unchangedOutput(s: MachineState): Uint8Array {
  const out = new Uint8Array(CASE_OUTPUT_SIZE);
  out.set(encodeState(s, false));
  out.set(pristine, STATE_SIZE);
  return out;
}

describe('cpu-diff wrapper program', () => {
  const state = initial();
  const cases = [{ words, state }, { words: [], state }];
  const program = buildWrapper(cases, pristine);

  it('places each case between its prologue and epilogue', () => {
    expect(program.slots).toHaveLength(2);
    const first = program.slots[0]!;
    expect(first.end - first.start).toBe(12);
    expect(program.code.slice((first.start - program.entry) / 4, (first.end - program.entry) / 4)).toEqual(words);
    expect(pristine).toHaveLength(REGION_SIZE);
  });

  it('gives the architectural result in Touchstone when only the case runs (direct mode)', () => {
    const direct = new TouchstoneDirect(program, pristine);
    const a = direct.run(0, cases[0]!);
    const b = direct.run(1, cases[1]!);
    expect(a.kind === 'output' && Buffer.compare(a.bytes, expectedOutput(state))).toBe(0);
    expect(b.kind === 'output' && Buffer.compare(b.bytes, unchangedOutput(state))).toBe(0);
    const rec = a.kind === 'output' ? decodeState(a.bytes) : undefined;
    expect(rec?.x[1]).toBe(8n);
    expect(rec?.fpcr).toBe(0x00c0_0000);
  });

  it('gives the same bytes when the whole wrapper runs in the linux personality', () => {
    const [a, b] = runTouchstoneElf(program, 2);
    expect(a?.kind === 'output' && Buffer.compare(a.bytes, expectedOutput(state))).toBe(0);
    expect(b?.kind === 'output' && Buffer.compare(b.bytes, unchangedOutput(state))).toBe(0);
  });

  it.skipIf(!hasQemu())('gives the same bytes under qemu-aarch64-static', async () => {
    const q = await runQemu(program.elf);
    expect(q.status).toBe(0);
    const [a, b] = splitOutput(q.stdout, 2, null);
    expect(a?.kind === 'output' && Buffer.compare(a.bytes, expectedOutput(state))).toBe(0);
    expect(b?.kind === 'output' && Buffer.compare(b.bytes, unchangedOutput(state))).toBe(0);
  });

  it.skipIf(!hasQemu())('matches a faulting case by signal and reruns the cases after it', async () => {
    const faulting = { ...state, x: [...state.x] };
    faulting.x[0] = 0n;
    const batch = [{ words, state }, { words: [ldrX(2, 0, 0)], state: faulting }, { words, state }];
    for (const mode of ['direct', 'elf'] as const) {
      const results = await runBatch({ pool: new Pool(2), pristine, mode }, batch);
      expect(results.map((r) => r.match)).toEqual([true, true, true]);
    }
  });

  it('reports qemu running out before a case as that case dying', () => {
    const out = splitOutput(new Uint8Array(CASE_OUTPUT_SIZE + 5), 3, { signal: 'SIGSEGV', detail: '' });
    expect(out.map((o) => o.kind)).toEqual(['output', 'signal', 'not-run']);
    expect(out[1]).toMatchObject({ signal: 'SIGSEGV' });
  });
});
