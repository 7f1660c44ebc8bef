// Shared-memory rings (SHM.*): channel ids, the page count rule, the ring headers, mapping and
// sharing between processes, close and lifetime (references of the creator, of each mapping and of
// exit), the capability and the limits. Expected values come from the spec's constants and the
// ring model below (SHM.LAYOUT.HEADER).

import { constValue } from '../../../spec/index.js';
import type { CaseDef, Generator } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase, type DerivedCaseSpec } from '../../program/derived-case.js';
import { failsWith, fork, load32, PAGE, pairOf, poke64, reap, store32 } from '../device/kit.js';

const AREA = 'shm';
const SHMRING_MAX = constValue('LIMITS', 'SHMRING_MAX');
const PAGES_MIN = constValue('LIMITS', 'SHMRING_PAGES_MIN');
const PAGES_MAX = constValue('LIMITS', 'SHMRING_PAGES_MAX');
const MAGIC = constValue('SHMRING', 'SHMRING_MAGIC');
const VERSION = constValue('SHMRING', 'SHMRING_VERSION');
const OFF_CAPACITY = constValue('SHMRING', 'SHMRING_OFF_CAPACITY');
const OFF_HEAD = constValue('SHMRING', 'SHMRING_OFF_HEAD');
const OFF_TAIL = constValue('SHMRING', 'SHMRING_OFF_TAIL');
const HEADER = constValue('SHMRING', 'SHMRING_HEADER_BYTES');
const PROT_R = constValue('PROT', 'PROT_READ');
const PROT_W = constValue('PROT', 'PROT_WRITE');
const PROT_X = constValue('PROT', 'PROT_EXEC');
const ANON = constValue('MAP_FLAGS', 'MAP_ANONYMOUS') | constValue('MAP_FLAGS', 'MAP_PRIVATE');
const FLOOR = constValue('ADDRESS_SPACE', 'USER_MMAP_FLOOR');
const TOP = constValue('ADDRESS_SPACE', 'USER_MMAP_TOP');
const NONET = { principal: 2, session: 2, caps: constValue('CAPABILITIES', 'capFsRead') | constValue('CAPABILITIES', 'capConsole') };
const PEER = '/bin/shm-peer';
const EVEN = [2, 4, 6, 8] as const;

/** The payload capacity of a ring spanning `bytes` (SHM.LAYOUT.HEADER). */
export function capacityOf(bytes: number): number {
  let cap = 1;
  while (cap * 2 <= bytes - HEADER) cap *= 2;
  return cap;
}

function shm(spec: DerivedCaseSpec): CaseDef {
  return derivedCase(AREA, spec);
}

/** shmring_create(pages) into `id`, asserting it returns `want`. */
function create(p: CaseProgram, id: Reg, pages: number, want: number, clauses: readonly string[] = []): void {
  p.sys('shmring_create', pages).save(id);
  p.expectEq(`shmring_create(${pages}) returns id ${want}`, ['SHM.CREATE', 'SHM.ID.ALLOC', ...clauses], want, id);
}

