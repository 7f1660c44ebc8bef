import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import { ringCapacity, SHMRING_MAX } from '../objects/shmring.js';
import { err, Prog, run, type Run, type RunOptions } from '../testkit.js';
import { call, print } from '../tty/testkit.js';

const MAGIC = constValue('SHMRING', 'SHMRING_MAGIC');
const VERSION = constValue('SHMRING', 'SHMRING_VERSION');
const PROT_RX = constValue('PROT', 'PROT_READ') | constValue('PROT', 'PROT_EXEC');
const PROT_R = constValue('PROT', 'PROT_READ');
const ANON = constValue('MAP_FLAGS', 'MAP_ANONYMOUS') | constValue('MAP_FLAGS', 'MAP_PRIVATE');
const FLOOR = constValue('ADDRESS_SPACE', 'USER_MMAP_FLOOR');
const TOP = constValue('ADDRESS_SPACE', 'USER_MMAP_TOP');
const PAGE = 4096;
const NONET = { principal: 2, session: 2, caps: 0x0e };

function go(build: (p: Prog) => void, opts: RunOptions = {}): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, opts);
}

/** ldr w<rt>, [x<rn>, #off] (off a multiple of 4). */
function ldrW(p: Prog, rt: number, rn: number, off: number): void {
  p.a.movImm(10, off).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: rn, Rd: 10 }).inst('LDR_W_uoff', { Rt: rt, Rn: 10, imm12: 0 });
}

