// sbrk, mmap, munmap, mprotect through the syscall layer: guests check themselves; touching
// memory the protection forbids ends them with SIGSEGV (MM.FAULT.SIGSEGV).
import { describe, expect, it } from 'vitest';
import {
  ANON, as, Checks, fileHandle, loadWord, MAP, mmap, PAGE, PROT, R, runWith, SIGSEGV, storeCode, storeWord, sys, tmpfsFile,
  type RunOptions, type Setup,
} from '../exec/exec.testkit.js';
import type { Handle } from '../handles.js';
import { SBRK_FAILED } from '../mm/index.js';
import { err, Prog, run, type Run } from '../testkit.js';

const RW = PROT.R | PROT.W;
const RX = PROT.R | PROT.X;
const FLOOR = as('USER_MMAP_FLOOR');
const TOP = as('USER_MMAP_TOP');
const HEAP = as('USER_HEAP_BASE');
const VA_END = as('USER_VA_END');
const killedBySegv = { kind: 'signal', signal: SIGSEGV };
const exit0 = { kind: 'exit', status: 0 };
/** sbrk's failure value (MM.SBRK.FAIL) as the signed x0 a syscall event holds. */
const ALL_ONES = BigInt.asIntN(64, SBRK_FAILED);

/** A guest that runs `body` and exits with the number of its first failed check. */
function guest(body: (p: Prog, c: Checks) => void): Prog {
  const p = new Prog();
  const c = new Checks(p);
  body(p, c);
  c.done();
  return p;
}

/** Runs `prepare`, then touches [x`reg`]; the guest exits 0 only if the access did not fault. */
function touch(prepare: (p: Prog) => void, access: 'read' | 'write' | 'exec', reg = 19): Run {
  const p = new Prog();
  prepare(p);
  if (access === 'read') loadWord(p, 0, reg, 0);
  else if (access === 'write') storeWord(p, reg, 0, 1);
  else p.a.blr(reg);
  p.exit(0);
  return run(p);
}

/** A failing mapping call: -errno, which lies in -4095..-1 (MM.MMAP.ERRRANGE). */
function expectMapFailure(ret: bigint, errno: Parameters<typeof err>[0]): void {
  expect(ret).toBe(err(errno));
  expect(ret >= -4095n && ret <= -1n).toBe(true);
}

/** Fills [x`base`, +bytes) with all-ones words (uses x23, x24, x12). */
function dirty(p: Prog, base: number, bytes: number): void {
  const a = p.a;
  a.movImm(23, 0).movImm(24, bytes).movImm(12, -1n);
  const loop = a.here();
  a.inst('STR_X_reg', { Rm: 23, option: 3, S: 0, Rn: base, Rt: 12 }).addImm(23, 23, 8);
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 24, imm6: 0, Rn: 23, Rd: 31 }).bcond('ne', loop);
}

/** x22 = OR of every word in [x`base`, +bytes) (uses x23, x24, x12). */
function orAll(p: Prog, base: number, bytes: number): void {
  const a = p.a;
  a.movImm(23, 0).movImm(24, bytes).movImm(22, 0);
  const loop = a.here();
  a.inst('LDR_X_reg', { Rm: 23, option: 3, S: 0, Rn: base, Rt: 12 }).inst('ORR_sreg', { sf: 1, shift: 0, Rm: 12, imm6: 0, Rn: 22, Rd: 22 });
  a.addImm(23, 23, 8).inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 24, imm6: 0, Rn: 23, Rd: 31 }).bcond('ne', loop);
}

/** x`rd` = x`rn` + `offset` (uses x10). */
function addTo(p: Prog, rd: number, rn: number, offset: number): void {
  p.a.movImm(10, offset).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: rn, Rd: rd });
}

