// dup, dup2 and fcntl through the syscall layer; expectations from the FD.* clauses and the
// FCNTL_CMDS / FD_FLAGS / OPEN_* constants.

import { describe, expect, it } from 'vitest';
import { rightsMask, type RightName } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import { FileObject } from '../objects/file.js';
import { Prog } from '../testkit.js';
import { HOSTNAME_TEXT, MOTD_TEXT } from '../vfs/index.js';
import { call, e, F, FD_CLOEXEC, FD_MAX, O, runFs, SEEK, type FsRun, type FsRunOptions } from './files.testkit.js';

function go(build: (p: Prog) => void, opts: FsRunOptions = {}): FsRun {
  const p = new Prog();
  build(p);
  p.exit(0);
  const r = runFs(p, opts);
  expect(r.result.verdict).toEqual({ kind: 'exit', status: 0 });
  return r;
}

function open(p: Prog, path: string, flags: number, reg?: number): void {
  call(p, 'open', p.str(path), flags, 0);
  if (reg !== undefined) p.keep(reg);
}

function cat(p: Prog, fd: number | { r: number }, n = 4096): void {
  const buf = p.space(n);
  call(p, 'read', fd, buf, n);
  p.keep(20);
  call(p, 'write', 1, buf, { r: 20 });
}

/** Installs /etc/motd at `fd` of init holding exactly `rights` (what a transfer could leave). */
function attenuated(fd: number, rights: readonly RightName[]): (k: Kernel) => void {
  return (k) => {
    const of = k.vfs.open('/etc/motd', O.RDONLY, 0, k.caller(k.init!));
    if (!of.ok) throw new Error(of.errno);
    k.handles(k.init!).installAt(fd, { object: new FileObject(of.value), rights: rightsMask(rights), cloexec: false });
  };
}

describe('dup', () => {
  it('FD.DUP.LOWEST: dup returns the lowest free handle number', () => {
    const r = go((p) => {
      call(p, 'dup', 0);
      call(p, 'close', 1);
      call(p, 'dup', 2);
      call(p, 'write', 1, p.str('via dup'), 7);
    });
    expect(r.rets('dup')).toEqual([3n, 1n]);
    expect(r.clauses('dup')).toEqual(['FD.DUP.LOWEST', 'FD.DUP.LOWEST']);
    expect(r.out).toBe('via dup');
  });

  it('FD.DUP.SHARED: a duplicate shares the offset and the status flags', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY, 19);
      call(p, 'dup', { r: 19 });
      p.keep(21);
      cat(p, { r: 19 }, 4);
      cat(p, { r: 21 }, 4);
      call(p, 'fcntl', { r: 19 }, F.SETFL, O.NONBLOCK);
      call(p, 'fcntl', { r: 21 }, F.GETFL, 0);
    });
    expect(r.out).toBe(MOTD_TEXT.slice(0, 8));
    expect(r.rets('fcntl')).toEqual([0n, BigInt(O.RDONLY | O.NONBLOCK)]);
  });

  it('FD.DUP.RIGHTS / FD.RIGHTS.ATTENUATE: a duplicate carries exactly the source\'s rights, never more', () => {
    const rights: number[] = [];
    const r = go((p) => {
      call(p, 'dup', 9);
      p.keep(19);
      call(p, 'fstat', { r: 19 }, p.space(32));
      call(p, 'fcntl', { r: 19 }, F.SETFD, 1);
      cat(p, { r: 19 }, 7);
    }, {
      setup: attenuated(9, ['READ', 'DUPLICATE']),
      after: (ev, k) => { if (ev.name === 'dup') rights.push(k.handles(k.init!).get(Number(ev.ret))!.rights); },
    });
    expect(r.rets('dup')).toEqual([3n]);
    expect(rights).toEqual([rightsMask(['READ', 'DUPLICATE'])]);
    expect(r.rets('fstat')).toEqual([e('EACCES')]);
    expect(r.rets('fcntl')).toEqual([e('EACCES')]);
    expect(r.out).toBe(MOTD_TEXT.slice(0, 7));
  });

  it('FD.DUP.NOCLOEXEC: the handle made by dup or dup2 is not close-on-exec, whatever the source', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY | O.CLOEXEC, 19);
      call(p, 'dup', { r: 19 });
      p.keep(21);
      call(p, 'dup2', { r: 19 }, 30);
      call(p, 'fcntl', { r: 19 }, F.GETFD, 0);
      call(p, 'fcntl', { r: 21 }, F.GETFD, 0);
      call(p, 'fcntl', 30, F.GETFD, 0);
    });
    expect(r.rets('fcntl')).toEqual([BigInt(FD_CLOEXEC), 0n, 0n]);
  });

  it('FD.TABLE.FULL / FD.BADF / FD.RIGHTS.MISSING: dup fails EMFILE with a full table, EBADF on a closed handle, EACCES without DUPLICATE', () => {
    const full = go((p) => call(p, 'dup', 0), { maxHandles: 3 });
    expect(full.rets('dup')).toEqual([e('EMFILE')]);
    expect(full.clauses('dup')).toEqual(['FD.TABLE.FULL']);
    const r = go((p) => {
      call(p, 'dup', 44);
      call(p, 'dup', -1);
      call(p, 'dup', FD_MAX);
      call(p, 'dup', 9);
    }, { setup: attenuated(9, ['READ', 'GETATTR']) });
    expect(r.rets('dup')).toEqual([e('EBADF'), e('EBADF'), e('EBADF'), e('EACCES')]);
    expect(r.clauses('dup')).toEqual(['FD.BADF', 'FD.BADF', 'FD.BADF', 'FD.RIGHTS.MISSING']);
  });

  it('FD.INHERIT.FORK: fork copies handles with their close-on-exec flags', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY | O.CLOEXEC, 19);
      open(p, '/etc/motd', O.RDONLY, 21);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'fcntl', { r: 19 }, F.GETFD, 0);
      call(p, 'fcntl', { r: 21 }, F.GETFD, 0);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
    });
    expect(r.rets('fcntl', 2)).toEqual([BigInt(FD_CLOEXEC), 0n]);
  });
});