/** str w<rt>, [x<rn>, #off]. */
function strW(p: Prog, rt: number, rn: number, off: number): void {
  p.a.movImm(10, off).inst('ADD_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: rn, Rd: 10 }).inst('STR_W_uoff', { Rt: rt, Rn: 10, imm12: 0 });
}

function words(r: Run, n: number): number[] {
  const v = new DataView(r.result.console.buffer, r.result.console.byteOffset, 8 * n);
  return Array.from({ length: n }, (_, i) => Number(v.getBigUint64(8 * i, true)));
}

describe('shmring_create', () => {
  it('SHM.CREATE, SHM.ID.ALLOC: ids are the lowest free slots from 0; a closed id is reused', () => {
    const r = go((p) => {
      call(p, 'shmring_create', 2);
      call(p, 'shmring_create', 4);
      call(p, 'shmring_close', 0);
      call(p, 'shmring_create', 8);
    });
    expect(r.rets('shmring_create')).toEqual([0n, 1n, 0n]);
    expect(r.clause('shmring_create')).toBe('SHM.CREATE');
  });

  it('SHM.PAGES.EVEN: odd page counts fail EINVAL; counts outside 2..8 fail the length bound', () => {
    const r = go((p) => {
      for (const n of [3, 5, 7, 0, 1, 9, 10]) call(p, 'shmring_create', n);
    });
    expect(r.rets('shmring_create')).toEqual(Array(7).fill(err('EINVAL')));
    expect(r.calls.filter((e) => e.name === 'shmring_create').map((e) => e.clause)).toEqual([
      'SHM.PAGES.EVEN', 'SHM.PAGES.EVEN', 'SHM.PAGES.EVEN', 'ABI.LENGTH.BOUNDS', 'ABI.LENGTH.BOUNDS', 'ABI.LENGTH.BOUNDS', 'ABI.LENGTH.BOUNDS',
    ]);
  });

  it('SHM.CAP: without capNet shmring_create fails EACCES; map and close need no capability', () => {
    const r = go((p) => {
      call(p, 'shmring_create', 2);
      call(p, 'shmring_map', 0);
    }, { identity: NONET });
    expect([r.ret('shmring_create'), r.ret('shmring_map')]).toEqual([err('EACCES'), err('ENOENT')]);
    expect(r.clause('shmring_create')).toBe('SHM.CAP');
  });

  it('SHM.NOMEM, SHM.ID.ALLOC: the 65th live channel fails ENOMEM', () => {
    const r = go((p) => {
      for (let i = 0; i <= SHMRING_MAX; i++) call(p, 'shmring_create', 2);
    });
    const rets = r.rets('shmring_create');
    expect(rets.slice(0, SHMRING_MAX)).toEqual(Array.from({ length: SHMRING_MAX }, (_, i) => BigInt(i)));
    expect(rets[SHMRING_MAX]).toBe(err('ENOMEM'));
    expect(r.clause('shmring_create', SHMRING_MAX)).toBe('SHM.NOMEM');
  });

  it('SHM.NOMEM, SHM.LIFETIME: no frames, ENOMEM; a closed unmapped channel frees its pages, a mapped one only on munmap', () => {
    const r = go((p) => {
      call(p, 'shmring_create', 2).keep(19);
      call(p, 'shmring_map', { r: 19 }).keep(20);
      call(p, 'shmring_create', 2).keep(21);
      // Fill the machine one page at a time.
      const loop = p.a.label();
      const full = p.a.label();
      p.a.bind(loop);
      call(p, 'mmap', 0, PAGE, PROT_R | 2, ANON, -1, 0);
      p.a.tbnz(0, 63, full);
      p.a.b(loop);
      p.a.bind(full);
      call(p, 'shmring_create', 2);
      call(p, 'shmring_close', { r: 21 });
      call(p, 'shmring_create', 2);
      call(p, 'shmring_create', 2);
      call(p, 'shmring_close', { r: 19 });
      call(p, 'shmring_create', 2);
      call(p, 'munmap', { r: 20 }, 2 * PAGE);
      call(p, 'shmring_create', 2);
    }, { memoryBytes: 1 << 20 });
    const creates = r.rets('shmring_create');
    expect(creates).toEqual([0n, 1n, err('ENOMEM'), 1n, err('ENOMEM'), err('ENOMEM'), 0n]);
  });
});

describe('shmring_map', () => {
  it('SHM.MAP, SHM.LAYOUT, SHM.LAYOUT.HEADER: both halves start with a ring header; the rest is zero', () => {
    for (const pages of [2, 4, 8]) {
      const half = (pages / 2) * PAGE;
      const r = go((p) => {
        const b = p.space(64);
        call(p, 'shmring_create', pages).keep(19);
        call(p, 'shmring_map', { r: 19 }).keep(20);
        const offs = [0, 4, 8, 64, 128, 192, half, half + 4, half + 8, half + 64, half + 128, half + 192];
        for (const o of offs) {
          ldrW(p, 21, 20, o);
          p.store(21, b);
          print(p, b, 8);
        }
      });
      const cap = ringCapacity(half);
      expect(words(r, 12)).toEqual([MAGIC, VERSION, cap, 0, 0, 0, MAGIC, VERSION, cap, 0, 0, 0]);
      expect(r.clause('shmring_map')).toBe('SHM.MAP');
      expect(Number(r.ret('shmring_map')) % PAGE).toBe(0);
    }
    expect([ringCapacity(PAGE), ringCapacity(2 * PAGE), ringCapacity(4 * PAGE)]).toEqual([2048, 4096, 8192]);
  });

  it('SHM.MAP, SHM.FORK: pages are shared: a fork child\'s writes, through its own map and the inherited one, reach the parent', () => {
    const r = go((p) => {
      const b = p.space(16);
      call(p, 'shmring_create', 2).keep(19);
      call(p, 'shmring_map', { r: 19 }).keep(20);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'shmring_map', { r: 19 }).keep(21);
      p.a.movImm(22, 0xabcd);
      strW(p, 22, 21, 200);
      p.a.movImm(22, 0x1234);
      strW(p, 22, 20, 300);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      ldrW(p, 23, 20, 200);
      ldrW(p, 24, 20, 300);
      p.store(23, b).store(24, b + 8);
      print(p, b, 16);
    });
    expect(words(r, 2)).toEqual([0xabcd, 0x1234]);
  });

  it('SHM.ID.UNKNOWN, SHM.ID.STALE: ids outside the table fail EINVAL, free slots ENOENT', () => {
    const r = go((p) => {
      call(p, 'shmring_map', SHMRING_MAX);
      call(p, 'shmring_map', 0x7fff_ffff);
      call(p, 'shmring_map', -1);
      call(p, 'shmring_map', 5);
      call(p, 'shmring_close', SHMRING_MAX);
      call(p, 'shmring_close', 5);
      call(p, 'shmring_create', 2);
      call(p, 'shmring_close', 0);
      call(p, 'shmring_map', 0);
      call(p, 'shmring_close', 0);
    });
    expect(r.rets('shmring_map')).toEqual([err('EINVAL'), err('EINVAL'), err('EINVAL'), err('ENOENT'), err('ENOENT')]);
    expect(r.rets('shmring_close')).toEqual([err('EINVAL'), err('ENOENT'), 0n, err('ENOENT')]);
    expect(r.clause('shmring_map')).toBe('SHM.ID.UNKNOWN');
    expect(r.clause('shmring_map', 2)).toBe('ABI.INT.RANGE');
    expect(r.clause('shmring_map', 3)).toBe('SHM.ID.STALE');
  });

  it('SHM.NOEXEC: mprotect PROT_EXEC over a ring mapping fails EINVAL; PROT_READ works', () => {
    const r = go((p) => {
      call(p, 'shmring_create', 2).keep(19);
      call(p, 'shmring_map', { r: 19 }).keep(20);
      call(p, 'mprotect', { r: 20 }, PAGE, PROT_RX);
      call(p, 'mprotect', { r: 20 }, PAGE, PROT_R);
    });
    expect(r.rets('mprotect')).toEqual([err('EINVAL'), 0n]);
    expect(r.clause('mprotect')).toBe('SHM.NOEXEC');
  });

  it('MM.MMAP.NOSPACE: shmring_map with the mapping area full fails ENOMEM', () => {
    const r = go((p) => {
      call(p, 'shmring_create', 2);
      call(p, 'mmap', 0, TOP - FLOOR, 0, ANON, -1, 0);
      call(p, 'shmring_map', 0);
    });
    expect(r.ret('shmring_map')).toBe(err('ENOMEM'));
    expect(r.clause('shmring_map')).toBe('MM.MMAP.NOSPACE');
  });
});

