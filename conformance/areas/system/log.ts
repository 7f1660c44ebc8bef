// The kernel log (SYS.LOG.*): record format and the events the reference kernel logs, the ring
// and its statistics, log_read's selection by cap and max_count, argument checks.

import { CAP_BITS, encodeLayout, layout } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { BOOT_LOG_LINE } from './caps.js';
import {
  ascii, blockOnRead, bootWith, DIGITS_CHAR, expectMatch, expectSameMem, expectWait, forkChild, hex, makePipe,
  SCRATCH, seeded, signalNumber, subReg, AREA, waitStatusExited, waitStatusSignaled, type Identity,
} from './lib.js';

const LOG_STATS = layout('log_stats');
const RING = 256;

interface Logger {
  readonly tag: string;
  readonly id: Identity;
}

/** Identities holding capLogExport (no seeded account does: SEC.LOGEXPORT). */
const LOGGERS: readonly Logger[] = (['root', 'user', 'guest'] as const).map((name) => {
  const id = seeded(name);
  return { tag: `${name}-with-caplogexport`, id: { ...id, caps: id.caps | CAP_BITS.capLogExport } };
});
const ROOT_LOGGER = LOGGERS[0]!;

function psinfoLine(principal: number): string {
  return `tick=${DIGITS_CHAR} level=I source=proc msg="psinfo" pid=1 principal=${principal}\n`;
}

function exitLine(pid: number, principal: number, code: number): string {
  const detail = code === 0 ? '' : ` detail=${code}`;
  return `tick=${DIGITS_CHAR} level=I source=proc msg="exit"${detail} pid=${pid} principal=${principal}\n`;
}

function killedLine(pid: number, principal: number, sig: number): string {
  return `tick=${DIGITS_CHAR} level=W source=signal msg="killed" detail=${sig} pid=${pid} principal=${principal}\n`;
}

const READ_CLAUSES = ['SYS.LOG.READ', 'SYS.LOG.FORMAT', 'SYS.LOG.EVENTS'];

/** log_read(buf, cap, max) into a fresh buffer; keeps the returned length in a variable. */
function logRead(p: CaseProgram, cap: number, max: number | bigint): { buf: number; len: ReturnType<CaseProgram['variable']> } {
  const buf = p.space(Math.max(cap, 16), 8);
  const len = p.variable();
  p.sys('log_read', buf, cap, max);
  p.save(len);
  return { buf, len };
}

function expectLines(p: CaseProgram, description: string, clauses: readonly string[], cap: number, max: number | bigint, lines: readonly string[]): void {
  const { buf, len } = logRead(p, cap, max);
  p.expectCmp('log_read returns a byte count', ['SYS.LOG.READ'], 'gt', 0, len);
  expectMatch(p, description, clauses, buf, len, lines.join(''));
}

function bootRecordCase(l: Logger): CaseDef {
  return derivedCase(AREA, {
    id: `log/boot-record/${l.tag}`,
    description: `as ${l.tag}, log_read right after boot exports exactly ${JSON.stringify(BOOT_LOG_LINE)}`,
    clauses: [...READ_CLAUSES, 'SYS.LOG.CAP'],
    boot: bootWith(l.id),
    build({ p }) {
      const buf = p.space(512, 8);
      p.sys('log_read', buf, 512, 0);
      p.expectEq(`log_read returns ${BOOT_LOG_LINE.length}, the boot record's length`, ['SYS.LOG.READ', 'SYS.LOG.EVENTS', 'SYS.LOG.CAP'], BOOT_LOG_LINE.length);
      p.expectMem('the record is the boot record: tick 0, level I, source kernel, no pid or principal', ['SYS.LOG.FORMAT', 'SYS.LOG.EVENTS'], buf, ascii(BOOT_LOG_LINE));
    },
  });
}

function statsBootCase(l: Logger): CaseDef {
  return derivedCase(AREA, {
    id: `log/stats-boot/${l.tag}`,
    description: `as ${l.tag}, log_stats after boot reports capacity 256, available 1, total_written 1, overwritten 0`,
    clauses: ['SYS.LOG.STATS', 'SYS.LOG.RING', 'SYS.LOG.EVENTS', 'SYS.LOG.CAP'],
    boot: bootWith(l.id),
    build({ p }) {
      const buf = p.bytes(new Uint8Array(48).fill(0xa5), 8);
      p.sys('log_stats', buf, 48);
      p.expectEq('log_stats returns 0', ['SYS.LOG.STATS', 'SYS.LOG.CAP'], 0);
      p.expectMem('{256, 1, 1, 0}', ['SYS.LOG.STATS', 'SYS.LOG.RING', 'SYS.LOG.EVENTS'], buf,
        encodeLayout(LOG_STATS, { capacity: 256n, available: 1n, total_written: 1n, overwritten: 0n }));
      p.expectMem('the 16 bytes after the 32-byte record are untouched', ['SYS.LOG.STATS'], buf + 32, new Uint8Array(16).fill(0xa5));
    },
  });
}

