// /data through the syscalls (FS.DATA.*, FS.FSYNC.*, SYS.REBOOT.SYNC) and the machine's pipe
// buffers (FD.PIPE.BUFFERS, FD.PIPE.NOMEM). Expectations come from the clauses.
import { describe, expect, it } from 'vitest';
import { constValue } from '../../../spec/index.js';
import type { LogRecord } from '../log.js';
import { err, Prog, run, type Run, type RunOptions } from '../testkit.js';

const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
const POWER_OFF = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_OFF');
const enc = new TextEncoder();
const DATA = { files: new Map([['/data/a', enc.encode('abc')], ['/data/d/b', enc.encode('12345')]]) };

function flushes(r: Run): Pick<LogRecord, 'level' | 'message' | 'detail' | 'pid'>[] {
  return r.kernel.log.records().filter((x) => x.source === 'datafs').map(({ level, message, detail, pid }) => ({ level, message, detail, pid }));
}

function runProg(build: (p: Prog) => void, opts: RunOptions): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, opts);
}

describe('/data flushes', () => {
  it('FS.FSYNC.DATA / FS.DATA.FLUSHLOG: fsync of a /data file returns 0 and logs a flush of its size; tmpfs fsync logs nothing', () => {
    const r = runProg((p) => {
      p.sys('open', p.str('/data/a'), O_RDWR, 0);
      p.sys('write', 3, p.str('wxyz!'), 5);
      p.sys('fsync', 3);
      p.sys('open', p.str('/tmp/t'), O_RDWR | O_CREAT, 0);
      p.sys('fsync', 4);
    }, { data: DATA });
    expect(r.rets('fsync')).toEqual([0n, 0n]);
    expect(r.clause('fsync', 0)).toBe('FS.FSYNC.DATA');
    expect(r.clause('fsync', 1)).toBe('FS.FSYNC.OTHER');
    expect(flushes(r)).toEqual([{ level: 'info', message: 'flush', detail: 5, pid: 1 }]);
  });

  it('FS.FSYNC.IO / FS.DATA.FLUSHLOG: with data.failFlush fsync on /data fails EIO and logs the failure', () => {
    const r = runProg((p) => {
      p.sys('open', p.str('/data/d'), O_RDONLY, 0);
      p.sys('fsync', 3);
    }, { data: { ...DATA, failFlush: true } });
    expect(r.ret('fsync')).toBe(err('EIO'));
    expect(r.clause('fsync')).toBe('FS.FSYNC.IO');
    expect(flushes(r)).toEqual([{ level: 'error', message: 'flush failed', detail: 5, pid: 1 }]);
  });

  it('FS.SYNC.ALL / FS.DATA.FLUSHLOG: sync flushes all of /data (total size) and returns 0 even when the flush fails', () => {
    const ok = runProg((p) => p.sys('sync'), { data: DATA });
    expect(ok.ret('sync')).toBe(0n);
    expect(flushes(ok)).toEqual([{ level: 'info', message: 'flush', detail: 8, pid: 1 }]);
    const bad = runProg((p) => p.sys('sync'), { data: { ...DATA, failFlush: true } });
    expect(bad.ret('sync')).toBe(0n);
    expect(flushes(bad)).toEqual([{ level: 'error', message: 'flush failed', detail: 5, pid: 1 }]);
    expect(flushes(runProg((p) => p.sys('sync'), {}))).toEqual([]);
  });

  it('SYS.REBOOT.SYNC / SYS.REBOOT.FLUSHFIRST: reboot flushes /data, also when it then fails ENOSYS without PSCI', () => {
    const off = runProg((p) => p.sys('reboot', POWER_OFF), { data: DATA });
    expect(off.result.verdict).toEqual({ kind: 'reboot', command: 'poweroff' });
    expect(flushes(off)).toEqual([{ level: 'info', message: 'flush', detail: 8, pid: 1 }]);
    const nopsci = runProg((p) => p.sys('reboot', POWER_OFF), { data: DATA, psci: false });
    expect(nopsci.ret('reboot')).toBe(err('ENOSYS'));
    expect(nopsci.clause('reboot')).toBe('SYS.REBOOT.NOPSCI');
    expect(flushes(nopsci)).toEqual([{ level: 'info', message: 'flush', detail: 8, pid: 1 }]);
    const failing = runProg((p) => p.sys('reboot', POWER_OFF), { data: { ...DATA, failFlush: true } });
    expect(failing.result.verdict).toEqual({ kind: 'reboot', command: 'poweroff' });
    expect(flushes(failing)).toEqual([{ level: 'error', message: 'flush failed', detail: 5, pid: 1 }]);
  });

  it('FS.RENAME.CROSSFS / FS.MUTATE.WRITABLE: rename across /tmp and /data fails EINVAL; within /data it works', () => {
    const r = runProg((p) => {
      p.sys('open', p.str('/tmp/t'), O_RDWR | O_CREAT, 0);
      p.sys('rename', p.str('/tmp/t'), p.str('/data/t'));
      p.sys('rename', p.str('/data/a'), p.str('/tmp/a'));
      p.sys('rename', p.str('/data/a'), p.str('/data/d/a'));
      p.sys('rmdir', p.str('/data'));
    }, { data: DATA });
    expect(r.rets('rename')).toEqual([err('EINVAL'), err('EINVAL'), 0n]);
    expect(r.clause('rename', 0)).toBe('FS.RENAME.CROSSFS');
    expect(r.ret('rmdir')).toBe(err('EBUSY'));
    expect(r.clause('rmdir')).toBe('FS.RMDIR.ROOT');
  });

  it('FS.DATA.MACHINE / FS.TMPFS.WHERE: without the option there is no /data', () => {
    const r = runProg((p) => p.sys('stat', p.str('/data'), p.space(32)), {});
    expect(r.ret('stat')).toBe(err('ENOENT'));
  });
});