/** shmring_map(id) into `base`, asserting a page-aligned address. */
function map(p: CaseProgram, base: Reg, id: Reg | number, clauses: readonly string[] = []): void {
  p.sys('shmring_map', id).save(base);
  p.expectOk('shmring_map returns an address', ['SHM.MAP', ...clauses], base);
  p.a.movImm(9, 0xfff).inst('AND_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: base.n, Rd: 0 });
  p.expectEq('the address is page-aligned', ['SHM.MAP'], 0);
}

// ---- create --------------------------------------------------------------------------------------

function idsCase(): CaseDef {
  return shm({
    id: 'create/ids',
    description: 'ids are the lowest free slots of the channel table, from 0; a closed id is reused',
    build: ({ p }) => {
      const id = p.variable();
      create(p, id, 2, 0);
      create(p, id, 4, 1);
      create(p, id, 8, 2);
      p.sys('shmring_close', 1).expectEq('shmring_close(1) returns 0', ['SHM.CLOSE'], 0);
      create(p, id, 6, 1);
      create(p, id, 2, 3);
    },
  });
}

function evenCase(): CaseDef {
  return shm({
    id: 'create/pages',
    description: `shmring_create takes even page counts ${PAGES_MIN}..${PAGES_MAX}: odd ones fail EINVAL (SHM.PAGES.EVEN), others outside the range the length bound`,
    build: ({ p }) => {
      const id = p.variable();
      for (const n of [3, 5, 7]) {
        p.sys('shmring_create', n);
        failsWith(p, `shmring_create(${n})`, ['SHM.PAGES.EVEN'], 'EINVAL');
      }
      for (const n of [0, 1, 9, 10, 16, 0x7fff_ffff]) {
        p.sys('shmring_create', n);
        failsWith(p, `shmring_create(${n})`, ['SHM.PAGES.EVEN', 'ABI.LENGTH.BOUNDS'], 'EINVAL');
      }
      EVEN.forEach((n, i) => create(p, id, n, i, ['SHM.PAGES.EVEN']));
    },
  });
}

function capCase(): CaseDef {
  return shm({
    id: 'create/cap',
    description: 'without capNet shmring_create fails EACCES; shmring_map and shmring_close need no capability',
    boot: { identity: NONET },
    build: ({ p }) => {
      p.sys('shmring_create', 2);
      failsWith(p, 'shmring_create without capNet', ['SHM.CAP'], 'EACCES');
      p.sys('shmring_create', 3);
      failsWith(p, 'shmring_create(3) without capNet: the gate comes first', ['SHM.CAP', 'ABI.CHECK.ORDER'], 'EACCES');
      p.sys('shmring_map', 0);
      failsWith(p, 'shmring_map(0) without capNet reaches the table', ['SHM.ID.STALE', 'SHM.CAP'], 'ENOENT');
      p.sys('shmring_close', 0);
      failsWith(p, 'shmring_close(0) without capNet reaches the table', ['SHM.ID.STALE', 'SHM.CAP'], 'ENOENT');
    },
  });
}

function tableFullCase(): CaseDef {
  return shm({
    id: 'nomem/table',
    description: `the ${SHMRING_MAX + 1}th live channel fails ENOMEM; closing one frees its id for the next create`,
    build: ({ p }) => {
      const id = p.variable();
      const n = p.variable();
      p.a.movImm(n.n, 0);
      const loop = p.a.label();
      const done = p.a.label();
      p.a.bind(loop);
      p.sys('shmring_create', 2);
      p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: n.n, imm6: 0, Rn: 0, Rd: 31 });
      p.a.bcond('ne', done);
      p.a.addImm(n.n, n.n, 1);
      p.a.cmpImm(n.n, SHMRING_MAX);
      p.a.bcond('ne', loop);
      p.a.bind(done);
      p.expectEq(`${SHMRING_MAX} creates return ids 0..${SHMRING_MAX - 1} in order`, ['SHM.ID.ALLOC'], SHMRING_MAX, n);
      p.sys('shmring_create', 2);
      failsWith(p, `shmring_create with all ${SHMRING_MAX} slots live`, ['SHM.NOMEM', 'SHM.ID.ALLOC'], 'ENOMEM');
      p.sys('shmring_close', 17).expectEq('shmring_close(17)', ['SHM.CLOSE'], 0);
      create(p, id, 2, 17, ['SHM.NOMEM']);
      p.sys('shmring_create', 2);
      failsWith(p, 'and the table is full again', ['SHM.NOMEM'], 'ENOMEM');
    },
  });
}

function memoryCase(): CaseDef {
  return shm({
    id: 'nomem/memory',
    description: 'with no free frames shmring_create fails ENOMEM; pages come back when the last reference goes: close of an unmapped channel, munmap after close of a mapped one',
    boot: { memoryBytes: 1 << 20 },
    build: ({ p }) => {
      const a = p.variable();
      const b = p.variable();
      const base = p.variable();
      const id = p.variable();
      create(p, a, 2, 0);
      map(p, base, a);
      create(p, b, 2, 1);
      const loop = p.a.label();
      const full = p.a.label();
      p.a.bind(loop);
      p.sys('mmap', 0, PAGE, PROT_R | PROT_W, ANON, -1, 0);
      p.a.tbnz(0, 63, full);
      p.a.b(loop);
      p.a.bind(full);
      p.expectErrno('one-page mmaps fill the machine', ['MM.COMMIT.NOMEM'], 'ENOMEM');
      p.sys('shmring_create', 2);
      failsWith(p, 'shmring_create with no free frames', ['SHM.NOMEM'], 'ENOMEM');
      p.sys('shmring_close', b).expectEq('close of the unmapped channel 1', ['SHM.CLOSE'], 0);
      create(p, id, 2, 1, ['SHM.LIFETIME', 'SHM.NOMEM']);
      p.sys('shmring_create', 2);
      failsWith(p, 'the next create finds no frames again', ['SHM.NOMEM'], 'ENOMEM');
      p.sys('shmring_close', a).expectEq('close of the mapped channel 0', ['SHM.CLOSE'], 0);
      p.sys('shmring_create', 2);
      failsWith(p, 'its mapping still holds the pages', ['SHM.LIFETIME', 'SHM.NOMEM'], 'ENOMEM');
      p.sys('munmap', base, 2 * PAGE).expectEq('munmap of the mapping', ['MM.MUNMAP.FREE'], 0);
      create(p, id, 2, 0, ['SHM.LIFETIME', 'SHM.NOMEM']);
    },
  });
}