describe('shmring_close and lifetime', () => {
  it('SHM.CLOSE, SHM.LIFETIME: after close the creator\'s mapping keeps its pages and contents', () => {
    const r = go((p) => {
      const b = p.space(8);
      call(p, 'shmring_create', 2).keep(19);
      call(p, 'shmring_map', { r: 19 }).keep(20);
      p.a.movImm(22, 0x5151);
      strW(p, 22, 20, 400);
      call(p, 'shmring_close', { r: 19 });
      call(p, 'shmring_create', 2);
      call(p, 'shmring_map', 0).keep(21);
      ldrW(p, 23, 20, 400);
      p.store(23, b);
      print(p, b, 8);
    });
    expect(r.rets('shmring_close')).toEqual([0n]);
    expect(r.clause('shmring_close')).toBe('SHM.CLOSE');
    expect(words(r, 1)).toEqual([0x5151]);
    expect(r.ret('shmring_map', 1)).not.toBe(r.ret('shmring_map', 0));
  });

  it('SHM.CLOSE.CREATOR: a fork child may map but not close the parent\'s channel', () => {
    const r = go((p) => {
      call(p, 'shmring_create', 2).keep(19);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'shmring_close', { r: 19 });
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      call(p, 'shmring_close', { r: 19 });
    });
    expect(r.rets('shmring_close')).toEqual([err('EPERM'), 0n]);
    expect(r.clause('shmring_close')).toBe('SHM.CLOSE.CREATOR');
  });

  it('SHM.LIFETIME, SHM.ID.STALE: the creator\'s exit frees the id; a peer mapping keeps the pages', () => {
    const r = go((p) => {
      const b = p.space(8);
      const up = p.space(8, 8);
      const down = p.space(8, 8);
      const id = p.space(8);
      call(p, 'pipe', up);
      call(p, 'pipe', down);
      // x21: child -> parent read end, x22 its write end; x25: parent -> child read end, x26 its write end.
      p.a.movImm(9, up).inst('LDRSW_uoff', { Rt: 21, Rn: 9, imm12: 0 }).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 1 });
      p.a.movImm(9, down).inst('LDRSW_uoff', { Rt: 25, Rn: 9, imm12: 0 }).inst('LDRSW_uoff', { Rt: 26, Rn: 9, imm12: 1 });
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'shmring_create', 2).keep(19);
      p.store(19, id);
      call(p, 'shmring_map', { r: 19 }).keep(20);
      p.a.movImm(23, 0x7777);
      strW(p, 23, 20, 500);
      call(p, 'write', { r: 22 }, id, 8);
      call(p, 'read', { r: 25 }, b, 1);
      p.exit(0);
      p.a.bind(parent);
      p.keep(24);
      call(p, 'read', { r: 21 }, id, 8);
      p.load(19, id);
      call(p, 'shmring_map', { r: 19 }).keep(20);
      call(p, 'write', { r: 26 }, b, 1);
      call(p, 'waitpid', { r: 24 }, 0, 0);
      ldrW(p, 23, 20, 500);
      p.store(23, b);
      print(p, b, 8);
      call(p, 'shmring_map', { r: 19 });
    });
    expect(words(r, 1)).toEqual([0x7777]);
    const parentMaps = r.calls.filter((e) => e.name === 'shmring_map' && e.pid === 1).map((e) => e.ret);
    expect(parentMaps[1]).toBe(err('ENOENT'));
  });
});
