import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accepts, grammarText } from './ebnf.js';
import {
  decodeProcCmdline, decodeProcHandles, decodeProcStatus, PROC_PID_DIR_GRAMMAR, PROC_ROOT_GRAMMAR, PROC_STATE_NAMES, procAccepts,
  procCmdline, procHandles, procRootNames, procStatus, procStatusHead, procStatusName, PROCFS_FILES,
} from './procfs.js';
import { HANDLE_KINDS } from './types.js';

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

describe('PROCFS.GRAMMAR: every /proc format is EBNF data with a checker', () => {
  it('publishes EBNF text for every file and listing', () => {
    for (const f of PROCFS_FILES) expect(grammarText(f.grammar), f.path).toMatch(/ = .* ;/);
    expect(grammarText(PROCFS_FILES.find((f) => f.path.endsWith('/status'))!.grammar)).toContain('pid-line');
  });

  it('PROCFS.CMDLINE: argv strings each followed by one NUL, empty for an empty argv', () => {
    expect(latin1(procCmdline(['echo', 'hello', '']))).toBe('echo\0hello\0\0');
    expect(procCmdline([]).length).toBe(0);
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')), { maxLength: 6 }), (argv) => {
      const bytes = procCmdline(argv);
      expect(procAccepts('cmdline', bytes)).toBe(true);
      expect(decodeProcCmdline(bytes)).toEqual(argv);
    }));
    expect(procAccepts('cmdline', 'no-nul')).toBe(false);
  });

  it('PROCFS.STATUS: fixed keys in fixed order, key=value, every line ends with a newline', () => {
    const s = { pid: 7, ppid: 1, state: 'running' as const, principal: 2, name: procStatusName(['/bin/sh']), cpu_ticks: 12, start_tick: 300n, res_bytes: 65536 };
    const text = latin1(procStatus(s));
    expect(text).toBe('pid=7\nppid=1\nstate=running\nprincipal=2\nname=sh\ncpu_ticks=12\nstart_tick=300\nres_bytes=65536\n');
    expect(latin1(procStatusHead(s))).toBe('pid=7\nppid=1\nstate=running\nprincipal=2\nname=sh\n');
    expect(decodeProcStatus(procStatus(s))).toMatchObject({ pid: '7', name: 'sh', res_bytes: '65536' });
    fc.assert(fc.property(
      fc.nat(), fc.nat(), fc.constantFrom(...PROC_STATE_NAMES), fc.nat(), fc.array(fc.string(), { maxLength: 3 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      (pid, ppid, state, principal, argv, ticks) => {
        const bytes = procStatus({ pid, ppid, state, principal, name: procStatusName(argv), cpu_ticks: ticks, start_tick: ticks, res_bytes: 0 });
        expect(procAccepts('status', bytes)).toBe(true);
      }));
    for (const bad of ['pid=07\n', text.replace('\n', '\r\n'), text.replace('state=running', 'state=sleeping'), text.replace('name=sh', 'name=a23456789012345x')]) {
      expect(procAccepts('status', bad.length < 10 ? text.replace('pid=7', bad.trim()) : bad)).toBe(false);
    }
  });

  it('PROCFS.STATUS.NAME: argv[0] after the last "/", "?" when empty, at most 15 bytes, no newline', () => {
    expect(latin1(procStatusName(['/bin/init', 'x']))).toBe('init');
    expect(latin1(procStatusName([]))).toBe('?');
    expect(latin1(procStatusName(['a23456789012345678']))).toBe('a23456789012345');
    expect(latin1(procStatusName(['two\nlines']))).toBe('two?lines');
    expect(latin1(procStatusName(['dir/']))).toBe('');
  });

  it('PROCFS.HANDLES: number, kind, two-digit rights, cloexec marker, by increasing number', () => {
    const bytes = procHandles([
      { fd: 3, kind: 'pipe', rights: 0xf1, cloexec: true },
      { fd: 0, kind: 'tty', rights: 0xf3, cloexec: false },
      { fd: 10, kind: 'file', rights: 0x01, cloexec: false },
    ]);
    expect(latin1(bytes)).toBe('0 tty 0xf3 -\n3 pipe 0xf1 cloexec\n10 file 0x01 -\n');
    expect(decodeProcHandles(bytes)).toEqual([
      { fd: 0, kind: 'tty', rights: 0xf3, cloexec: false }, { fd: 3, kind: 'pipe', rights: 0xf1, cloexec: true }, { fd: 10, kind: 'file', rights: 1, cloexec: false },
    ]);
    fc.assert(fc.property(fc.uniqueArray(fc.nat(4095)), fc.constantFrom(...HANDLE_KINDS), fc.nat(255), fc.boolean(), (fds, kind, rights, cloexec) => {
      expect(procAccepts('handles', procHandles(fds.map((fd) => ({ fd, kind, rights, cloexec }))))).toBe(true);
    }));
    for (const bad of ['0 tty 0xF3 -\n', '0 tty 0xf -\n', '0 widget 0xf3 -\n', '0 tty 0xf3\n', '0  tty 0xf3 -\n']) expect(procAccepts('handles', bad), bad).toBe(false);
  });

  it('PROCFS.DIRS: "self", then pid directories by increasing pid; each holds cmdline, status, handles', () => {
    expect(procRootNames([7, 1, 12])).toEqual(['self', '1', '7', '12']);
    expect(accepts(PROC_ROOT_GRAMMAR, 'self\n1\n7\n12\n')).toBe(true);
    expect(accepts(PROC_ROOT_GRAMMAR, '1\nself\n')).toBe(false);
    expect(accepts(PROC_ROOT_GRAMMAR, 'self\n0\n')).toBe(false);
    expect(accepts(PROC_PID_DIR_GRAMMAR, 'cmdline\nstatus\nhandles\n')).toBe(true);
  });
});
