// reboot without a PSCI conduit (boot option psci false: SYS.REBOOT.NOPSCI, SYS.REBOOT.CONDUIT),
// and the flushes of /data made visible in the kernel log (boot option data: FS.DATA.FLUSHLOG)
// by fsync, sync and reboot (FS.FSYNC.DATA, FS.FSYNC.IO, FS.SYNC.ALL, SYS.REBOOT.SYNC,
// SYS.REBOOT.FLUSHFIRST). Log lines are matched exactly, the tick as "one or more digits".

import { CAP_BITS, constValue } from '../../../spec/index.js';
import type { BootSpec, CaseDef, CaseFile } from '../../model.js';
import type { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { BOOT_LOG_LINE } from './caps.js';
import {
  ascii, bootWith, DIGITS_CHAR, expectMatch, hex, O_CREAT, O_RDONLY, O_RDWR, planNow, REBOOT, SCRATCH, seeded, AREA,
  type Identity,
} from './lib.js';

const POWER_RESET = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_RESET');
const POWER_OFF = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_OFF');
const CMDS: readonly { readonly name: string; readonly value: number }[] = [{ name: 'reset', value: POWER_RESET }, { name: 'poweroff', value: POWER_OFF }];
const EIO = 5;

// ---- reboot without PSCI ---------------------------------------------------------------------

const NOPSCI: BootSpec = { psci: false };

function nopsciCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const cmd of CMDS) {
    out.push(derivedCase(AREA, {
      id: `reboot/nopsci/${cmd.name}/root`,
      description: `on a machine without a PSCI conduit, reboot(${cmd.name}) as root fails ENOSYS and the program carries on`,
      clauses: ['SYS.REBOOT.NOPSCI', 'SYS.REBOOT.CONDUIT', 'SYS.REBOOT.CAP', 'PROC.GETPID'],
      boot: NOPSCI,
      build({ p }) {
        p.sys('reboot', cmd.value).expectErrno(`reboot(${cmd.name}) fails ENOSYS (-38)`, ['SYS.REBOOT.NOPSCI', 'SYS.REBOOT.CONDUIT'], 'ENOSYS');
        p.sys('reboot', cmd.value).expectErrno('a second reboot fails the same way', ['SYS.REBOOT.NOPSCI'], 'ENOSYS');
        p.sys('getpid').expectEq('the program is still running: getpid returns 1', ['PROC.GETPID'], 1);
      },
    }));
  }
  out.push(derivedCase(AREA, {
    id: 'reboot/nopsci/user',
    description: 'without a PSCI conduit, reboot as user (no capConsole) still fails EPERM: the capability gate comes first',
    clauses: ['SYS.REBOOT.CAP', 'SYS.REBOOT.CONDUIT', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'],
    boot: bootWith(seeded('user'), NOPSCI),
    build({ p }) {
      p.sys('reboot', POWER_OFF).expectErrno('reboot(poweroff) fails EPERM', ['SYS.REBOOT.CAP', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'], 'EPERM');
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'reboot/nopsci/invalid-cmd',
    description: 'without a PSCI conduit, reboot(2) as root fails EINVAL: the command is checked before the conduit',
    clauses: ['ABI.ENUM.UNKNOWN', 'ABI.CHECK.ORDER', 'SYS.REBOOT.CONDUIT'],
    boot: NOPSCI,
    build({ p }) {
      p.sys('reboot', 2).expectErrno('reboot(2) fails EINVAL', ['ABI.ENUM.UNKNOWN', 'ABI.CHECK.ORDER'], 'EINVAL');
    },
  }));
  return out;
}

// ---- /data flushes in the log ----------------------------------------------------------------

const A = { path: '/data/a', text: 'abc' } as const;
const B = { path: '/data/d/b', text: '12345' } as const;
const DATA_FILES = (): readonly CaseFile[] => [A, B].map((f) => ({ path: f.path, data: ascii(f.text) }));
const IMAGE_BYTES = A.text.length + B.text.length;

/** A log reader: the identity with capLogExport added (SYS.LOG.CAP). */
function reader(name: 'root' | 'user'): Identity {
  const id = seeded(name);
  return { ...id, caps: id.caps | CAP_BITS.capLogExport };
}

function flushLine(id: Identity, bytes: number): string {
  const detail = bytes === 0 ? '' : ` detail=${bytes}`;
  return `tick=${DIGITS_CHAR} level=I source=datafs msg="flush"${detail} pid=1 principal=${id.principal}\n`;
}

function failedLine(id: Identity): string {
  return `tick=${DIGITS_CHAR} level=E source=datafs msg="flush failed" detail=${EIO} pid=1 principal=${id.principal}\n`;
}

/** log_read of everything; asserts it is exactly the boot record and `lines`. */
function expectLog(p: CaseProgram, description: string, clauses: readonly string[], lines: readonly string[]): void {
  const cap = 2048;
  const buf = p.space(cap, 8);
  p.sys('log_read', buf, cap, 0).save(SCRATCH);
  p.expectCmp('log_read returns a byte count', ['SYS.LOG.READ'], 'gt', 0, SCRATCH);
  expectMatch(p, description, ['SYS.LOG.EVENTS', 'SYS.LOG.FORMAT', 'FS.DATA.FLUSHLOG', ...clauses], buf, SCRATCH, [BOOT_LOG_LINE, ...lines].join(''));
}

/** open(path, flags) into SCRATCH, asserting a handle came back. */
function open(p: CaseProgram, path: string, flags: number): void {
  p.sys('open', p.str(path), flags, 0o644).save(SCRATCH);
  p.expectCmp(`open(${path}) returns a handle`, flags === O_RDONLY ? ['FS.OPEN.CAP.READ'] : ['FS.OPEN.CAP.READ', 'FS.OPEN.CAP.WRITE'], 'ge', 0, SCRATCH);
}

interface FlushCase {
  readonly id: string;
  readonly description: string;
  readonly clauses: readonly string[];
  readonly who?: 'root' | 'user';
  readonly data?: false | { readonly failFlush?: boolean };
  readonly psci?: false;
  readonly body: (p: CaseProgram, id: Identity) => void;
  readonly reboots?: boolean;
}

function flushCase(c: FlushCase): CaseDef {
  const id = reader(c.who ?? 'root');
  const boot: BootSpec = {
    ...(c.data === false ? {} : { data: c.data ?? {} }),
    ...(c.psci === false ? { psci: false } : {}),
  };
  return derivedCase(AREA, {
    id: `data-flush/${c.id}`,
    description: c.description,
    clauses: c.clauses,
    boot: bootWith(id, boot),
    ...(c.reboots ? { verdict: REBOOT } : {}),
    build({ p, file }) {
      if (c.data !== false) file(...DATA_FILES());
      c.body(p, id);
    },
  });
}

function flushCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const who of ['root', 'user'] as const) {
    out.push(flushCase({
      id: `fsync/written/${who}`,
      description: `as ${who} with capLogExport: after writing 5 bytes over /data/a, fsync returns 0 and the log gains one flush record of 5 bytes with the caller's pid and principal`,
      clauses: ['FS.FSYNC.DATA', 'FS.DATA.MACHINE'],
      who,
      body(p, id) {
        open(p, A.path, O_RDWR);
        p.sys('write', SCRATCH, p.str('vwxyz'), 5).expectEq('write returns 5', ['FD.WRITE.OFFSET'], 5);
        p.sys('fsync', SCRATCH).expectEq('fsync returns 0', ['FS.FSYNC.DATA'], 0);
        expectLog(p, 'the log is the boot record then one flush of 5 bytes', ['FS.FSYNC.DATA'], [flushLine(id, 5)]);
      },
    }));
  }
  out.push(flushCase({
    id: 'fsync/new-empty-file',
    description: 'fsync of a file just created in /data returns 0 and logs a flush with no detail (0 bytes)',
    clauses: ['FS.FSYNC.DATA', 'FS.OPEN.CREAT'],
    body(p, id) {
      open(p, '/data/new', O_RDWR | O_CREAT);
      p.sys('fsync', SCRATCH).expectEq('fsync returns 0', ['FS.FSYNC.DATA'], 0);
      expectLog(p, 'the log is the boot record then one flush without detail', ['FS.FSYNC.DATA'], [flushLine(id, 0)]);
    },
  }));
  out.push(flushCase({
    id: 'fsync/repeated',
    description: 'every fsync of a /data file is a flush: three fsyncs of /data/d/b give three records of its size, oldest first',
    clauses: ['FS.FSYNC.DATA', 'SYS.LOG.READ'],
    body(p, id) {
      open(p, B.path, O_RDONLY);
      for (let i = 1; i <= 3; i++) p.sys('fsync', SCRATCH).expectEq(`fsync ${i} returns 0`, ['FS.FSYNC.DATA'], 0);
      expectLog(p, 'three flush records of 5 bytes', ['FS.FSYNC.DATA'], [1, 2, 3].map(() => flushLine(id, B.text.length)));
    },
  }));
  out.push(flushCase({
    id: 'fsync/failing-disk',
    description: 'with data.failFlush, fsync of /data/a fails EIO and the log gains one "flush failed" record with detail 5',
    clauses: ['FS.FSYNC.IO'],
    data: { failFlush: true },
    body(p, id) {
      open(p, A.path, O_RDONLY);
      p.sys('fsync', SCRATCH).expectErrno('fsync fails EIO', ['FS.FSYNC.IO'], 'EIO');
      expectLog(p, 'the log is the boot record then one failed flush', ['FS.FSYNC.IO'], [failedLine(id)]);
    },
  }));
  out.push(flushCase({
    id: 'fsync/tmpfs',
    description: 'on a machine with /data, fsync of a tmpfs file returns 0 and logs nothing: only /data is flushed',
    clauses: ['FS.FSYNC.OTHER'],
    body(p) {
      open(p, '/tmp/t', O_RDWR | O_CREAT);
      p.sys('fsync', SCRATCH).expectEq('fsync returns 0', ['FS.FSYNC.OTHER'], 0);
      expectLog(p, 'the log holds only the boot record', ['FS.FSYNC.OTHER'], []);
    },
  }));
  out.push(flushCase({
    id: 'no-data',
    description: 'on a machine without /data, sync and fsync of a tmpfs file return 0 and log nothing',
    clauses: ['FS.SYNC.ALL', 'FS.FSYNC.OTHER', 'FS.DATA.MACHINE'],
    data: false,
    body(p) {
      open(p, '/tmp/t', O_RDWR | O_CREAT);
      p.sys('fsync', SCRATCH).expectEq('fsync returns 0', ['FS.FSYNC.OTHER'], 0);
      p.sys('sync').expectEq('sync returns 0', ['FS.SYNC.ALL'], 0);
      expectLog(p, 'the log holds only the boot record', ['FS.DATA.MACHINE'], []);
    },
  }));
  out.push(flushCase({
    id: 'sync',
    description: `sync flushes all of /data: after a 4-byte file is added, one flush record of ${IMAGE_BYTES + 4} bytes (every file under /data)`,
    clauses: ['FS.SYNC.ALL', 'FS.FSYNC.DATA'],
    body(p, id) {
      open(p, '/data/d/c', O_RDWR | O_CREAT);
      p.sys('write', SCRATCH, p.str('1234'), 4).expectEq('write returns 4', ['FD.WRITE.OFFSET'], 4);
      p.sys('sync').expectEq('sync returns 0', ['FS.SYNC.ALL'], 0);
      expectLog(p, `one flush of ${IMAGE_BYTES + 4} bytes`, ['FS.SYNC.ALL'], [flushLine(id, IMAGE_BYTES + 4)]);
    },
  }));
  out.push(flushCase({
    id: 'sync/failing-disk',
    description: 'with data.failFlush, sync still returns 0; the log gains one "flush failed" record',
    clauses: ['FS.SYNC.ALL', 'FS.FSYNC.IO'],
    data: { failFlush: true },
    body(p, id) {
      p.sys('sync').expectEq('sync returns 0', ['FS.SYNC.ALL'], 0);
      expectLog(p, 'the log is the boot record then one failed flush', ['FS.FSYNC.IO'], [failedLine(id)]);
    },
  }));
  for (const failFlush of [false, true]) {
    out.push(flushCase({
      id: `reboot-nopsci/${failFlush ? 'failing-disk' : 'healthy-disk'}`,
      description: `without a PSCI conduit, reboot(poweroff) fails ENOSYS after flushing /data: the log gains ${failFlush ? 'a "flush failed" record' : `a flush of ${IMAGE_BYTES} bytes`}`,
      clauses: ['SYS.REBOOT.SYNC', 'SYS.REBOOT.FLUSHFIRST', 'SYS.REBOOT.NOPSCI', 'SYS.REBOOT.CONDUIT', ...(failFlush ? ['FS.FSYNC.IO'] : [])],
      data: { failFlush },
      psci: false,
      body(p, id) {
        p.sys('reboot', POWER_OFF).expectErrno('reboot(poweroff) fails ENOSYS', ['SYS.REBOOT.NOPSCI', 'SYS.REBOOT.CONDUIT'], 'ENOSYS');
        expectLog(p, 'the log is the boot record then the flush reboot made', ['SYS.REBOOT.SYNC', 'SYS.REBOOT.FLUSHFIRST'],
          [failFlush ? failedLine(id) : flushLine(id, IMAGE_BYTES)]);
      },
    }));
  }
  for (const failFlush of [false, true]) {
    for (const cmd of CMDS) {
      out.push(flushCase({
        id: `reboot/${cmd.name}/${failFlush ? 'failing-disk' : 'healthy-disk'}`,
        description: `on a machine with /data${failFlush ? ' whose disk fails every flush' : ''}, reboot(${cmd.name}) after a write to /data flushes it and ends the run with the reboot outcome${failFlush ? ': a failed flush does not stop it' : ''}`,
        clauses: ['SYS.REBOOT.SYNC', 'SYS.REBOOT.OUTCOME', 'SYS.REBOOT.CONDUIT', ...(failFlush ? ['SYS.REBOOT.FLUSHFIRST'] : []), 'FS.DATA.MACHINE'],
        data: { failFlush },
        reboots: true,
        body(p) {
          open(p, A.path, O_RDWR);
          p.sys('write', SCRATCH, p.str('x'), 1).expectEq('write returns 1', ['FD.WRITE.OFFSET'], 1);
          planNow(p);
          p.sys('reboot', cmd.value);
          p.print(`reboot(${hex(cmd.value)}) returned\n`);
        },
      }));
    }
  }
  return out;
}

export function powerCases(): CaseDef[] {
  return [...nopsciCases(), ...flushCases()];
}
