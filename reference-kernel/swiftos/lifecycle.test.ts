import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Assembler } from '../../cpu/asm/assembler.js';
import { writeElf } from '../../cpu/elf/index.js';
import { errnoNumber, syscall } from '../../spec/index.js';
import { Kernel, type BootOptions } from './kernel.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CODE = 0x8000_0000;
const DATA = 0x8001_0000;
const nr = (name: string): number => syscall(name).nr;

function elf(build: (a: Assembler) => void): Uint8Array {
  const a = new Assembler();
  build(a);
  return writeElf({
    entry: CODE,
    segments: [
      { vaddr: CODE, data: a.bytesOut(), executable: true },
      { vaddr: DATA, data: new Uint8Array(64), memsz: 0x1000, writable: true },
    ],
  });
}

function sys(a: Assembler, name: string, ...args: (number | bigint)[]): Assembler {
  args.forEach((v, i) => a.movImm(i, v));
  return a.movImm(8, nr(name)).svc();
}

/** Moves x0 into `reg`. */
const keep = (a: Assembler, reg: number): Assembler => a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 0, imm6: 0, Rn: 31, Rd: reg });

function boot(image: Uint8Array, opts: BootOptions = {}): { kernel: Kernel; trace: string[]; run: () => ReturnType<Kernel['run']> } {
  const trace: string[] = [];
  const kernel = new Kernel({ ...opts, trace: (l) => trace.push(l) });
  kernel.boot(image, 'init');
  return { kernel, trace, run: () => kernel.run() };
}