// ---- layout and map --------------------------------------------------------------------------------

function layoutCase(pages: number): CaseDef {
  const half = (pages / 2) * PAGE;
  const cap = capacityOf(half);
  return shm({
    id: `layout/${pages}`,
    description: `a ${pages}-page channel holds two rings of ${half} bytes, each starting with a header (capacity ${cap}); every other byte is zero`,
    build: ({ p }) => {
      const id = p.variable();
      const base = p.variable();
      const v = p.variable();
      create(p, id, pages, 0);
      map(p, base, id);
      for (const [ring, at] of [['ring0', 0], ['ring1', half]] as const) {
        const fields: readonly [number, number, string][] = [
          [0, MAGIC, 'magic "SHMR"'], [4, VERSION, 'version'], [OFF_CAPACITY, cap, 'capacity'], [OFF_HEAD, 0, 'head'], [OFF_TAIL, 0, 'tail'],
          [12, 0, 'the word after capacity'], [HEADER, 0, 'the first data word'], [HEADER + cap - 4, 0, 'the last data word'],
        ];
        for (const [off, want, what] of fields) {
          load32(p, v, base, at + off);
          p.expectEq(`${ring} ${what} at +${at + off} is 0x${want.toString(16)}`, ['SHM.LAYOUT', 'SHM.LAYOUT.HEADER'], want, v);
        }
      }
      load32(p, v, base, pages * PAGE - 4);
      p.expectEq('the last word of the channel is zero', ['SHM.LAYOUT.HEADER'], 0, v);
    },
  });
}

function rwCase(): CaseDef {
  return shm({
    id: 'map/twice',
    description: 'shmring_map maps the pages read/write; two mappings in one process are different addresses over the same pages',
    build: ({ p }) => {
      const id = p.variable();
      const a = p.variable();
      const b = p.variable();
      const v = p.variable();
      create(p, id, 4, 0);
      map(p, a, id);
      map(p, b, id);
      p.a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: b.n, imm6: 0, Rn: a.n, Rd: v.n });
      p.expectCmp('the second mapping is at another address', ['SHM.MAP'], 'ne', 0, v);
      for (const off of [HEADER, 2 * PAGE + 8, 4 * PAGE - 4]) {
        store32(p, 0x5100 + off, a, off);
        load32(p, v, b, off);
        p.expectEq(`a write at +${off} through one mapping reads back through the other`, ['SHM.MAP', 'SHM.LIFETIME'], 0x5100 + off, v);
      }
    },
  });
}

function forkCase(): CaseDef {
  return shm({
    id: 'map/fork',
    description: 'a fork child shares the channel: its writes through the inherited mapping and through its own shmring_map reach the parent',
    build: ({ p }) => {
      const id = p.variable();
      const a = p.variable();
      const c = p.variable();
      const v = p.variable();
      create(p, id, 2, 0);
      map(p, a, id);
      store32(p, 0x1111, a, 256);
      fork(p, () => {
        p.sys('shmring_map', id).save(c);
        load32(p, v, c, 256);
        p.a.addImm(v.n, v.n, 1);
        store32(p, v, c, 260);
        store32(p, 0x2222, a, 264);
        p.exit(0);
      });
      reap(p, 0, 0, 'the child maps and writes', ['SHM.MAP', 'SHM.FORK']);
      load32(p, v, a, 260);
      p.expectEq('the child\'s own mapping saw the parent\'s write and its write is the parent\'s', ['SHM.MAP', 'SHM.LIFETIME'], 0x1112, v);
      load32(p, v, a, 264);
      p.expectEq('the inherited mapping is shared, not copied', ['SHM.FORK'], 0x2222, v);
    },
  });
}

function spawnCase(): CaseDef {
  return shm({
    id: 'map/spawn',
    description: 'a spawned program maps the channel by id and writes; the parent reads the write',
    build: ({ p, child }) => {
      const id = p.variable();
      const a = p.variable();
      const v = p.variable();
      const peer = child();
      const pb = new Reg(19);
      const failed = peer.a.label();
      peer.sys('shmring_map', 0).save(pb);
      peer.a.tbnz(pb.n, 63, failed);
      store32(peer, 0x7e57, pb, 1024);
      peer.exit(0);
      peer.a.bind(failed);
      peer.exit(1);
      create(p, id, 2, 0);
      map(p, a, id);
      p.sys('spawn', p.str(PEER), 0).expectEq('the spawned peer maps channel 0 and exits 0', ['SHM.MAP', 'PROC.SPAWN.STATUS'], 0);
      load32(p, v, a, 1024);
      p.expectEq('its write is in the parent\'s mapping', ['SHM.MAP', 'SHM.LIFETIME'], 0x7e57, v);
      return { files: [{ path: PEER, data: peer.elf() }] };
    },
  });
}