describe('mmap', () => {
  it('MM.MMAP.ZERO, MM.MMAP.RETURN, MM.MMAP.NONZERO, MM.LAYOUT: an RW mapping is placed in the mapping area, zero-filled and writable', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 3 * PAGE, RW);
      orAll(p, 19, 3 * PAGE);
      c.eq(22, 0);
      storeWord(p, 19, 2 * PAGE + 16, 0x1122_3344_5566_7788n);
      c.word(19, 2 * PAGE + 16, 0x1122_3344_5566_7788n);
    }));
    expect(r.result.verdict).toEqual(exit0);
    const addr = r.ret('mmap');
    expect(addr).not.toBe(0n);
    expect(addr % BigInt(PAGE)).toBe(0n);
    expect(addr >= BigInt(FLOOR) && addr + BigInt(3 * PAGE) <= BigInt(TOP)).toBe(true);
    expect(r.clause('mmap')).toBe('MM.MMAP.ZERO');
  });

  it('MM.MMAP.ZERO, MM.MUNMAP.REUSE: a range handed out again after munmap reads zero, not the old contents', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 2 * PAGE, RW);
      dirty(p, 19, 2 * PAGE);
      sys(p, 'munmap', R(19), 2 * PAGE);
      mmap(p, 21, 2 * PAGE, RW);
      c.cmpReg(21, 19).when('eq');
      orAll(p, 21, 2 * PAGE);
      c.eq(22, 0);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('munmap')).toBe('MM.MUNMAP.FREE');
  });

  it('MM.MMAP.HINT, MM.MMAP.ARGS: without MAP_FIXED the hint (aligned, misaligned, outside the area), fd and offset are ignored', () => {
    const first = (addr: number | bigint, fd: number, offset: number | bigint): bigint =>
      run(guest((p) => sys(p, 'mmap', addr, PAGE, RW, ANON, fd, offset))).ret('mmap');
    const plain = first(0, -1, 0);
    expect(plain > 0n).toBe(true);
    for (const [addr, fd, offset] of [[FLOOR, -1, 0], [FLOOR + 123, -1, 0], [0x1000, 7, 0x1234], [-4096n, 2, -1n]] as const) {
      expect(first(addr, fd, offset), `hint 0x${addr.toString(16)} fd ${fd}`).toBe(plain);
    }
  });

  it('MM.MMAP.NONE.RESERVE: PROT_NONE reserves address space without taking frames; touching it is SIGSEGV', () => {
    const frames: number[] = [];
    const r = runWith(guest((p) => {
      mmap(p, 19, 64 * PAGE, PROT.NONE);
      sys(p, 'getpid');
      mmap(p, 20, 64 * PAGE, RW);
      sys(p, 'getpid');
    }), { watch: (e, k) => e.name === 'getpid' && frames.push(k.phys.framesInUse) });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('mmap', 0)).toBe('MM.MMAP.NONE.RESERVE');
    expect(r.ret('mmap', 0) > 0n).toBe(true);
    expect(frames[1]! - frames[0]!).toBe(64);
    for (const access of ['read', 'write', 'exec'] as const) {
      expect(touch((p) => mmap(p, 19, PAGE, PROT.NONE), access).result.verdict, access).toMatchObject(killedBySegv);
    }
  });

  it('MM.MMAP.NONE.RESERVE: a reservation larger than free memory succeeds while an RW mapping of that size fails ENOMEM (MM.COMMIT.NOMEM)', () => {
    const pages = 1024;
    const r = run(guest((p) => {
      mmap(p, 19, pages * PAGE, RW);
      mmap(p, 20, pages * PAGE, PROT.NONE);
    }), { memoryBytes: 512 * PAGE });
    expectMapFailure(r.ret('mmap', 0), 'ENOMEM');
    expect(r.clause('mmap', 0)).toBe('MM.COMMIT.NOMEM');
    expect(r.clause('mmap', 1)).toBe('MM.MMAP.NONE.RESERVE');
    expect(r.result.verdict).toEqual(exit0);
  });

  it('MM.WX.REJECT, MM.WX.ERRNO, MM.MMAP.ERRRANGE: PROT_WRITE|PROT_EXEC fails EINVAL with or without PROT_READ, MAP_FIXED or MAP_NORESERVE', () => {
    const r = run(guest((p) => {
      mmap(p, 19, PAGE, PROT.W | PROT.X);
      mmap(p, 19, PAGE, PROT.R | PROT.W | PROT.X);
      mmap(p, 19, PAGE, PROT.W | PROT.X, ANON | MAP.FIXED, FLOOR);
      mmap(p, 19, PAGE, PROT.W | PROT.X, ANON | MAP.NOREPLACE, FLOOR);
      mmap(p, 19, PAGE, PROT.R | PROT.W | PROT.X, ANON | MAP.NORESERVE);
    }));
    expect(r.rets('mmap')).toHaveLength(5);
    r.rets('mmap').forEach((ret, i) => {
      expectMapFailure(ret, 'EINVAL');
      expect(r.clause('mmap', i)).toBe('MM.WX.ERRNO');
    });
  });

  it('MM.MMAP.ANON, MM.MMAP.ANON.ERRNO: flags without MAP_ANONYMOUS or without MAP_PRIVATE fail EINVAL', () => {
    const r = run(guest((p) => {
      mmap(p, 19, PAGE, RW, MAP.PRIVATE);
      mmap(p, 19, PAGE, RW, MAP.ANON);
      mmap(p, 19, PAGE, RW, 0);
      mmap(p, 19, PAGE, RW, MAP.ANON | MAP.NORESERVE);
    }));
    r.rets('mmap').forEach((ret, i) => {
      expectMapFailure(ret, 'EINVAL');
      expect(r.clause('mmap', i)).toBe('MM.MMAP.ANON.ERRNO');
    });
    expect(r.rets('mmap')).toHaveLength(4);
  });

  it('ABI.FLAGS.UNKNOWN, ABI.LENGTH.BOUNDS: unknown prot or flag bits and a zero length fail EINVAL', () => {
    const r = run(guest((p) => {
      mmap(p, 19, PAGE, 8);
      mmap(p, 19, PAGE, RW, ANON | 0x40);
      mmap(p, 19, 0, RW);
    }));
    expect(r.rets('mmap')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    expect([0, 1].map((i) => r.clause('mmap', i))).toEqual(['ABI.FLAGS.UNKNOWN', 'ABI.FLAGS.UNKNOWN']);
    expect(r.clause('mmap', 2)).toBe('ABI.LENGTH.BOUNDS');
  });

  it('ABI.ARGS.WIDTH: prot and flags are C ints; junk in the upper 32 bits of their registers is ignored', () => {
    const r = run(guest((p) => {
      sys(p, 'mmap', 0, PAGE, 0xdead_0000_0000_0000n | BigInt(RW), (1n << 32n) | BigInt(ANON), -1, 0);
      p.keep(19);
      storeWord(p, 19, 0, 0x5a);
      sys(p, 'mprotect', { reg: 19 }, PAGE, 0xffff_ffff_0000_0000n | BigInt(PROT.R));
      loadWord(p, 20, 19, 0);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.ret('mmap')).toBeGreaterThan(0n);
    expect(r.clause('mmap')).toBe('MM.MMAP.ZERO');
    expect(r.ret('mprotect')).toBe(0n);
  });

  it('MM.MMAP.NOSPACE: a length larger than the free mapping area fails ENOMEM', () => {
    const r = run(guest((p) => {
      mmap(p, 19, TOP - FLOOR + PAGE, PROT.NONE);
      mmap(p, 19, TOP - FLOOR, PROT.NONE);
      mmap(p, 20, PAGE, PROT.NONE);
    }));
    expectMapFailure(r.ret('mmap', 0), 'ENOMEM');
    expect(r.clause('mmap', 0)).toBe('MM.MMAP.NOSPACE');
    expect(r.ret('mmap', 1)).toBe(BigInt(FLOOR));
    expectMapFailure(r.ret('mmap', 2), 'ENOMEM');
    expect(r.clause('mmap', 2)).toBe('MM.MMAP.NOSPACE');
  });

  it('MM.MMAP.NORESERVE: MAP_NORESERVE changes nothing: RW pages are committed zero pages, PROT_NONE stays a reservation', () => {
    const frames: number[] = [];
    const r = runWith(guest((p, c) => {
      sys(p, 'getpid');
      mmap(p, 19, 4 * PAGE, RW, ANON | MAP.NORESERVE);
      sys(p, 'getpid');
      orAll(p, 19, 4 * PAGE);
      c.eq(22, 0);
      storeWord(p, 19, 3 * PAGE, 5);
      c.word(19, 3 * PAGE, 5);
      mmap(p, 20, 4 * PAGE, PROT.NONE, ANON | MAP.NORESERVE);
      sys(p, 'getpid');
    }), { watch: (e, k) => e.name === 'getpid' && frames.push(k.phys.framesInUse) });
    expect(r.result.verdict).toEqual(exit0);
    expect([frames[1]! - frames[0]!, frames[2]! - frames[1]!]).toEqual([4, 0]);
    expect(r.clause('mmap', 1)).toBe('MM.MMAP.NONE.RESERVE');
  });
});

describe('MAP_FIXED and MAP_FIXED_NOREPLACE', () => {
  it('MM.MMAP.FIXED.REPLACE, MM.MMAP.FIXED.RANGE: MAP_FIXED inside a reservation maps exactly there, zero-filled', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 8 * PAGE, PROT.NONE);
      mmap(p, 20, 2 * PAGE, RW, ANON | MAP.FIXED, R(19, 3 * PAGE));
      c.cmp(20, 0).when('ne');
      addTo(p, 21, 19, 3 * PAGE);
      c.cmpReg(20, 21).when('eq');
      orAll(p, 20, 2 * PAGE);
      c.eq(22, 0);
      storeWord(p, 20, PAGE, 9);
      c.word(20, PAGE, 9);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('mmap', 1)).toBe('MM.MMAP.FIXED.REPLACE');
  });

  it('MM.MMAP.FIXED.REPLACE: MAP_FIXED over live pages replaces them with fresh zero pages', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 2 * PAGE, RW);
      dirty(p, 19, 2 * PAGE);
      mmap(p, 20, PAGE, RW, ANON | MAP.FIXED, R(19));
      c.cmpReg(20, 19).when('eq');
      orAll(p, 19, PAGE);
      c.eq(22, 0);
      c.word(19, PAGE, -1n);
    }));
    expect(r.result.verdict).toEqual(exit0);
  });

  it('MM.MMAP.FIXED.RANGE, MM.MMAP.NONZERO: a free fixed range in the mapping area becomes a mapping; outside [USER_MMAP_FLOOR, USER_MMAP_TOP), address 0 included, it fails ENOMEM', () => {
    const r = run(guest((p) => {
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, FLOOR);
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, TOP - PAGE);
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, 0x8000_0000);
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, FLOOR - PAGE);
      mmap(p, 19, 2 * PAGE, RW, ANON | MAP.FIXED, TOP - PAGE);
      mmap(p, 19, PAGE, RW, ANON | MAP.NOREPLACE, HEAP);
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, 0);
    }));
    expect(r.rets('mmap').slice(0, 2)).toEqual([BigInt(FLOOR), BigInt(TOP - PAGE)]);
    for (let i = 2; i < 7; i++) {
      expectMapFailure(r.ret('mmap', i), 'ENOMEM');
      expect(r.clause('mmap', i)).toBe('MM.MMAP.FIXED.RANGE');
    }
  });

  it('ABI.ADDR.ALIGN: MAP_FIXED and MAP_FIXED_NOREPLACE need a page-aligned address (EINVAL)', () => {
    const r = run(guest((p) => {
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, FLOOR + 8);
      mmap(p, 19, PAGE, RW, ANON | MAP.NOREPLACE, FLOOR + 1);
    }));
    expect(r.rets('mmap')).toEqual([err('EINVAL'), err('EINVAL')]);
    expect(r.clause('mmap', 0)).toBe('ABI.ADDR.ALIGN');
  });

  it('MM.MMAP.FIXED.NONE: MAP_FIXED with PROT_NONE decommits the live pages and keeps the reservation', () => {
    const frames: number[] = [];
    const r = runWith(guest((p) => {
      mmap(p, 19, 4 * PAGE, RW);
      sys(p, 'getpid');
      mmap(p, 20, 2 * PAGE, PROT.NONE, ANON | MAP.FIXED, R(19, PAGE));
      sys(p, 'getpid');
      // still reserved: NOREPLACE on it fails, mprotect on it works
      mmap(p, 21, PAGE, RW, ANON | MAP.NOREPLACE, R(19, 2 * PAGE));
      sys(p, 'mprotect', R(19, PAGE), 2 * PAGE, RW);
    }), { watch: (e, k) => e.name === 'getpid' && frames.push(k.phys.framesInUse) });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('mmap', 1)).toBe('MM.MMAP.FIXED.NONE');
    expect(frames[0]! - frames[1]!).toBe(2);
    expectMapFailure(r.ret('mmap', 2), 'EEXIST');
    expect(r.ret('mprotect')).toBe(0n);
    expect(touch((p) => {
      mmap(p, 19, 4 * PAGE, RW);
      mmap(p, 20, 2 * PAGE, PROT.NONE, ANON | MAP.FIXED, R(19, PAGE));
    }, 'read', 20).result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.MMAP.NOREPLACE: MAP_FIXED_NOREPLACE over a mapping or a reservation fails EEXIST and changes nothing; on a free range it maps there', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 4 * PAGE, RW);
      storeWord(p, 19, 0, 77);
      mmap(p, 20, PAGE, RW, ANON | MAP.NOREPLACE, R(19));
      mmap(p, 20, 2 * PAGE, RW, ANON | MAP.NOREPLACE, R(19, -PAGE));
      c.word(19, 0, 77);
      mmap(p, 21, PAGE, PROT.NONE);
      mmap(p, 20, PAGE, RW, ANON | MAP.NOREPLACE, R(21));
      // MAP_FIXED_NOREPLACE with MAP_FIXED still refuses to replace
      mmap(p, 20, PAGE, RW, ANON | MAP.FIXED | MAP.NOREPLACE, R(19));
      mmap(p, 20, PAGE, RW, ANON | MAP.NOREPLACE, FLOOR);
      c.eq(20, FLOOR);
    }));
    expect(r.result.verdict).toEqual(exit0);
    for (const i of [1, 2, 4, 5]) {
      expectMapFailure(r.ret('mmap', i), 'EEXIST');
      expect(r.clause('mmap', i)).toBe('MM.MMAP.NOREPLACE');
    }
  });
});