function psinfoRecordCase(l: Logger): CaseDef {
  return derivedCase(AREA, {
    id: `log/psinfo-record/${l.tag}`,
    description: `as ${l.tag}, a psinfo call appends "level=I source=proc msg="psinfo" pid=1 principal=${l.id.principal}"`,
    clauses: [...READ_CLAUSES],
    boot: bootWith(l.id),
    build({ p }) {
      p.sys('psinfo', 0, 0);
      expectLines(p, 'the newest record is the psinfo event of pid 1 with its principal', READ_CLAUSES, 512, 1, [psinfoLine(l.id.principal)]);
    },
  });
}

const EXIT_CODES: readonly number[] = [0, 1, 2, 42, 127, 128, 200, 255, 256, 257, 0x1234, -1];

function exitRecordCase(code: number, l: Logger = ROOT_LOGGER, loginAs?: number): CaseDef {
  const low = code & 0xff;
  const principal = loginAs ?? l.id.principal;
  const suffix = l === ROOT_LOGGER && loginAs === undefined ? '' : loginAs !== undefined ? `/child-login-${loginAs}` : `/${l.tag}`;
  return derivedCase(AREA, {
    id: `log/exit-record/${code < 0 ? `minus${-code}` : code}${suffix}`,
    description: `a child that exits with ${code} (code ${low}) is logged as level I source proc msg "exit"${low ? ` detail=${low}` : ' without detail'}, pid 2, principal ${principal}`,
    clauses: [...READ_CLAUSES, 'PROC.EXIT.CODE', 'PROC.WAIT.EXITCODE', ...(loginAs === undefined ? [] : ['SEC.LOGIN.REPLACE'])],
    boot: bootWith(l.id),
    build({ p }) {
      const pid = forkChild(p, () => {
        if (loginAs !== undefined) p.sys('login', loginAs, loginAs, 0x7f);
        p.exit(code);
      });
      expectWait(p, pid, 2, waitStatusExited(low), 'child', ['PROC.EXIT.CODE', 'PROC.WAIT.EXITCODE']);
      expectLines(p, `the newest record is the exit of pid 2${low ? ` with detail ${low}` : ' (detail 0 is not exported)'}, principal ${principal}`,
        [...READ_CLAUSES, ...(loginAs === undefined ? [] : ['SEC.LOGIN.REPLACE'])], 512, 1, [exitLine(2, principal, low)]);
    },
  });
}