describe('pipe buffers', () => {
  it('FD.PIPE.NOMEM / FD.PIPE.BUFFERS: pipe takes one buffer, socketpair two; closing every end returns them', () => {
    const r = runProg((p) => {
      const fds = p.space(8);
      p.sys('pipe', fds); // buffer 1: fds 3, 4
      p.sys('pipe', fds); // ENOMEM
      p.sys('socketpair', fds, 0); // ENOMEM (needs two)
      p.sys('close', 3);
      p.sys('pipe', fds); // the write end still holds it: ENOMEM
      p.sys('close', 4);
      p.sys('socketpair', fds, 0); // one buffer free: ENOMEM
      p.sys('pipe', fds); // 0
    }, { pipeBuffers: 1 });
    expect(r.rets('pipe')).toEqual([0n, err('ENOMEM'), err('ENOMEM'), 0n]);
    expect(r.rets('socketpair')).toEqual([err('ENOMEM'), err('ENOMEM')]);
    expect(r.clause('pipe', 1)).toBe('FD.PIPE.NOMEM');
    expect(r.clause('socketpair', 0)).toBe('FD.PIPE.NOMEM');
  });

  it('FD.PIPE.BUFFERS: a socket pair holds both its buffers until both ends are closed', () => {
    const r = runProg((p) => {
      const fds = p.space(8);
      p.sys('socketpair', fds, 0); // 3, 4: both buffers
      p.sys('pipe', fds); // ENOMEM
      p.sys('close', 3);
      p.sys('pipe', fds); // still ENOMEM: end 4 holds both queues
      p.sys('close', 4);
      p.sys('socketpair', fds, 0); // 0
    }, { pipeBuffers: 2 });
    expect(r.rets('socketpair')).toEqual([0n, 0n]);
    expect(r.rets('pipe')).toEqual([err('ENOMEM'), err('ENOMEM')]);
  });

  it('FD.PIPE.BUFFERS / FD.TABLE.FULL: EMFILE is checked before the buffer; a failed call takes none', () => {
    const r = runProg((p) => {
      const fds = p.space(8);
      p.sys('pipe', fds); // one free number: EMFILE, not ENOMEM
      p.sys('pipe', fds);
    }, { pipeBuffers: 0, maxHandles: 4 });
    expect(r.rets('pipe')).toEqual([err('EMFILE'), err('EMFILE')]);
    const r2 = runProg((p) => p.sys('pipe', p.space(8)), { pipeBuffers: 0 });
    expect(r2.rets('pipe')).toEqual([err('ENOMEM')]);
  });

  it('FD.PIPE.BUFFERS: without the option the pool has no limit', () => {
    const r = runProg((p) => {
      const fds = p.space(8);
      for (let i = 0; i < 100; i++) p.sys('pipe', fds);
    }, {});
    expect(r.rets('pipe').every((v) => v === 0n)).toBe(true);
  });
});