describe('dup2', () => {
  it('FD.DUP2.REPLACE: dup2 closes newfd first, then makes it a duplicate of oldfd', () => {
    const usage: number[] = [];
    const r = go((p) => {
      open(p, '/etc/hostname', O.RDONLY, 19);
      open(p, '/tmp/victim', O.CREAT | O.RDWR, 21);
      call(p, 'unlink', p.str('/tmp/victim'));
      call(p, 'dup2', { r: 19 }, { r: 21 });
      cat(p, { r: 21 });
    }, { after: (ev, k) => { if (ev.name === 'dup2') usage.push(k.vfs.tmpfsUsage.nodes); } });
    expect(r.rets('dup2')).toEqual([4n]);
    expect(r.clauses('dup2')).toEqual(['FD.DUP2.REPLACE']);
    expect(r.out).toBe(HOSTNAME_TEXT);
    // The replaced handle was the last one on the unlinked file: it is gone (FD.CLOSE.LAST).
    expect(usage).toEqual([0]);
  });

  it('FD.DUP2.REPLACE: dup2 onto stdout redirects later writes to the file (shell redirection)', () => {
    const r = go((p) => {
      open(p, '/tmp/out', O.CREAT | O.RDWR, 19);
      call(p, 'dup2', { r: 19 }, 1);
      call(p, 'write', 1, p.str('redirected'), 10);
      call(p, 'dup2', 2, 1);
      call(p, 'lseek', { r: 19 }, 0, SEEK.SET);
      cat(p, { r: 19 });
    });
    expect(r.rets('dup2')).toEqual([1n, 1n]);
    expect(r.out).toBe('redirected');
  });

  it('FD.DUP2.SAME: dup2 onto itself returns newfd and changes nothing', () => {
    const r = go((p) => {
      open(p, '/etc/motd', O.RDONLY | O.CLOEXEC, 19);
      call(p, 'dup2', { r: 19 }, { r: 19 });
      call(p, 'fcntl', { r: 19 }, F.GETFD, 0);
      cat(p, { r: 19 }, 5);
    });
    expect(r.rets('dup2')).toEqual([3n]);
    expect(r.clauses('dup2')).toEqual(['FD.DUP2.SAME']);
    expect(r.rets('fcntl')).toEqual([BigInt(FD_CLOEXEC)]);
    expect(r.out).toBe(MOTD_TEXT.slice(0, 5));
  });

  it('FD.DUP2 errors: closed oldfd, newfd out of 0..FD_MAX-1 or past the table fail EBADF', () => {
    const r = go((p) => {
      call(p, 'dup2', 50, 3);
      call(p, 'dup2', 0, FD_MAX);
      call(p, 'dup2', 0, -1);
      call(p, 'dup2', 0, 100);
      call(p, 'dup2', 0, 7);
    }, { maxHandles: 8 });
    expect(r.rets('dup2')).toEqual([e('EBADF'), e('EBADF'), e('EBADF'), e('EBADF'), 7n]);
    expect(r.clauses('dup2').slice(0, 4)).toEqual(['FD.BADF', 'ABI.INT.RANGE', 'ABI.INT.RANGE', 'FD.BADF']);
  });

  it('FD.RIGHTS.MISSING: dup2 to another number needs DUPLICATE', () => {
    const r = go((p) => call(p, 'dup2', 9, 5), { setup: attenuated(9, ['READ']) });
    expect(r.rets('dup2')).toEqual([e('EACCES')]);
  });
});