const KILL_SIGNALS: readonly string[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGTERM'];

function killedRecordCase(sigName: string, l: Logger = ROOT_LOGGER): CaseDef {
  const sig = signalNumber(sigName);
  return derivedCase(AREA, {
    id: `log/killed-record/${sigName.toLowerCase()}${l === ROOT_LOGGER ? '' : `/${l.tag}`}`,
    description: `a child killed by ${sigName} (${sig}) is logged as level W source signal msg "killed" detail=${sig}, pid 2, principal ${l.id.principal}`,
    clauses: [...READ_CLAUSES, 'SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS.SEED', 'PROC.WAIT.EXITCODE'],
    boot: bootWith(l.id),
    build({ p }) {
      const { r } = makePipe(p);
      const pid = forkChild(p, () => blockOnRead(p, r));
      p.sys('nanosleep', 0, 1_000_000);
      p.sys('kill', pid, sig);
      p.expectEq(`kill(2, ${sigName}) returns 0`, ['SIG.DEFAULT.ACTION'], 0);
      expectWait(p, pid, 2, waitStatusSignaled(sig), 'child', ['SIG.DEFAULT.ACTION', 'PROC.WAIT.STATUS.SEED']);
      expectLines(p, `the newest record is the kill of pid 2 by signal ${sig}`, READ_CLAUSES, 512, 1, [killedLine(2, l.id.principal, sig)]);
    },
  });
}

function faultRecordCase(): CaseDef {
  const sig = signalNumber('SIGSEGV');
  return derivedCase(AREA, {
    id: 'log/killed-record/segv-fault',
    description: 'a child that loads from an unmapped address dies of SIGSEGV and is logged as "killed" with detail=11',
    clauses: [...READ_CLAUSES, 'MM.FAULT.SIGSEGV', 'SIG.FAULTS', 'PROC.WAIT.STATUS.SEED', 'PROC.WAIT.EXITCODE'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      const pid = forkChild(p, () => {
        p.a.movImm(9, 0x1000).inst('LDR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      });
      expectWait(p, pid, 2, waitStatusSignaled(sig), 'child', ['MM.FAULT.SIGSEGV', 'SIG.FAULTS', 'PROC.WAIT.STATUS.SEED']);
      expectLines(p, 'the newest record is the kill of pid 2 by signal 11', READ_CLAUSES, 512, 1, [killedLine(2, 1, sig)]);
    },
  });
}

function sequenceCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'log/sequence',
    description: 'boot, psinfo, a child\'s exit(3), psinfo: log_read with max_count 0 exports the four records oldest first',
    clauses: [...READ_CLAUSES, 'PROC.WAIT.EXITCODE'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      p.sys('psinfo', 0, 0);
      const pid = forkChild(p, () => p.exit(3));
      expectWait(p, pid, 2, waitStatusExited(3), 'child', ['PROC.WAIT.EXITCODE']);
      p.sys('psinfo', 0, 0);
      expectLines(p, 'the export is boot, psinfo, exit (detail 3, pid 2), psinfo', READ_CLAUSES, 4096, 0,
        [BOOT_LOG_LINE, psinfoLine(1), exitLine(2, 1, 3), psinfoLine(1)]);
    },
  });
}

const MAX_COUNTS: readonly bigint[] = [1n, 2n, 3n, 5n, 6n, 7n, 1000n, (1n << 64n) - 1n];

function maxCountCase(max: bigint): CaseDef {
  const held = 6;
  const n = Number(max > BigInt(held) ? BigInt(held) : max);
  const lines = [BOOT_LOG_LINE, ...Array.from({ length: held - 1 }, () => psinfoLine(1))].slice(held - n);
  return derivedCase(AREA, {
    id: `log/max-count/${max.toString()}`,
    description: `with 6 records held, log_read with max_count ${hex(max)} exports the newest ${n}, oldest first`,
    clauses: READ_CLAUSES,
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      for (let i = 0; i < held - 1; i++) p.sys('psinfo', 0, 0);
      expectLines(p, `the export is ${n === held ? 'boot and ' : ''}${n === held ? held - 1 : n} psinfo record(s)`, READ_CLAUSES, 4096, max, lines);
    },
  });
}

/** cap bounds the export to whole records; only the boot record is held. */
function capFitCases(): CaseDef[] {
  const L = BOOT_LOG_LINE.length;
  const out: CaseDef[] = [];
  for (const [cap, want] of [[1, 0], [L - 1, 0], [L, L], [L + 1, L], [4 * L, L]] as const) {
    out.push(derivedCase(AREA, {
      id: `log/cap-fit/${cap}`,
      description: `with only the ${L}-byte boot record held, log_read with cap ${cap} returns ${want}: only whole records are copied`,
      clauses: ['SYS.LOG.READ', 'SYS.LOG.EVENTS'],
      boot: bootWith(ROOT_LOGGER.id),
      build({ p }) {
        const buf = p.bytes(new Uint8Array(4 * L + 16).fill(0xa5), 8);
        p.sys('log_read', buf, cap, 0);
        p.expectEq(`log_read(cap ${cap}) returns ${want}`, ['SYS.LOG.READ'], want);
        if (want > 0) p.expectMem('the boot record was copied', ['SYS.LOG.READ', 'SYS.LOG.EVENTS'], buf, ascii(BOOT_LOG_LINE));
        p.expectMem('nothing else was written', ['SYS.LOG.READ'], buf + want, new Uint8Array(4 * L + 16 - want).fill(0xa5));
      },
    }));
  }
  out.push(derivedCase(AREA, {
    id: 'log/cap-fit/null-0',
    description: 'log_read(NULL, 0, 0) returns 0',
    clauses: ['SYS.LOG.READ', 'ABI.NULL.EMPTY'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      p.sys('log_read', 0, 0, 0);
      p.expectEq('log_read(NULL, 0, 0) returns 0', ['SYS.LOG.READ', 'ABI.NULL.EMPTY'], 0);
    },
  }));
  out.push(derivedCase(AREA, {
    id: 'log/cap-fit/newest-only',
    description: 'boot + psinfo held; a cap one byte short of both records exports only the newest (psinfo) record',
    clauses: READ_CLAUSES,
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      p.sys('psinfo', 0, 0);
      const { len: newest } = logRead(p, 512, 1);
      // cap = len(psinfo record) + len(boot record) - 1
      const buf = p.space(512, 8);
      p.a.addImm(SCRATCH.n, newest.n, L - 1);
      p.sys('log_read', buf, SCRATCH, 0);
      subReg(p, 0, 0, newest.n);
      p.expectEq('log_read returns the psinfo record\'s length: the boot record no longer fits', ['SYS.LOG.READ'], 0);
      expectMatch(p, 'the export is the psinfo record', READ_CLAUSES, buf, newest, psinfoLine(1));
    },
  }));
  return out;
}

function noConsumeCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'log/no-consume',
    description: 'reading the log twice exports the same bytes and leaves available unchanged',
    clauses: ['SYS.LOG.NOCONSUME', 'SYS.LOG.READ', 'SYS.LOG.STATS', 'SYS.LOG.RING'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      p.sys('psinfo', 0, 0);
      const a = logRead(p, 1024, 0);
      const b = logRead(p, 1024, 0);
      subReg(p, 3, a.len.n, b.len.n);
      p.expectEq('both reads return the same length', ['SYS.LOG.NOCONSUME'], 0, 3);
      expectSameMem(p, 'both reads export the same bytes', ['SYS.LOG.NOCONSUME', 'SYS.LOG.READ'], a.buf, b.buf, BOOT_LOG_LINE.length);
      const st = p.space(32, 8);
      p.sys('log_stats', st, 32);
      p.expectMem('log_stats still reports 2 records available, 2 written', ['SYS.LOG.NOCONSUME', 'SYS.LOG.STATS', 'SYS.LOG.RING'], st,
        encodeLayout(LOG_STATS, { capacity: 256n, available: 2n, total_written: 2n, overwritten: 0n }));
    },
  });
}

/** n psinfo calls in a loop. */
function psinfoLoop(p: CaseProgram, n: number): void {
  if (n === 0) return;
  const counter = p.variable();
  p.a.movImm(counter.n, n);
  const loop = p.a.here();
  p.sys('psinfo', 0, 0);
  p.a.subImm(counter.n, counter.n, 1);
  p.a.cbnz(counter.n, loop);
}

const RING_CALLS: readonly number[] = [0, 1, 254, 255, 256, 300, 600];

function ringCase(n: number): CaseDef {
  const total = n + 1;
  const available = Math.min(total, RING);
  return derivedCase(AREA, {
    id: `log/ring/${n}-psinfo`,
    description: `after ${n} psinfo calls the log holds ${available} of ${total} records, ${total - available} overwritten`,
    clauses: ['SYS.LOG.RING', 'SYS.LOG.STATS', 'SYS.LOG.EVENTS'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      psinfoLoop(p, n);
      const st = p.space(32, 8);
      p.sys('log_stats', st, 32);
      p.expectEq('log_stats returns 0', ['SYS.LOG.STATS'], 0);
      p.expectMem(`{capacity 256, available ${available}, total_written ${total}, overwritten ${total - available}}`, ['SYS.LOG.RING', 'SYS.LOG.STATS', 'SYS.LOG.EVENTS'], st,
        encodeLayout(LOG_STATS, { capacity: BigInt(RING), available: BigInt(available), total_written: BigInt(total), overwritten: BigInt(total - available) }));
    },
  });
}

function ringExportCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'log/ring/300-psinfo-export',
    description: 'after 300 psinfo calls the whole export is 256 psinfo records: the boot record was overwritten',
    clauses: ['SYS.LOG.RING', ...READ_CLAUSES],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      psinfoLoop(p, 300);
      expectLines(p, 'the export is 256 psinfo records', ['SYS.LOG.RING', ...READ_CLAUSES], 32768, 0, Array.from({ length: RING }, () => psinfoLine(1)));
    },
  });
}

