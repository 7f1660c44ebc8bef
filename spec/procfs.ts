// /proc (PROCFS.*): the EBNF grammar of every file and listing, as data (PROCFS.GRAMMAR), and the
// model that renders a process's state into those bytes. The kernel renders with these
// functions; tests check that what it produced parses (`procAccepts`) and decode it back; cases
// compute exact expected bytes with them from what they know (argv, pids, handles they opened).

import {
  accepts, alt, anyByte, except, lit, many, ref, rule, seq, upTo, withCommon, type Grammar,
} from './ebnf.js';
import type { SyntheticFile } from './synthetic-files.js';
import { HANDLE_KINDS, type HandleKind } from './types.js';

/** Files of every /proc/<pid> directory, in listing order. */
export const PROC_PID_FILES = ['cmdline', 'status', 'handles'] as const;
export type ProcPidFile = (typeof PROC_PID_FILES)[number];

/** The name /proc gives the caller's own directory. */
export const PROC_SELF = 'self';

/** Keys of /proc/<pid>/status, in their fixed order (PROCFS.STATUS). */
export const PROC_STATUS_KEYS = ['pid', 'ppid', 'state', 'principal', 'name', 'cpu_ticks', 'start_tick', 'res_bytes'] as const;
export type ProcStatusKey = (typeof PROC_STATUS_KEYS)[number];

/** Process states as status spells them (PROC_STATES READY, RUNNING, BLOCKED, ZOMBIE). */
export const PROC_STATE_NAMES = ['ready', 'running', 'blocked', 'zombie'] as const;
export type ProcStateName = (typeof PROC_STATE_NAMES)[number];

/** Longest status name in bytes (the procstat name field less its NUL). */
export const PROC_NAME_MAX = 15;

// ---- grammars ------------------------------------------------------------------------------

const pidName = seq(ref('nonzero'), many(ref('digit')));

/** getdents names of /proc, each followed by NL: "self", then one directory per process, by increasing pid. */
export const PROC_ROOT_GRAMMAR: Grammar = withCommon(
  rule('listing', seq(lit(PROC_SELF), ref('NL'), many(seq(ref('pid'), ref('NL')))), 'd_name of each getdents record, then NL'),
  rule('pid', pidName, 'increasing; zombies included, threads never'),
);

/** getdents names of /proc/<pid> (and /proc/self), each followed by NL. */
export const PROC_PID_DIR_GRAMMAR: Grammar = withCommon(
  rule('listing', seq(...PROC_PID_FILES.flatMap((f) => [lit(f), ref('NL')])), 'd_name of each getdents record, then NL'),
);

export const PROC_CMDLINE_GRAMMAR: Grammar = withCommon(
  rule('cmdline', many(seq(ref('arg'), ref('NUL'))), 'one per argv string; empty for an empty argv'),
  rule('arg', many(except(anyByte, ref('NUL')))),
);

export const PROC_STATUS_GRAMMAR: Grammar = withCommon(
  rule('status', seq(...PROC_STATUS_KEYS.map((k) => ref(`${k.replace('_', '-')}-line`)))),
  ...PROC_STATUS_KEYS.map((k) =>
    rule(`${k.replace('_', '-')}-line`, seq(lit(`${k}=`), ref(k === 'state' ? 'state' : k === 'name' ? 'name' : 'dec'), ref('NL')))),
  rule('state', alt(...PROC_STATE_NAMES.map(lit))),
  rule('name', upTo(PROC_NAME_MAX, except(anyByte, alt(ref('NL'), ref('NUL')))), 'argv[0] after its last "/", "?" for an empty argv'),
);

export const PROC_HANDLES_GRAMMAR: Grammar = withCommon(
  rule('handles', many(ref('handle')), 'by increasing handle number'),
  rule('handle', seq(ref('dec'), lit(' '), ref('kind'), lit(' '), ref('rights'), lit(' '), alt(lit('cloexec'), lit('-')), ref('NL'))),
  rule('kind', alt(...HANDLE_KINDS.map(lit))),
  rule('rights', seq(lit('0x'), ref('hex'), ref('hex')), 'the RIGHTS bits the handle holds'),
);

/** Every /proc format, with an example sentence and the clause that fixes it. */
export const PROCFS_FILES: readonly SyntheticFile[] = [
  { path: '/proc', kind: 'directory', access: 'read', grammar: PROC_ROOT_GRAMMAR, example: 'self\n1\n7\n', clause: 'PROCFS.DIRS' },
  { path: '/proc/<pid>', kind: 'directory', access: 'read', grammar: PROC_PID_DIR_GRAMMAR, example: 'cmdline\nstatus\nhandles\n', clause: 'PROCFS.DIRS' },
  { path: '/proc/<pid>/cmdline', kind: 'file', access: 'read', grammar: PROC_CMDLINE_GRAMMAR, example: 'echo\0hello\0', clause: 'PROCFS.CMDLINE' },
  {
    path: '/proc/<pid>/status', kind: 'file', access: 'read', grammar: PROC_STATUS_GRAMMAR,
    example: 'pid=7\nppid=1\nstate=running\nprincipal=2\nname=sh\ncpu_ticks=12\nstart_tick=300\nres_bytes=65536\n', clause: 'PROCFS.STATUS',
  },
  { path: '/proc/<pid>/handles', kind: 'file', access: 'read', grammar: PROC_HANDLES_GRAMMAR, example: '0 tty 0xf3 -\n1 tty 0xf3 -\n3 pipe 0xf1 cloexec\n', clause: 'PROCFS.HANDLES' },
];

