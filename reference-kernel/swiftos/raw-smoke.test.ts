import { describe, expect, it } from 'vitest';
import { Assembler } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { syscall } from '../../spec/index.js';
import { eorShift, ubfx } from '../../fuzz/raw/guest.js';
import { Kernel } from './kernel.js';

const CODE = 0x8000_0000;
const DATA = 0x8001_0000;
const CALLS = 100_000;

/**
 * A guest that issues CALLS syscalls with pseudo-random numbers (0..255, exit, sigreturn and
 * reboot replaced by getpid) and arguments (small fds, pointers into and past its data page, random
 * 64-bit values).
 */
function rawSyscalls(seed: bigint): Uint8Array {
  const a = new Assembler();
  a.movImm(19, seed).movImm(20, CALLS).movImm(21, DATA);
  const top = a.here();
  eorShift(a, 19, 19, 0, 13);
  eorShift(a, 19, 19, 1, 7);
  eorShift(a, 19, 19, 0, 17);
  ubfx(a, 8, 19, 0, 8);
  // exit ends the loop, sigreturn without a frame ends the process (SIG.RETURN.BADFRAME) and
  // reboot ends the run (SYS.REBOOT.*), all by design: they become getpid.
  for (const name of ['exit', 'sigreturn', 'reboot']) {
    const keep = a.label();
    a.cmpImm(8, syscall(name).nr).bcond('ne', keep).movImm(8, syscall('getpid').nr);
    a.bind(keep);
  }
  ubfx(a, 0, 19, 8, 4);
  ubfx(a, 1, 19, 12, 13);
  a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 21, imm6: 0, Rn: 1, Rd: 1 });
  ubfx(a, 2, 19, 25, 8);
  a.inst('EXTR', { sf: 1, N: 1, Rm: 19, imms: 23, Rn: 19, Rd: 3 });
  a.inst('EXTR', { sf: 1, N: 1, Rm: 19, imms: 41, Rn: 19, Rd: 4 });
  a.inst('EXTR', { sf: 1, N: 1, Rm: 19, imms: 59, Rn: 19, Rd: 5 });
  a.svc();
  // A forked child (x8 still fork, x0 == 0) leaves at once so the run stays one loop long.
  const next = a.label();
  a.cmpImm(8, syscall('fork').nr).bcond('ne', next).cbnz(0, next);
  a.movImm(8, syscall('exit').nr).svc();
  a.bind(next);
  a.subImm(20, 20, 1).cbnz(20, top);
  a.movImm(0, 0).movImm(8, syscall('exit').nr).svc();
  return writeElf({
    entry: CODE,
    segments: [
      { vaddr: CODE, data: a.bytesOut(), executable: true },
      { vaddr: DATA, data: new Uint8Array(64), memsz: 0x1000, writable: true },
    ],
  });
}

describe('raw-register smoke', () => {
  it(`${CALLS} random syscalls from guest code: no kernel panic, the run ends normally`, () => {
    const k = new Kernel({ maxInstructions: 50_000_000 });
    k.boot(rawSyscalls(0x9e37_79b9_7f4a_7c15n), 'raw');
    const r = k.run();
    expect(r.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(r.syscalls).toBeGreaterThanOrEqual(CALLS + 1);
  });
});