describe('fcntl', () => {
  it('FD.FCNTL.CMDS / FD.FCNTL.DUPFD: F_DUPFD takes the lowest free number >= arg; F_DUPFD_CLOEXEC also sets FD_CLOEXEC', () => {
    const r = go((p) => {
      call(p, 'fcntl', 0, F.DUPFD, 10);
      call(p, 'fcntl', 0, F.DUPFD, 10);
      call(p, 'fcntl', 0, F.DUPFD, 0);
      call(p, 'fcntl', 0, F.DUPFD_CLOEXEC, 20);
      call(p, 'fcntl', 20, F.GETFD, 0);
      call(p, 'fcntl', 10, F.GETFD, 0);
      call(p, 'write', 11, p.str('dup'), 3);
    });
    expect(r.rets('fcntl')).toEqual([10n, 11n, 3n, 20n, BigInt(FD_CLOEXEC), 0n]);
    expect(r.clauses('fcntl').slice(0, 4)).toEqual(Array(4).fill('FD.FCNTL.DUPFD'));
    expect(r.out).toBe('dup');
  });

  it('FD.FCNTL.DUPFD.RANGE / FD.TABLE.FULL: arg < 0 or >= FD_MAX fails EINVAL; no free number >= arg fails EMFILE', () => {
    const r = go((p) => {
      call(p, 'fcntl', 0, F.DUPFD, -1);
      call(p, 'fcntl', 0, F.DUPFD_CLOEXEC, FD_MAX);
      call(p, 'fcntl', 0, F.DUPFD, 3);
      call(p, 'fcntl', 0, F.DUPFD, 3);
      call(p, 'fcntl', 0, F.DUPFD, 1);
    }, { maxHandles: 4 });
    expect(r.rets('fcntl')).toEqual([e('EINVAL'), e('EINVAL'), 3n, e('EMFILE'), e('EMFILE')]);
    expect(r.clauses('fcntl')).toEqual(['FD.FCNTL.DUPFD.RANGE', 'FD.FCNTL.DUPFD.RANGE', 'FD.FCNTL.DUPFD', 'FD.TABLE.FULL', 'FD.TABLE.FULL']);
  });

  it('FD.FCNTL.FD: F_SETFD sets close-on-exec from bit 0 of arg; F_GETFD reports it', () => {
    const r = go((p) => {
      call(p, 'fcntl', 1, F.SETFD, FD_CLOEXEC);
      call(p, 'fcntl', 1, F.GETFD, 0);
      call(p, 'fcntl', 1, F.SETFD, 0xfe);
      call(p, 'fcntl', 1, F.GETFD, 0);
    });
    expect(r.rets('fcntl')).toEqual([0n, BigInt(FD_CLOEXEC), 0n, 0n]);
    expect(r.clauses('fcntl')).toEqual(Array(4).fill('FD.FCNTL.FD'));
  });

  it('FD.FCNTL.GETFL / FD.FCNTL.GETFL.KINDS: access mode and status flags by kind', () => {
    const r = go((p) => {
      open(p, '/tmp/f', O.CREAT | O.RDWR | O.APPEND);
      open(p, '/tmp/f', O.WRONLY);
      open(p, '/tmp', O.RDONLY | O.NONBLOCK);
      call(p, 'pipe', p.space(8));
      for (const fd of [3, 4, 5, 6, 7, 0]) call(p, 'fcntl', fd, F.GETFL, 0);
    });
    expect(r.rets('fcntl')).toEqual([
      BigInt(O.RDWR | O.APPEND), BigInt(O.WRONLY), BigInt(O.RDONLY | O.NONBLOCK), BigInt(O.RDONLY), BigInt(O.WRONLY), BigInt(O.RDWR),
    ]);
  });

  it('FD.FCNTL.SETFL / FD.FCNTL.GETFL.KINDS: F_SETFL changes only O_NONBLOCK, on the object (each pipe end separately)', () => {
    const r = go((p) => {
      open(p, '/tmp/f', O.CREAT | O.RDWR | O.APPEND);
      call(p, 'fcntl', 3, F.SETFL, O.NONBLOCK | O.WRONLY | O.TRUNC);
      call(p, 'fcntl', 3, F.GETFL, 0);
      call(p, 'fcntl', 3, F.SETFL, 0);
      call(p, 'fcntl', 3, F.GETFL, 0);
      call(p, 'pipe', p.space(8));
      call(p, 'fcntl', 4, F.SETFL, O.NONBLOCK);
      call(p, 'fcntl', 4, F.GETFL, 0);
      call(p, 'fcntl', 5, F.GETFL, 0);
      call(p, 'fcntl', 0, F.SETFL, O.NONBLOCK);
      call(p, 'fcntl', 1, F.GETFL, 0);
      open(p, '/tmp/g', O.CREAT | O.RDWR);
      call(p, 'fcntl', 6, F.SETFL, O.APPEND);
      call(p, 'fcntl', 6, F.GETFL, 0);
    });
    expect(r.rets('fcntl')).toEqual([
      0n, BigInt(O.RDWR | O.APPEND | O.NONBLOCK), 0n, BigInt(O.RDWR | O.APPEND),
      0n, BigInt(O.RDONLY | O.NONBLOCK), BigInt(O.WRONLY),
      0n, BigInt(O.RDWR | O.NONBLOCK),
      0n, BigInt(O.RDWR),
    ]);
  });

  it('FD.FCNTL.LOCKS: F_GETLK, F_SETLK and F_SETLKW succeed and do nothing', () => {
    const r = go((p) => {
      for (const cmd of [F.GETLK, F.SETLK, F.SETLKW]) call(p, 'fcntl', 0, cmd, 0);
    });
    expect(r.rets('fcntl')).toEqual([0n, 0n, 0n]);
    expect(r.clauses('fcntl')).toEqual(Array(3).fill('FD.FCNTL.LOCKS'));
  });

  it('FD.FCNTL.UNKNOWN / FD.BADF: a command outside FCNTL_CMDS fails EINVAL; a closed handle EBADF', () => {
    const r = go((p) => {
      call(p, 'fcntl', 0, 5, 0);
      call(p, 'fcntl', 0, 1030, 0);
      call(p, 'fcntl', 0, -1, 0);
      call(p, 'fcntl', 99, F.GETFD, 0);
    });
    expect(r.rets('fcntl')).toEqual([e('EINVAL'), e('EINVAL'), e('EINVAL'), e('EBADF')]);
    expect(r.clauses('fcntl')).toEqual(['ABI.ENUM.UNKNOWN', 'ABI.ENUM.UNKNOWN', 'ABI.ENUM.UNKNOWN', 'FD.BADF']);
  });

  it('FD.FCNTL.RIGHTS: DUPFD needs DUPLICATE, GETFD/GETFL/locks GETATTR, SETFD/SETFL SETATTR; missing fails EACCES', () => {
    const cmds = [F.DUPFD, F.DUPFD_CLOEXEC, F.GETFD, F.GETFL, F.GETLK, F.SETFD, F.SETFL];
    const none = go((p) => { for (const c of cmds) call(p, 'fcntl', 9, c, 0); }, { setup: attenuated(9, ['READ']) });
    expect(none.rets('fcntl')).toEqual(cmds.map(() => e('EACCES')));
    expect(none.clauses('fcntl')).toEqual(cmds.map(() => 'FD.FCNTL.RIGHTS'));
    const getattr = go((p) => { for (const c of cmds) call(p, 'fcntl', 9, c, 0); }, { setup: attenuated(9, ['READ', 'GETATTR']) });
    expect(getattr.rets('fcntl')).toEqual([e('EACCES'), e('EACCES'), 0n, BigInt(O.RDONLY), 0n, e('EACCES'), e('EACCES')]);
    const dupset = go((p) => { for (const c of cmds) call(p, 'fcntl', 9, c, 0); }, { setup: attenuated(9, ['DUPLICATE', 'SETATTR']) });
    expect(dupset.rets('fcntl')).toEqual([3n, 4n, e('EACCES'), e('EACCES'), e('EACCES'), 0n, 0n]);
  });
});