describe('faults', () => {
  it('MM.FAULT.SIGSEGV, MM.MUNMAP.FREE: touching a never-mapped page or a munmapped page is SIGSEGV', () => {
    expect(touch((p) => p.a.movImm(19, FLOOR + 5 * PAGE), 'read').result.verdict).toMatchObject(killedBySegv);
    for (const access of ['read', 'write'] as const) {
      const r = touch((p) => {
        mmap(p, 19, 2 * PAGE, RW);
        sys(p, 'munmap', R(19), 2 * PAGE);
      }, access);
      expect(r.result.verdict, access).toMatchObject(killedBySegv);
      expect(r.ret('munmap')).toBe(0n);
    }
  });

  it('MM.FAULT.SIGSEGV: writing a PROT_READ mapping and executing a non-executable one are SIGSEGV; reading PROT_READ works', () => {
    expect(touch((p) => mmap(p, 19, PAGE, PROT.R), 'write').result.verdict).toMatchObject(killedBySegv);
    expect(touch((p) => mmap(p, 19, PAGE, PROT.R), 'read').result.verdict).toEqual(exit0);
    expect(touch((p) => mmap(p, 19, PAGE, RW), 'exec').result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.FAULT.SIGSEGV, PROC.WAIT.STATUS: a forked child touching a PROT_NONE page dies of SIGSEGV and its parent sees the signal in the status', () => {
    const p = new Prog();
    const c = new Checks(p);
    const status = p.space(8);
    mmap(p, 19, PAGE, PROT.NONE);
    sys(p, 'fork');
    const child = p.a.label();
    p.a.cbz(0, child);
    sys(p, 'waitpid', -1, status, 0);
    p.load(21, status);
    p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 31, Rn: 21, Rd: 21 });
    c.eq(21, SIGSEGV);
    c.done();
    p.a.bind(child);
    loadWord(p, 0, 19, 0);
    p.exit(0);
    const r = run(p);
    expect(r.result.verdict).toEqual(exit0);
  });
});