function statsCapCase(cap: number): CaseDef {
  const ok = cap >= 32;
  return derivedCase(AREA, {
    id: `log/stats-cap/${cap}`,
    description: ok ? `log_stats with cap ${cap} writes the 32-byte record and nothing past it` : `log_stats with cap ${cap} (below 32) fails EINVAL and writes nothing`,
    clauses: ok ? ['SYS.LOG.STATS'] : ['SYS.LOG.STATS', 'ABI.LENGTH.BOUNDS'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      const span = Math.max(cap, 32) + 16;
      const buf = p.bytes(new Uint8Array(span).fill(0xa5), 8);
      p.sys('log_stats', buf, cap);
      if (!ok) {
        p.expectErrno(`log_stats(buf, ${cap}) fails EINVAL`, ['ABI.LENGTH.BOUNDS'], 'EINVAL');
        p.expectMem('the buffer is untouched', ['ABI.LENGTH.BOUNDS'], buf, new Uint8Array(span).fill(0xa5));
        return;
      }
      p.expectEq(`log_stats(buf, ${cap}) returns 0`, ['SYS.LOG.STATS'], 0);
      p.expectMem('the first 32 bytes are the record', ['SYS.LOG.STATS'], buf,
        encodeLayout(LOG_STATS, { capacity: 256n, available: 1n, total_written: 1n, overwritten: 0n }));
      p.expectMem('nothing is written past byte 32', ['SYS.LOG.STATS'], buf + 32, new Uint8Array(span - 32).fill(0xa5));
    },
  });
}

function faultCases(): CaseDef[] {
  const cases: readonly { tag: string; row: 'log_read' | 'log_stats'; args: readonly (number | bigint)[]; text: string }[] = [
    { tag: 'log-read-unmapped', row: 'log_read', args: [0x1000, 64, 0], text: 'log_read into an unmapped page' },
    { tag: 'log-read-code', row: 'log_read', args: [CODE_BASE, 64, 0], text: 'log_read into the read-only code' },
    { tag: 'log-read-null', row: 'log_read', args: [0, 64, 0], text: 'log_read into NULL with cap 64' },
    { tag: 'log-stats-null', row: 'log_stats', args: [0, 32], text: 'log_stats into NULL' },
    { tag: 'log-stats-code', row: 'log_stats', args: [CODE_BASE, 32], text: 'log_stats into the read-only code' },
  ];
  return cases.map((c) => derivedCase(AREA, {
    id: `log/fault/${c.tag}`,
    description: `${c.text} fails EFAULT`,
    clauses: ['ABI.FAULT', 'SYS.LOG.CAP'],
    boot: bootWith(ROOT_LOGGER.id),
    build({ p }) {
      p.sys(c.row, ...c.args);
      p.expectErrno(`${c.row} fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
    },
  }));
}

/** Without capLogExport the gate comes before argument checks. */
function gateFirstCases(): CaseDef[] {
  const cases: readonly { tag: string; row: 'log_read' | 'log_stats'; args: readonly (number | bigint)[]; text: string }[] = [
    { tag: 'log-stats-small-cap', row: 'log_stats', args: [0x8040_0000, 1], text: 'log_stats with cap 1' },
    { tag: 'log-stats-null', row: 'log_stats', args: [0, 32], text: 'log_stats into NULL' },
    { tag: 'log-read-unmapped', row: 'log_read', args: [0x1000, 64, 0], text: 'log_read into an unmapped page' },
  ];
  return cases.map((c) => derivedCase(AREA, {
    id: `log/gate-first/${c.tag}`,
    description: `as root (no capLogExport), ${c.text} fails EACCES: the capability gate comes before the argument checks`,
    clauses: ['SYS.LOG.CAP', 'SEC.LOGEXPORT', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'],
    build({ p }) {
      p.sys(c.row, ...c.args);
      p.expectErrno(`${c.row} fails EACCES`, ['SYS.LOG.CAP', 'SEC.LOGEXPORT', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'], 'EACCES');
    },
  }));
}

export function logCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const l of LOGGERS) out.push(bootRecordCase(l), statsBootCase(l), psinfoRecordCase(l));
  for (const c of EXIT_CODES) out.push(exitRecordCase(c));
  out.push(exitRecordCase(5, LOGGERS[1]!), exitRecordCase(9, LOGGERS[2]!), exitRecordCase(3, ROOT_LOGGER, 9));
  for (const s of KILL_SIGNALS) out.push(killedRecordCase(s));
  out.push(killedRecordCase('SIGTERM', LOGGERS[1]!), killedRecordCase('SIGKILL', LOGGERS[2]!));
  out.push(faultRecordCase());
  out.push(sequenceCase());
  for (const m of MAX_COUNTS) out.push(maxCountCase(m));
  out.push(...capFitCases());
  out.push(noConsumeCase());
  for (const n of RING_CALLS) out.push(ringCase(n));
  out.push(ringExportCase());
  for (const c of [0, 1, 16, 31, 32, 33, 100]) out.push(statsCapCase(c));
  out.push(...faultCases());
  out.push(...gateFirstCases());
  return out;
}