function noExecCase(): CaseDef {
  return shm({
    id: 'map/noexec',
    description: 'ring pages never become executable: mprotect with PROT_EXEC fails EINVAL and leaves them read/write',
    build: ({ p }) => {
      const id = p.variable();
      const a = p.variable();
      const v = p.variable();
      create(p, id, 2, 0);
      map(p, a, id);
      p.sys('mprotect', a, PAGE, PROT_R | PROT_X);
      failsWith(p, 'mprotect(ring, PROT_READ|PROT_EXEC)', ['SHM.NOEXEC'], 'EINVAL');
      p.sys('mprotect', a, 2 * PAGE, PROT_X);
      failsWith(p, 'mprotect(ring, PROT_EXEC)', ['SHM.NOEXEC'], 'EINVAL');
      store32(p, 0x77, a, HEADER);
      load32(p, v, a, HEADER);
      p.expectEq('the pages are still writable', ['SHM.NOEXEC', 'SHM.MAP'], 0x77, v);
      p.sys('mprotect', a, 2 * PAGE, PROT_R).expectEq('mprotect(ring, PROT_READ) returns 0', ['MM.MPROTECT.CHANGE'], 0);
    },
  });
}

function noSpaceCase(): CaseDef {
  return shm({
    id: 'map/nospace',
    description: 'with the mapping area reserved, shmring_map fails ENOMEM',
    build: ({ p }) => {
      const id = p.variable();
      create(p, id, 2, 0);
      p.sys('mmap', 0, TOP - FLOOR, 0, ANON, -1, 0).expectEq('a PROT_NONE reservation of the whole mapping area', ['MM.MMAP.NONE.RESERVE'], FLOOR);
      p.sys('shmring_map', id);
      failsWith(p, 'shmring_map with no free range', ['MM.MMAP.NOSPACE'], 'ENOMEM');
    },
  });
}

// ---- ids ---------------------------------------------------------------------------------------------

function unknownCase(): CaseDef {
  const ids = [SHMRING_MAX, SHMRING_MAX + 1, 1000, 0x7fff_ffff];
  return shm({
    id: 'id/unknown',
    description: `ids outside the table (at least ${SHMRING_MAX}) fail EINVAL for shmring_map and shmring_close`,
    build: ({ p }) => {
      const id = p.variable();
      create(p, id, 2, 0);
      for (const n of ids) {
        p.sys('shmring_map', n);
        failsWith(p, `shmring_map(${n})`, ['SHM.ID.UNKNOWN'], 'EINVAL');
        p.sys('shmring_close', n);
        failsWith(p, `shmring_close(${n})`, ['SHM.ID.UNKNOWN'], 'EINVAL');
      }
      p.sys('shmring_map', -1);
      failsWith(p, 'shmring_map(-1)', ['SHM.ID.UNKNOWN', 'ABI.INT.RANGE'], 'EINVAL');
    },
  });
}

function staleCase(): CaseDef {
  return shm({
    id: 'id/stale',
    description: 'ids inside the table that name no channel fail ENOENT: never created, and closed',
    build: ({ p }) => {
      const id = p.variable();
      for (const n of [0, 5, SHMRING_MAX - 1]) {
        p.sys('shmring_map', n);
        failsWith(p, `shmring_map(${n}) on a fresh machine`, ['SHM.ID.STALE'], 'ENOENT');
        p.sys('shmring_close', n);
        failsWith(p, `shmring_close(${n}) on a fresh machine`, ['SHM.ID.STALE'], 'ENOENT');
      }
      create(p, id, 2, 0);
      p.sys('shmring_close', id).expectEq('shmring_close(0)', ['SHM.CLOSE'], 0);
      p.sys('shmring_map', id);
      failsWith(p, 'shmring_map of the closed id', ['SHM.ID.STALE', 'SHM.CLOSE'], 'ENOENT');
      p.sys('shmring_close', id);
      failsWith(p, 'a second shmring_close', ['SHM.ID.STALE', 'SHM.CLOSE'], 'ENOENT');
    },
  });
}

// ---- close and lifetime ----------------------------------------------------------------------------

