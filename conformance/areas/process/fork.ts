// fork basics: return values and registers, the copied address space, inherited handles, and the
// parent of a child forked by a second thread.

import { waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import {
  AREA, call, cell, exitUnless, expectCell, expectSame, expectStatus, fork, offsetOf, Pipe, store, thread, word,
} from './kit.js';

/** Values the parent puts in x19..x26 before fork; the child must see them unchanged. */
const MARKS = Array.from({ length: 8 }, (_, i) => 0x1111_0000_0000_0000n * BigInt(i + 1) + BigInt(i));

function registersCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/return-and-registers',
    description: 'fork returns the child pid (> 1) in the parent and 0 in the child, which resumes with x19..x26 as the parent had them',
    clauses: ['PROC.FORK.RETURN', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const status = cell(p);
      const vars = MARKS.map(() => p.variable());
      vars.forEach((v, i) => p.a.movImm(v.n, MARKS[i]!));
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      // Child: exit 0 when every register matches, else 1 + the first register index that differs.
      vars.forEach((v, i) => exitUnless(p, v.n, MARKS[i]!, 1 + i));
      p.exit(0);
      p.a.bind(parent);
      p.a.addImm(3, 0, 0);
      p.expectCmp('fork returns a pid above 1 in the parent', ['PROC.FORK.RETURN'], 'gt', 1, 3);
      call(p, 'waitpid', -1, status, 0);
      expectStatus(p, 'the child saw fork return 0 and x19..x26 unchanged (exit 0)', ['PROC.FORK.RETURN', 'PROC.WAIT.STATUS'], status, 0);
    },
  });
}

function memoryCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/memory-copy',
    description: 'the child reads the parent\'s data as it was at fork; its writes do not reach the parent, nor the parent\'s later writes the child',
    clauses: ['PROC.FORK.MEMORY', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const shared = cell(p);
      const status = cell(p);
      const go = new Pipe(p);
      const buf = cell(p);
      go.create(p);
      p.a.movImm(3, 0x5151);
      store(p, shared, 3);
      fork(p, () => {
        p.load(3, shared);
        exitUnless(p, 3, 0x5151, 1);
        p.a.movImm(3, 0xc0de);
        store(p, shared, 3);
        call(p, 'read', go.read, buf, 1);
        p.load(3, shared);
        exitUnless(p, 3, 0xc0de, 2);
        p.exit(0);
      });
      p.a.movImm(3, 0xbeef);
      store(p, shared, 3);
      call(p, 'write', go.write, buf, 1);
      call(p, 'waitpid', -1, status, 0);
      expectStatus(p, 'the child saw 0x5151 at fork and kept its own 0xc0de (exit 0)', ['PROC.FORK.MEMORY', 'PROC.WAIT.STATUS'], status, 0);
      expectCell(p, 'the parent still has its own 0xbeef', ['PROC.FORK.MEMORY'], shared, 0xbeef);
    },
  });
}

function handlesCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/inherits-handles',
    description: 'the child inherits the parent\'s pipe handles: what it writes, the parent reads, and the reverse',
    clauses: ['PROC.FORK.HANDLES', 'FD.INHERIT.FORK', 'PROC.WAIT.STATUS'],
    build({ p }) {
      const up = new Pipe(p);
      const down = new Pipe(p);
      const buf = cell(p);
      const status = cell(p);
      up.create(p);
      down.create(p);
      fork(p, () => {
        p.a.movImm(3, 0x4b4f);
        store(p, buf, 3);
        call(p, 'write', up.write, buf, 8);
        exitUnless(p, 0, 8, 1);
        call(p, 'read', down.read, buf, 8);
        exitUnless(p, 0, 8, 2);
        p.load(3, buf);
        exitUnless(p, 3, 0x594b, 3);
        p.exit(0);
      });
      call(p, 'read', up.read, buf, 8);
      p.expectEq('the parent reads 8 bytes the child wrote through an inherited handle', ['PROC.FORK.HANDLES', 'FD.INHERIT.FORK'], 8);
      expectCell(p, 'they are the child\'s bytes', ['FD.INHERIT.FORK'], buf, 0x4b4f);
      p.a.movImm(3, 0x594b);
      store(p, buf, 3);
      call(p, 'write', down.write, buf, 8);
      call(p, 'waitpid', -1, status, 0);
      expectStatus(p, 'the child read the parent\'s bytes through its inherited handle (exit 0)', ['PROC.FORK.HANDLES', 'PROC.WAIT.STATUS'], status, 0);
    },
  });
}

function fromThreadCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'fork/from-thread',
    description: 'a child forked by a second thread has the process as its parent (ppid 1): the main thread reaps it',
    clauses: ['PROC.FORK.PARENT', 'PROC.FORK.RETURN', 'PROC.WAIT.REAP', 'PROC.WAIT.STATUS', 'PIDFD.INFO'],
    build({ p }) {
      const done = new Pipe(p);
      const park = new Pipe(p);
      const cpid = cell(p);
      const buf = cell(p);
      const status = cell(p);
      const rec = p.space(56, 8);
      done.create(p);
      park.create(p);
      thread(p, () => {
        fork(p, () => {
          call(p, 'read', park.read, buf, 1);
          p.exit(33);
        }, cpid);
        call(p, 'write', done.write, cpid, 8);
        call(p, 'exit', 0);
      });
      call(p, 'read', done.read, cpid, 8);
      call(p, 'pidfd_open', word(cpid), 0);
      call(p, 'pidfd_getinfo', new Reg(0), rec);
      p.loadInt(3, rec + offsetOf('procstat', 'ppid'));
      p.expectEq('the child\'s ppid is 1, the process', ['PROC.FORK.PARENT', 'PIDFD.INFO'], 1, 3);
      call(p, 'write', park.write, buf, 1);
      call(p, 'waitpid', word(cpid), status, 0);
      p.load(4, cpid);
      expectSame(p, 'the main thread reaps it', ['PROC.FORK.PARENT', 'PROC.WAIT.REAP'], 0, 4);
      expectStatus(p, 'with status 33 << 8', ['PROC.WAIT.STATUS'], status, waitStatusExited(33));
    },
  });
}

export function forkCases(): CaseDef[] {
  return [registersCase(), memoryCase(), handlesCase(), fromThreadCase()];
}