describe('mprotect', () => {
  it('MM.WX.JIT, MM.ICACHE: map RW, write code, mprotect to RX, call it; rewrite it the same way and the new code runs', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, PAGE, RW);
      storeCode(p, 19, (a) => a.movImm(0, 42).ret());
      sys(p, 'mprotect', R(19), PAGE, RX);
      p.a.blr(19);
      c.eq(0, 42);
      sys(p, 'mprotect', R(19), PAGE, RW);
      storeCode(p, 19, (a) => a.movImm(0, 7).ret());
      sys(p, 'mprotect', R(19), PAGE, RX);
      p.a.blr(19);
      c.eq(0, 7);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('mprotect')).toEqual([0n, 0n, 0n]);
    expect([0, 1].map((i) => r.clause('mprotect', i))).toEqual(['MM.WX.JIT', 'MM.MPROTECT.CHANGE']);
  });

  it('MM.WX.JIT, MM.FAULT.SIGSEGV: once the code is RX, writing it is SIGSEGV', () => {
    const r = touch((p) => {
      mmap(p, 19, PAGE, RW);
      storeCode(p, 19, (a) => a.ret());
      sys(p, 'mprotect', R(19), PAGE, RX);
      p.a.blr(19);
    }, 'write');
    expect(r.result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.WX.REJECT, MM.WX.ERRNO: mprotect to PROT_WRITE|PROT_EXEC fails EINVAL on a mapping, a reservation and the image, and changes nothing', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, PAGE, RW);
      sys(p, 'mprotect', R(19), PAGE, PROT.R | PROT.W | PROT.X);
      sys(p, 'mprotect', R(19), PAGE, PROT.W | PROT.X);
      storeWord(p, 19, 0, 3);
      c.word(19, 0, 3);
      mmap(p, 20, PAGE, PROT.NONE);
      sys(p, 'mprotect', R(20), PAGE, PROT.W | PROT.X);
      sys(p, 'mprotect', 0x8000_0000, PAGE, PROT.R | PROT.W | PROT.X);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('mprotect')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    for (let i = 0; i < 4; i++) expect(r.clause('mprotect', i)).toBe('MM.WX.ERRNO');
    expect(touch((p) => {
      mmap(p, 19, PAGE, RW);
      storeCode(p, 19, (a) => a.ret());
      sys(p, 'mprotect', R(19), PAGE, PROT.R | PROT.W | PROT.X);
    }, 'exec').result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.MPROTECT.COMMIT: mprotect inside a PROT_NONE reservation commits zero-filled pages', () => {
    const frames: number[] = [];
    const r = runWith(guest((p, c) => {
      mmap(p, 19, 8 * PAGE, PROT.NONE);
      sys(p, 'getpid');
      sys(p, 'mprotect', R(19, 2 * PAGE), 3 * PAGE, RW);
      sys(p, 'getpid');
      addTo(p, 20, 19, 2 * PAGE);
      orAll(p, 20, 3 * PAGE);
      c.eq(22, 0);
      storeWord(p, 20, 2 * PAGE + 8, 11);
      c.word(20, 2 * PAGE + 8, 11);
      // PROT_READ and PROT_EXEC alone commit too
      sys(p, 'mprotect', R(19, 6 * PAGE), PAGE, PROT.R);
      c.word(19, 6 * PAGE, 0);
      sys(p, 'mprotect', R(19, 7 * PAGE), PAGE, PROT.X);
      sys(p, 'getpid');
    }), { watch: (e, k) => e.name === 'getpid' && frames.push(k.phys.framesInUse) });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('mprotect')).toEqual([0n, 0n, 0n]);
    expect(r.clause('mprotect')).toBe('MM.MPROTECT.COMMIT');
    expect([frames[1]! - frames[0]!, frames[2]! - frames[1]!]).toEqual([3, 2]);
  });

  it('MM.MPROTECT.DECOMMIT: mprotect(PROT_NONE) frees the frames and keeps the reservation; committing again gives zero pages', () => {
    const frames: number[] = [];
    const r = runWith(guest((p, c) => {
      mmap(p, 19, 2 * PAGE, RW);
      storeWord(p, 19, 0, 0x55);
      sys(p, 'getpid');
      sys(p, 'mprotect', R(19), 2 * PAGE, PROT.NONE);
      sys(p, 'getpid');
      mmap(p, 20, PAGE, RW, ANON | MAP.NOREPLACE, R(19));
      sys(p, 'mprotect', R(19), 2 * PAGE, RW);
      c.word(19, 0, 0);
    }), { watch: (e, k) => e.name === 'getpid' && frames.push(k.phys.framesInUse) });
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('mprotect', 0)).toBe('MM.MPROTECT.DECOMMIT');
    expect(frames[0]! - frames[1]!).toBe(2);
    expectMapFailure(r.ret('mmap', 1), 'EEXIST');
    expect(touch((p) => {
      mmap(p, 19, PAGE, RW);
      sys(p, 'mprotect', R(19), PAGE, PROT.NONE);
    }, 'read').result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.MPROTECT.CHANGE: RW to PROT_READ makes writes fault; image, stack and heap pages can be protected too', () => {
    expect(touch((p) => {
      mmap(p, 19, 2 * PAGE, RW);
      sys(p, 'mprotect', R(19, PAGE), PAGE, PROT.R);
      storeWord(p, 19, 0, 1);
      addTo(p, 19, 19, PAGE);
    }, 'write').result.verdict).toMatchObject(killedBySegv);
    const r = run(guest((p) => {
      sys(p, 'sbrk', PAGE);
      sys(p, 'mprotect', HEAP, PAGE, PROT.R);
      sys(p, 'mprotect', as('USER_STACK_TOP') - PAGE, PAGE, RW);
      sys(p, 'mprotect', 0x8040_0000, PAGE, PROT.R);
    }));
    expect(r.rets('mprotect')).toEqual([0n, 0n, 0n]);
    expect(touch((p) => {
      sys(p, 'sbrk', PAGE);
      sys(p, 'mprotect', HEAP, PAGE, PROT.R);
      p.a.movImm(19, HEAP);
    }, 'write').result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.MPROTECT.UNMAPPED: a range not entirely mapped fails ENOMEM and changes nothing', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 3 * PAGE, RW);
      sys(p, 'munmap', R(19, PAGE), PAGE);
      sys(p, 'mprotect', R(19), 3 * PAGE, PROT.R);
      storeWord(p, 19, 0, 4);
      c.word(19, 0, 4);
      sys(p, 'mprotect', FLOOR, PAGE, PROT.R);
      sys(p, 'mprotect', HEAP, PAGE, PROT.R);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('mprotect')).toEqual([err('ENOMEM'), err('ENOMEM'), err('ENOMEM')]);
    expect(r.clause('mprotect')).toBe('MM.MPROTECT.UNMAPPED');
  });

  it('ABI.ADDR.ALIGN, ABI.LENGTH.BOUNDS, ABI.FLAGS.UNKNOWN, MM.MPROTECT.UNMAPPED: misaligned address, zero length and unknown prot bits fail EINVAL; address 0 is an unmapped range (ENOMEM), not a fault', () => {
    const r = run(guest((p) => {
      mmap(p, 19, PAGE, RW);
      sys(p, 'mprotect', R(19, 8), PAGE, PROT.R);
      sys(p, 'mprotect', R(19), 0, PROT.R);
      sys(p, 'mprotect', R(19), PAGE, 0x10);
      sys(p, 'mprotect', 0, PAGE, PROT.R);
    }));
    expect(r.rets('mprotect')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL'), err('ENOMEM')]);
    expect([0, 1, 2, 3].map((i) => r.clause('mprotect', i))).toEqual(['ABI.ADDR.ALIGN', 'ABI.LENGTH.BOUNDS', 'ABI.FLAGS.UNKNOWN', 'MM.MPROTECT.UNMAPPED']);
  });
});