describe('process lifecycle', () => {
  it('the forkpipe example forks, pipes, waits and prints; twice gives identical output and trace', () => {
    const image = new Uint8Array(readFileSync(join(root, 'corpora/examples/forkpipe.elf')));
    const once = (): { out: string; trace: string[]; verdict: unknown } => {
      const b = boot(image, { argv: ['forkpipe', 'x'] });
      const r = b.run();
      return { out: new TextDecoder().decode(r.console), trace: b.trace, verdict: r.verdict };
    };
    const first = once();
    expect(first.out).toBe('parent 1 read "hello from the child" from child 2, waitpid -> 2, exit code 42, argc 2\n');
    expect(first.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(once()).toEqual(first);
  });

  it('waitpid: ECHILD for a non-child (PROC.WAIT.NONCHILD), 0 with WNOHANG while the child runs (PROC.WAIT.WNOHANG)', () => {
    const image = elf((a) => {
      sys(a, 'waitpid', 7, 0, 0);
      keep(a, 19);
      sys(a, 'fork');
      const child = a.label();
      a.cbz(0, child);
      keep(a, 20);
      a.movImm(1, 0).movImm(2, 1).inst('ORR_sreg', { sf: 1, shift: 0, Rm: 20, imm6: 0, Rn: 31, Rd: 0 }).movImm(8, nr('waitpid')).svc();
      keep(a, 21);
      // exit((x19 == -ECHILD) + 2 * (x21 == 0))
      a.cmpImm(19, -errnoNumber('ECHILD'));
      a.inst('CSINC', { sf: 1, Rm: 31, cond: 1, Rn: 31, Rd: 0 });
      a.cmpImm(21, 0);
      a.inst('CSINC', { sf: 1, Rm: 31, cond: 1, Rn: 31, Rd: 1 });
      a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 1, imm6: 1, Rn: 0, Rd: 0 });
      a.movImm(8, nr('exit')).svc();
      a.bind(child);
      const spin = a.here();
      a.b(spin);
    });
    const b = boot(image, { maxInstructions: 2_000_000 });
    expect(b.run().verdict).toEqual({ kind: 'exit', status: 3 });
  });

  it('pid allocation wraps to 2 after pid_max and skips live pids (PROC.PID.ALLOC)', () => {
    // fork+reap children in a loop; with pid_max 4 the pids go 2, 3, 4, 2, 3, ...
    const image = elf((a) => {
      a.movImm(22, 5).movImm(23, DATA);
      const top = a.here();
      sys(a, 'fork');
      const child = a.label();
      a.cbz(0, child);
      a.inst('STR_X_post', { imm9: 8, Rn: 23, Rt: 0 });
      a.movImm(1, 0).movImm(2, 0).movImm(8, nr('waitpid')).svc();
      a.subImm(22, 22, 1).cbnz(22, top);
      sys(a, 'exit', 0);
      a.bind(child);
      sys(a, 'exit', 0);
    });
    const b = boot(image, { pidMax: 4 });
    expect(b.run().verdict).toEqual({ kind: 'exit', status: 0 });
    const forks = b.trace.filter((l) => l.startsWith('[1/1] fork()')).map((l) => Number(/= (\d+)/.exec(l)![1]));
    expect(forks).toEqual([2, 3, 4, 2, 3]);
  });

  it('orphans are reparented to init and stay zombies until reaped (PROC.EXIT.ORPHANS, PROC.EXIT.ZOMBIE)', () => {
    // init forks A; A forks B and exits; init reaps A, then B (now its child), by pid -1.
    const image = elf((a) => {
      sys(a, 'fork');
      const inA = a.label();
      a.cbz(0, inA);
      sys(a, 'waitpid', -1, 0, 0);
      keep(a, 19);
      sys(a, 'waitpid', -1, 0, 0);
      keep(a, 20);
      sys(a, 'waitpid', -1, 0, 0);
      keep(a, 21);
      // exit(x19 + x20 * 8 + (x21 == -ECHILD) * 64)  (pids 2 and 3)
      a.cmpImm(21, -errnoNumber('ECHILD'));
      a.inst('CSINC', { sf: 1, Rm: 31, cond: 1, Rn: 31, Rd: 2 });
      a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 20, imm6: 3, Rn: 19, Rd: 0 });
      a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: 2, imm6: 6, Rn: 0, Rd: 0 });
      a.movImm(8, nr('exit')).svc();
      a.bind(inA);
      sys(a, 'fork');
      const inB = a.label();
      a.cbz(0, inB);
      sys(a, 'exit', 1);
      a.bind(inB);
      sys(a, 'nanosleep', 0, 1000);
      sys(a, 'exit', 2);
    });
    const b = boot(image);
    expect(b.run().verdict).toEqual({ kind: 'exit', status: 2 + 3 * 8 + 64 });
  });

  it('nanosleep advances the virtual clock by at least the request, without host time (TIME.SLEEP.MIN)', () => {
    const image = elf((a) => {
      sys(a, 'time');
      keep(a, 19);
      sys(a, 'nanosleep', 5, 0);
      sys(a, 'time');
      a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: 19, imm6: 0, Rn: 0, Rd: 0 });
      a.movImm(8, nr('exit')).svc();
    });
    const b = boot(image);
    expect(b.run().verdict).toEqual({ kind: 'exit', status: 5 });
    expect(b.kernel.clock.now).toBeGreaterThanOrEqual(5e9);
  });

  it('writing to a pipe without readers fails EPIPE and raises SIGPIPE (FD.PIPE.SIGPIPE)', () => {
    const image = elf((a) => {
      sys(a, 'pipe', DATA);
      a.movImm(9, DATA).inst('LDR_W_uoff', { imm12: 0, Rn: 9, Rt: 0 }).movImm(8, nr('close')).svc();
      a.movImm(9, DATA).inst('LDR_W_uoff', { imm12: 1, Rn: 9, Rt: 0 }).movImm(1, DATA).movImm(2, 4).movImm(8, nr('write')).svc();
      sys(a, 'exit', 0);
    });
    const b = boot(image);
    expect(b.run().verdict).toMatchObject({ kind: 'signal', signal: 13 });
    expect(b.trace.some((l) => /write\(.*= -32 EPIPE \[FD\.PIPE\.SIGPIPE\]/.test(l))).toBe(true);
  });
});