/** The grammar of one /proc/<pid> file. */
export function procFileGrammar(file: ProcPidFile): Grammar {
  return file === 'cmdline' ? PROC_CMDLINE_GRAMMAR : file === 'status' ? PROC_STATUS_GRAMMAR : PROC_HANDLES_GRAMMAR;
}

/** Whether `bytes` is a sentence of the /proc/<pid> file's grammar (PROCFS.GRAMMAR). */
export function procAccepts(file: ProcPidFile, bytes: Uint8Array | string): boolean {
  return accepts(procFileGrammar(file), bytes);
}

// ---- the model: state → bytes --------------------------------------------------------------

const enc = new TextEncoder();

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** PROCFS.CMDLINE: each argv string (as UTF-8) followed by one NUL. */
export function procCmdline(argv: readonly string[]): Uint8Array {
  return concat(argv.map((a) => concat([enc.encode(a), new Uint8Array(1)])));
}

/**
 * PROCFS.STATUS.NAME: argv[0] after its last "/" ("?" for an empty argv), as UTF-8 cut to
 * PROC_NAME_MAX bytes, each newline byte replaced by "?".
 */
export function procStatusName(argv: readonly string[]): Uint8Array {
  const a0 = argv[0];
  const name = a0 === undefined ? '?' : a0.slice(a0.lastIndexOf('/') + 1);
  return enc.encode(name).slice(0, PROC_NAME_MAX).map((b) => (b === 0x0a ? 0x3f : b));
}

export interface ProcStatus {
  readonly pid: number;
  readonly ppid: number;
  readonly state: ProcStateName;
  readonly principal: number;
  /** Already cut and cleaned (procStatusName). */
  readonly name: Uint8Array;
  readonly cpu_ticks: number | bigint;
  readonly start_tick: number | bigint;
  readonly res_bytes: number | bigint;
}

/** PROCFS.STATUS: "key=value\n" per key, in PROC_STATUS_KEYS order. */
export function procStatus(s: ProcStatus): Uint8Array {
  return concat(PROC_STATUS_KEYS.map((k) => {
    const v = s[k];
    return concat([enc.encode(`${k}=`), v instanceof Uint8Array ? v : enc.encode(String(v)), enc.encode('\n')]);
  }));
}

/** The first lines of a status file, up to and including the name line: what a caller can know exactly. */
export function procStatusHead(s: Pick<ProcStatus, 'pid' | 'ppid' | 'state' | 'principal' | 'name'>): Uint8Array {
  const full = procStatus({ ...s, cpu_ticks: 0, start_tick: 0, res_bytes: 0 });
  const tail = enc.encode('cpu_ticks=0\nstart_tick=0\nres_bytes=0\n');
  return full.slice(0, full.length - tail.length);
}

export interface ProcHandle {
  readonly fd: number;
  readonly kind: HandleKind;
  /** RIGHTS mask (8 bits). */
  readonly rights: number;
  readonly cloexec: boolean;
}

/** One handles line (PROCFS.HANDLES). */
export function procHandleLine(h: ProcHandle): string {
  return `${h.fd} ${h.kind} 0x${(h.rights & 0xff).toString(16).padStart(2, '0')} ${h.cloexec ? 'cloexec' : '-'}\n`;
}

/** PROCFS.HANDLES: one line per handle, by increasing number. */
export function procHandles(handles: readonly ProcHandle[]): Uint8Array {
  return enc.encode([...handles].sort((a, b) => a.fd - b.fd).map(procHandleLine).join(''));
}

/** getdents names of /proc for these live and zombie pids (PROCFS.DIRS). */
export function procRootNames(pids: readonly number[]): string[] {
  return [PROC_SELF, ...[...pids].sort((a, b) => a - b).map(String)];
}

// ---- decoding (for tests and tools) --------------------------------------------------------

/** A status file as key → value text, after checking it parses; null if it does not. */
export function decodeProcStatus(bytes: Uint8Array): Record<ProcStatusKey, string> | null {
  if (!procAccepts('status', bytes)) return null;
  const lines = new TextDecoder('latin1').decode(bytes).split('\n').slice(0, -1);
  const out: Partial<Record<ProcStatusKey, string>> = {};
  lines.forEach((l, i) => {
    out[PROC_STATUS_KEYS[i]!] = l.slice(l.indexOf('=') + 1);
  });
  return out as Record<ProcStatusKey, string>;
}

/** A handles file as records, after checking it parses; null if it does not. */
export function decodeProcHandles(bytes: Uint8Array): ProcHandle[] | null {
  if (!procAccepts('handles', bytes)) return null;
  const text = new TextDecoder('latin1').decode(bytes);
  return text.split('\n').slice(0, -1).map((l) => {
    const [fd, kind, rights, flag] = l.split(' ');
    return { fd: Number(fd), kind: kind as HandleKind, rights: parseInt(rights!.slice(2), 16), cloexec: flag === 'cloexec' };
  });
}

/** A cmdline file as argv strings (UTF-8), after checking it parses; null if it does not. */
export function decodeProcCmdline(bytes: Uint8Array): string[] | null {
  if (!procAccepts('cmdline', bytes)) return null;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(new TextDecoder().decode(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  return parts;
}

