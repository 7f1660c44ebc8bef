// Laws of the ipc generator: its size and ids, that the model's expected rights are the spec's
// arithmetic (held ∩ requested, unchanged by fork and the call/reply moves, stopped by a hop
// without TRANSFER), that every right a kind holds is observed by some probe, and that every
// case builds deterministically with the rows and clauses it declares.

import { describe, expect, it } from 'vitest';
import { CLAUSES, DEFAULT_HANDLE_RIGHTS, missingRightErrno, RIGHT_BITS, rightsMask, syscallByName, type RightName } from '../../../spec/index.js';
import { ipcGenerator } from './index.js';
import { ALL_INHERIT, R } from './kit.js';
import { KINDS, kindByName } from './kinds.js';
import { firstMissing, rowNeed } from './probes.js';
import { plan, type Hop } from './transfer.js';

const cases = ipcGenerator.cases();

describe('ipc generator', () => {
  it('makes at least 1,200 cases with unique ipc/ ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1200);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.id).toMatch(/^ipc\/[a-z0-9._/-]+$/);
  });

  it('covers all 256 masks for the socket pair end and the tmpfs file, through ipc_send and spawn_handles', () => {
    for (const via of ['send', 'spawn']) {
      for (const kind of ['socketpair', 'file-rw']) {
        const ids = new Set(cases.map((c) => c.id));
        for (let m = 0; m < 256; m++) expect(ids.has(`ipc/rights/${via}-mask/${kind}/${via}-${m.toString(16)}`)).toBe(true);
      }
    }
  });

  it('starts each kind with the spec default rights', () => {
    const pipe = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'pipe')!.rights);
    expect(kindByName('socketpair').held).toBe(pipe);
    expect(kindByName('pipe-r').held).toBe(pipe & ~R.WRITE);
    expect(kindByName('pipe-w').held).toBe(pipe & ~R.READ);
    expect(kindByName('ep-send').held).toBe(R.WRITE | R.TRANSFER);
    expect(kindByName('ep-recv').held).toBe(R.READ | R.TRANSFER);
    expect(kindByName('pidfd').held).toBe(rightsMask(['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR']));
  });

  it('plans held ∩ requested for ipc_send and spawn_handles, unchanged rights for fork/call/reply, and stops at a hop without TRANSFER', () => {
    const k = kindByName('socketpair');
    for (let m = 0; m < 256; m++) {
      expect(plan(k, [{ via: 'send', mask: m }])).toMatchObject({ failAt: -1, rights: k.held & m });
      expect(plan(k, [{ via: 'spawn', mask: m }])).toMatchObject({ failAt: -1, rights: k.held & m });
      const second: Hop = { via: 'call' };
      const p2 = plan(k, [{ via: 'send', mask: m }, second]);
      if ((k.held & m & R.TRANSFER) !== 0) expect(p2).toMatchObject({ failAt: -1, rights: k.held & m });
      else expect(p2).toMatchObject({ failAt: 1, rights: k.held & m });
      expect(plan(k, [{ via: 'send', mask: m }, { via: 'fork' }])).toMatchObject({ failAt: -1, rights: k.held & m });
    }
    expect(plan(k, [{ via: 'send', mask: ALL_INHERIT }]).rights).toBe(k.held);
    expect(plan(k, [{ via: 'send', mask: ALL_INHERIT }]).clauses).toContain('IPC.XFER.INHERIT');
    // A chain never widens.
    const a = R.READ | R.TRANSFER | R.GETATTR;
    expect(plan(k, [{ via: 'send', mask: a }, { via: 'send', mask: 0xff }, { via: 'spawn', mask: ALL_INHERIT }]).rights).toBe(a);
  });

  it('gets the missing-right errno from the row, in row order', () => {
    expect(missingRightErrno(firstMissing(rowNeed('ipc_send'), 0)!)).toBe('EBADF');
    expect(missingRightErrno(firstMissing(rowNeed('ipc_send'), R.WRITE)!)).toBe('EACCES');
    expect(firstMissing(rowNeed('ipc_send'), R.WRITE | R.TRANSFER)).toBeNull();
    expect(firstMissing(rowNeed('lseek'), R.WRITE)).toBeNull();
    expect(firstMissing(rowNeed('lseek'), 0)).toBe('READ');
  });

  it('observes every right each kind holds with some probe', () => {
    for (const k of KINDS) {
      const probes = k.probes();
      for (const [name, bit] of Object.entries(RIGHT_BITS) as [RightName, number][]) {
        if ((k.held & bit) === 0) continue;
        const differs = probes.some((p) => JSON.stringify(p.expect(k.held).want) !== JSON.stringify(p.expect(k.held & ~bit).want));
        expect(differs, `${k.name}: ${name}`).toBe(true);
      }
      expect(probes[probes.length - 1]!.name).toBe('transfer');
    }
  });

  it('builds every case deterministically, with the rows it calls and the clauses its assertions name', () => {
    for (const [i, c] of cases.entries()) {
      const built = c.build();
      expect(built.assertions.length, c.id).toBeGreaterThan(0);
      for (const r of c.rows) expect(syscallByName(r), `${c.id}: row ${r}`).toBeDefined();
      for (const id of c.clauses) expect(CLAUSES.has(id), `${c.id}: clause ${id}`).toBe(true);
      const declared = new Set(c.clauses);
      for (const a of built.assertions) for (const id of a.clauses) expect(declared.has(id), `${c.id}: ${id}`).toBe(true);
      for (const f of built.files) expect(f.path.startsWith('/tmp/')).toBe(false);
      if (i % 97 === 0) expect(Buffer.from(c.build().program).equals(Buffer.from(built.program)), c.id).toBe(true);
    }
  });
});