describe('munmap', () => {
  it('MM.MUNMAP.HOLES: unmapping a range with holes, or with nothing mapped, succeeds', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 4 * PAGE, RW);
      sys(p, 'munmap', R(19, PAGE), PAGE);
      sys(p, 'munmap', R(19), 4 * PAGE);
      sys(p, 'munmap', FLOOR, 16 * PAGE);
      mmap(p, 20, 4 * PAGE, RW);
      c.cmpReg(20, 19).when('eq');
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('munmap')).toEqual([0n, 0n, 0n]);
  });

  it('MM.MUNMAP.RANGE: a range outside the mapping area (image, stack, heap, straddling the top) fails EINVAL and unmaps nothing', () => {
    const r = run(guest((p, c) => {
      sys(p, 'munmap', 0x8000_0000, PAGE);
      sys(p, 'munmap', as('USER_STACK_TOP') - PAGE, PAGE);
      sys(p, 'sbrk', PAGE);
      sys(p, 'munmap', HEAP, PAGE);
      mmap(p, 19, PAGE, RW, ANON | MAP.FIXED, TOP - PAGE);
      sys(p, 'munmap', TOP - PAGE, 2 * PAGE);
      storeWord(p, 19, 0, 6);
      c.word(19, 0, 6);
      p.a.movImm(20, HEAP);
      storeWord(p, 20, 0, 6);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.rets('munmap')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    expect(r.clause('munmap')).toBe('MM.MUNMAP.RANGE');
  });

  it('MM.MUNMAP.REUSE: the bottom of a large mapping, once unmapped, is handed out again', () => {
    const r = run(guest((p, c) => {
      mmap(p, 19, 256 * PAGE, RW);
      sys(p, 'munmap', R(19), 16 * PAGE);
      mmap(p, 20, 16 * PAGE, RW);
      c.cmpReg(20, 19).when('eq');
    }), { memoryBytes: 4 << 20 });
    expect(r.result.verdict).toEqual(exit0);
  });

  it('ABI.ADDR.ALIGN, ABI.LENGTH.BOUNDS, MM.MUNMAP.RANGE: a misaligned address or a zero length fails EINVAL; address 0 is outside the mapping area (EINVAL), not a fault', () => {
    const r = run(guest((p) => {
      sys(p, 'munmap', FLOOR + 12, PAGE);
      sys(p, 'munmap', FLOOR, 0);
      sys(p, 'munmap', 0, PAGE);
    }));
    expect(r.rets('munmap')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL')]);
    expect([0, 1, 2].map((i) => r.clause('munmap', i))).toEqual(['ABI.ADDR.ALIGN', 'ABI.LENGTH.BOUNDS', 'MM.MUNMAP.RANGE']);
  });
});

describe('sbrk', () => {
  it('MM.SBRK.ZERO, MM.SBRK.RETURN, MM.LAYOUT: sbrk(0) is USER_HEAP_BASE at first; sbrk(n) returns the previous break', () => {
    const r = run(guest((p) => {
      sys(p, 'sbrk', 0);
      sys(p, 'sbrk', 100);
      sys(p, 'sbrk', 0);
      sys(p, 'sbrk', 2 * PAGE);
      sys(p, 'sbrk', 0);
    }));
    expect(r.rets('sbrk')).toEqual([HEAP, HEAP, HEAP + 100, HEAP + 100, HEAP + 100 + 2 * PAGE].map(BigInt));
    expect(r.clause('sbrk', 0)).toBe('MM.SBRK.ZERO');
  });

  it('MM.SBRK.GROW: the new heap bytes are readable, writable and zero', () => {
    const r = run(guest((p, c) => {
      sys(p, 'sbrk', 3 * PAGE);
      p.keep(19);
      orAll(p, 19, 3 * PAGE);
      c.eq(22, 0);
      storeWord(p, 19, 3 * PAGE - 8, 12);
      c.word(19, 3 * PAGE - 8, 12);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('sbrk')).toBe('MM.SBRK.GROW');
  });

  it('MM.SBRK.SHRINK: a negative increment unmaps the whole pages above the new break; growing again gives zero pages', () => {
    const r = run(guest((p, c) => {
      p.a.movImm(19, HEAP);
      sys(p, 'sbrk', 3 * PAGE);
      dirty(p, 19, 3 * PAGE);
      sys(p, 'sbrk', -(2 * PAGE));
      c.eq(0, HEAP + 3 * PAGE);
      c.word(19, PAGE - 8, -1n);
      sys(p, 'sbrk', 2 * PAGE);
      orAll(p, 19, 3 * PAGE);
      c.ne(22, 0);
      addTo(p, 20, 19, PAGE);
      orAll(p, 20, 2 * PAGE);
      c.eq(22, 0);
    }));
    expect(r.result.verdict).toEqual(exit0);
    expect(r.clause('sbrk', 1)).toBe('MM.SBRK.SHRINK');
    expect(touch((p) => {
      sys(p, 'sbrk', 3 * PAGE);
      sys(p, 'sbrk', -(2 * PAGE));
      p.a.movImm(19, HEAP + PAGE);
    }, 'read').result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.SBRK.FLOOR, MM.SBRK.FAIL: below the initial break or past USER_VA_END, sbrk returns all ones and the break stays', () => {
    const r = run(guest((p) => {
      sys(p, 'sbrk', PAGE);
      sys(p, 'sbrk', -(2 * PAGE));
      sys(p, 'sbrk', VA_END - HEAP);
      sys(p, 'sbrk', 0);
    }));
    expect(r.rets('sbrk')).toEqual([BigInt(HEAP), ALL_ONES, ALL_ONES, BigInt(HEAP + PAGE)]);
    expect(r.clause('sbrk', 1)).toBe('MM.SBRK.FLOOR');
  });

  it('MM.SBRK.FLOOR: growth that cannot get frames fails with all ones and leaves the break', () => {
    const r = run(guest((p) => {
      sys(p, 'sbrk', 1024 * PAGE);
      sys(p, 'sbrk', 0);
    }), { memoryBytes: 512 * PAGE });
    expect(r.rets('sbrk')).toEqual([ALL_ONES, BigInt(HEAP)]);
  });
});

describe('mmap_file', () => {
  const data = new Uint8Array(PAGE + 300).map((_, i) => 0x20 + (i % 90));
  const overlay = new Map<string, Uint8Array>([['/etc/data', data], ['/etc/empty', new Uint8Array(0)]]);
  /** Runs `body` with `handle(kernel)` at fd 3. */
  const withFd3 = (body: (p: Prog, c: Checks) => void, handle: (s: Setup) => Handle, opts: RunOptions = {}): Run =>
    runWith(guest(body), { image: overlay, ...opts, setup: (s) => void s.kernel.handles(s.init).installAt(3, handle(s)) });
  const dataFd = (s: Setup): Handle => fileHandle(s.kernel, '/etc/data');

  it('MM.MMAPFILE.BACKING, MM.MMAPFILE.DEMAND, MM.MMAP.RETURN: a base-image file maps read-only with the file\'s bytes', () => {
    const r = withFd3((p) => {
      sys(p, 'mmap_file', 3, data.length, PROT.R);
      p.keep(19);
      sys(p, 'write', 1, R(19), data.length);
    }, dataFd);
    expect(r.result.verdict).toEqual(exit0);
    const base = r.ret('mmap_file');
    expect(base > 0n && base % BigInt(PAGE) === 0n).toBe(true);
    expect(base >= BigInt(FLOOR) && base < BigInt(TOP)).toBe(true);
    expect(r.clause('mmap_file')).toBe('MM.MMAP.RETURN');
    expect(new Uint8Array(r.result.console)).toEqual(data);
  });

  it('MM.MMAPFILE.CLAMP: a length past the end maps only the file\'s pages; the tail of the last page reads zero', () => {
    const tail = 2 * PAGE - data.length;
    const r = withFd3((p) => {
      sys(p, 'mmap_file', 3, 64 * PAGE, PROT.R);
      p.keep(19);
      sys(p, 'write', 1, R(19), 2 * PAGE);
      sys(p, 'write', 1, R(19), 2 * PAGE + 1);
    }, dataFd);
    expect(r.clause('mmap_file')).toBe('MM.MMAPFILE.CLAMP');
    const out = new Uint8Array(r.result.console);
    expect(out.subarray(0, data.length)).toEqual(data);
    expect(out.subarray(data.length)).toEqual(new Uint8Array(tail));
    expect(r.rets('write')).toEqual([BigInt(2 * PAGE), err('EFAULT')]);
  });

  it('MM.MMAPFILE.PROT, MM.MMAPFILE.ERRNO: prot other than exactly PROT_READ fails EINVAL; the mapping cannot become W|X (MM.WX.REJECT)', () => {
    const r = withFd3((p) => {
      for (const prot of [RW, RX, PROT.NONE, PROT.X, PROT.R | PROT.W | PROT.X]) sys(p, 'mmap_file', 3, PAGE, prot);
      sys(p, 'mmap_file', 3, PAGE, PROT.R);
      p.keep(19);
      sys(p, 'mprotect', R(19), PAGE, PROT.R | PROT.W | PROT.X);
    }, dataFd);
    expect(r.rets('mmap_file').slice(0, 5)).toEqual(Array(5).fill(err('EINVAL')));
    for (let i = 0; i < 5; i++) expect(r.clause('mmap_file', i)).toBe('MM.MMAPFILE.ERRNO');
    expect(r.ret('mmap_file', 5) > 0n).toBe(true);
    expect(r.ret('mprotect')).toBe(err('EINVAL'));
  });

  it('MM.MMAPFILE.PROT, MM.FAULT.SIGSEGV: writing a file mapping is SIGSEGV', () => {
    const r = withFd3((p) => {
      sys(p, 'mmap_file', 3, PAGE, PROT.R);
      p.keep(19);
      storeWord(p, 19, 0, 1);
    }, dataFd);
    expect(r.result.verdict).toMatchObject(killedBySegv);
  });

  it('MM.MMAPFILE.CLOSE: the mapping stays valid after the handle is closed', () => {
    const r = withFd3((p) => {
      sys(p, 'mmap_file', 3, PAGE, PROT.R);
      p.keep(19);
      sys(p, 'close', 3);
      sys(p, 'write', 1, R(19), 16);
    }, dataFd);
    expect(r.ret('close')).toBe(0n);
    expect(new Uint8Array(r.result.console)).toEqual(data.subarray(0, 16));
  });

  it('MM.MMAP.NOSPACE, ABI.LENGTH.BOUNDS, ABI.FLAGS.UNKNOWN: no room in the mapping area is ENOMEM; a zero length or unknown prot bits EINVAL', () => {
    const r = withFd3((p) => {
      sys(p, 'mmap_file', 3, 0, PROT.R);
      sys(p, 'mmap_file', 3, PAGE, PROT.R | 0x100);
      mmap(p, 19, TOP - FLOOR, PROT.NONE);
      sys(p, 'mmap_file', 3, PAGE, PROT.R);
    }, dataFd);
    expect(r.rets('mmap_file')).toEqual([err('EINVAL'), err('EINVAL'), err('ENOMEM')]);
    expect([0, 1, 2].map((i) => r.clause('mmap_file', i))).toEqual(['ABI.LENGTH.BOUNDS', 'ABI.FLAGS.UNKNOWN', 'MM.MMAP.NOSPACE']);
  });

  it('MM.MMAPFILE.EMPTY: mapping an empty file fails EINVAL', () => {
    const r = withFd3((p) => sys(p, 'mmap_file', 3, PAGE, PROT.R), (s) => fileHandle(s.kernel, '/etc/empty'));
    expect(r.ret('mmap_file')).toBe(err('EINVAL'));
    expect(r.clause('mmap_file')).toBe('MM.MMAPFILE.EMPTY');
  });

  it('MM.MMAPFILE.TMPFS, MM.MMAPFILE.ERRNO: a tmpfs file or a /dev node is not disk-backed (EACCES)', () => {
    const tmp = withFd3((p) => sys(p, 'mmap_file', 3, PAGE, PROT.R), (s) => {
      tmpfsFile(s.kernel, '/tmp/f', data, 0o644);
      return fileHandle(s.kernel, '/tmp/f');
    });
    expect(tmp.ret('mmap_file')).toBe(err('EACCES'));
    expect(tmp.clause('mmap_file')).toBe('MM.MMAPFILE.TMPFS');
    const dev = withFd3((p) => sys(p, 'mmap_file', 3, PAGE, PROT.R), (s) => fileHandle(s.kernel, '/dev/zero'));
    expect(dev.ret('mmap_file')).toBe(err('EACCES'));
    expect(dev.clause('mmap_file')).toBe('MM.MMAPFILE.TMPFS');
  });

  it('MM.MMAPFILE.BACKING, MM.MMAPFILE.ERRNO: a directory, a pipe or the console fails EACCES; a handle without READ fails EBADF (FD.RIGHTS.MISSING)', () => {
    const dir = withFd3((p) => sys(p, 'mmap_file', 3, PAGE, PROT.R), (s) => fileHandle(s.kernel, '/etc'));
    expect(dir.ret('mmap_file')).toBe(err('EACCES'));
    expect(dir.clause('mmap_file')).toBe('FD.KIND.WRONG');
    const r = run(guest((p) => {
      const fds = p.space(8);
      sys(p, 'pipe', fds);
      sys(p, 'mmap_file', 3, PAGE, PROT.R);
      sys(p, 'mmap_file', 4, PAGE, PROT.R);
      sys(p, 'mmap_file', 0, PAGE, PROT.R);
      sys(p, 'mmap_file', 9, PAGE, PROT.R);
    }));
    expect(r.rets('mmap_file')).toEqual([err('EACCES'), err('EACCES'), err('EACCES'), err('EBADF')]);
    const noRead = withFd3((p) => sys(p, 'mmap_file', 3, PAGE, PROT.R), (s) => fileHandle(s.kernel, '/etc/data', ['GETATTR', 'MAP']));
    expect(noRead.ret('mmap_file')).toBe(err('EBADF'));
    expect(noRead.clause('mmap_file')).toBe('FD.RIGHTS.MISSING');
  });

  it('MM.COMMIT.NOMEM: a file larger than free memory fails ENOMEM', () => {
    const big = new Uint8Array(600 * PAGE);
    const r = runWith(guest((p) => sys(p, 'mmap_file', 3, big.length, PROT.R)), {
      image: new Map([['/etc/big', big]]),
      memoryBytes: 512 * PAGE,
      setup: (s) => void s.kernel.handles(s.init).installAt(3, fileHandle(s.kernel, '/etc/big')),
    });
    expect(r.ret('mmap_file')).toBe(err('ENOMEM'));
    expect(r.clause('mmap_file')).toBe('MM.COMMIT.NOMEM');
  });
});