function closeKeepsCase(): CaseDef {
  return shm({
    id: 'close/keeps-mapping',
    description: 'after shmring_close the creator\'s mapping keeps its pages and contents; a new channel gets other pages',
    build: ({ p }) => {
      const id = p.variable();
      const a = p.variable();
      const b = p.variable();
      const v = p.variable();
      create(p, id, 2, 0);
      map(p, a, id);
      store32(p, 0xc105e, a, 512);
      p.sys('shmring_close', id).expectEq('shmring_close returns 0', ['SHM.CLOSE'], 0);
      load32(p, v, a, 512);
      p.expectEq('the mapping still reads the write', ['SHM.CLOSE', 'SHM.LIFETIME'], 0xc105e, v);
      store32(p, 0xc105f, a, 516);
      load32(p, v, a, 516);
      p.expectEq('and is still writable', ['SHM.LIFETIME'], 0xc105f, v);
      create(p, id, 2, 0, ['SHM.CLOSE']);
      map(p, b, id);
      load32(p, v, b, 512);
      p.expectEq('the new channel 0 is fresh zeroed pages', ['SHM.LIFETIME', 'SHM.LAYOUT.HEADER'], 0, v);
    },
  });
}

function creatorCase(): CaseDef {
  return shm({
    id: 'close/creator',
    description: 'only the creating process may close a channel: a fork child gets EPERM, the parent 0',
    build: ({ p }) => {
      const id = p.variable();
      create(p, id, 2, 0);
      fork(p, () => {
        p.sys('shmring_close', id);
        p.a.addImm(0, 0, 1);
        p.exit(0);
      });
      reap(p, 0, 0, 'the child\'s shmring_close fails EPERM: -1 + 1 = 0', ['SHM.CLOSE.CREATOR']);
      p.sys('shmring_close', id).expectEq('the creator\'s shmring_close returns 0', ['SHM.CLOSE', 'SHM.CLOSE.CREATOR'], 0);
    },
  });
}

function ownerExitCase(): CaseDef {
  return shm({
    id: 'lifetime/owner-exit',
    description: 'a child creates, maps and writes a channel and exits: its id is gone, while the parent\'s mapping of it keeps the pages',
    build: ({ p }) => {
      const up = p.space(8, 8);
      const down = p.space(8, 8);
      const word = p.space(8);
      const upR = p.variable();
      const upW = p.variable();
      const downR = p.variable();
      const downW = p.variable();
      const id = p.variable();
      const a = p.variable();
      const pid = p.variable();
      const v = p.variable();
      p.sys('pipe', up);
      pairOf(p, up, upR, upW);
      p.sys('pipe', down);
      pairOf(p, down, downR, downW);
      fork(p, () => {
        p.sys('shmring_create', 2).save(id);
        poke64(p, id, word);
        p.sys('shmring_map', id).save(a);
        store32(p, 0x0e1e, a, 2000);
        p.sys('write', upW, word, 8);
        p.sys('read', downR, word, 1);
        p.exit(0);
      });
      p.save(pid);
      p.sys('read', upR, word, 8).expectEq('the child reports its channel id', ['SHM.CREATE'], 8);
      p.load(id, word);
      map(p, a, id, ['SHM.LIFETIME']);
      load32(p, v, a, 2000);
      p.expectEq('the parent sees the child\'s write', ['SHM.MAP', 'SHM.LIFETIME'], 0x0e1e, v);
      p.sys('write', downW, word, 1);
      reap(p, pid, 0, 'the creator exits without closing', ['SHM.LIFETIME']);
      load32(p, v, a, 2000);
      p.expectEq('the parent\'s mapping keeps the pages after the creator\'s exit', ['SHM.LIFETIME'], 0x0e1e, v);
      store32(p, 0x0e1f, a, 2004);
      load32(p, v, a, 2004);
      p.expectEq('and stays writable', ['SHM.LIFETIME'], 0x0e1f, v);
      p.sys('shmring_map', id);
      failsWith(p, 'shmring_map of the exited creator\'s id', ['SHM.ID.STALE', 'SHM.LIFETIME'], 'ENOENT');
    },
  });
}

export const shmGenerator: Generator = {
  area: AREA,
  cases(): readonly CaseDef[] {
    return [
      idsCase(), evenCase(), capCase(), tableFullCase(), memoryCase(),
      ...EVEN.map(layoutCase), rwCase(), forkCase(), spawnCase(), noExecCase(), noSpaceCase(),
      unknownCase(), staleCase(),
      closeKeepsCase(), creatorCase(), ownerExitCase(),
    ];
  },
};
