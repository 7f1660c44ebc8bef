// Images and guest snippets shared by the execve and spawn tests: child programs that check
// their entry state, and the table of images every exec path must refuse.
import { writeElf } from '../../../cpu/elf/index.js';
import { encodeLayout, layout, type ErrnoName } from '../../../spec/index.js';
import type { Overlay } from '../vfs/index.js';
import { CODE, DATA, Prog } from '../testkit.js';
import { Checks, PAGE, type Setup } from './exec.testkit.js';

const enc = new TextEncoder();

/** A NULL-terminated vector of the strings `items`, in the program's data; returns its address. */
export function vector(p: Prog, items: readonly string[]): number {
  return p.words([...items.map((s) => p.str(s)), 0]);
}

/** spawn_handle records (layout spawn_handle) in the program's data; returns their address. */
export function handleSpecs(p: Prog, records: readonly { source_fd: number; target_fd: number; rights: number; flags?: number }[]): number {
  const size = layout('spawn_handle').size;
  const bytes = new Uint8Array(Math.max(1, records.length * size));
  records.forEach((r, i) => bytes.set(encodeLayout(layout('spawn_handle'), { flags: 0, ...r }), i * size));
  return p.bytes(bytes, 8);
}

/** The NUL-terminated string at [x`ptr`] is `expected` (UTF-8) (uses x10, x11, x22). */
export function checkString(p: Prog, c: Checks, ptr: number, expected: string): void {
  checkBytes(p, c, ptr, enc.encode(expected));
}

/** The NUL-terminated string at [x`ptr`] holds exactly `expected` (uses x10, x11, x22). */
export function checkBytes(p: Prog, c: Checks, ptr: number, expected: Uint8Array): void {
  const a = p.a;
  a.movImm(22, 0);
  [...expected, 0].forEach((b, i) => {
    a.inst('LDRB_uoff', { Rt: 11, Rn: ptr, imm12: i }).movImm(10, b);
    a.inst('EOR_sreg', { sf: 1, shift: 0, Rm: 10, imm6: 0, Rn: 11, Rd: 11 });
    a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 11, imm6: 0, Rn: 22, Rd: 22 });
  });
  c.eq(22, 0);
}

/**
 * Entry-state checks of a new image (PROC.ENTRY.REGS, PROC.ENTRY.STACK, PROC.ENTRY.AUXV): x0 =
 * argc, x1 = SP + 8, x2 = SP + 8 * (argc + 2), argv and envp as given, NULL after each, two zero
 * auxv words, SP 16-aligned, every other general register zero. Must be the first code of the image.
 */
export function checkEntry(p: Prog, c: Checks, argv: readonly string[], envp: readonly string[]): void {
  const a = p.a;
  // Other registers first, before the checks use any: x3..x27 (x28 is the check register).
  a.movImm(26, 0);
  for (let r = 3; r <= 25; r++) a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: r, imm6: 0, Rn: 26, Rd: 26 });
  a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 27, imm6: 0, Rn: 26, Rd: 26 });
  a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 30, imm6: 0, Rn: 26, Rd: 26 });
  c.eq(26, 0);
  p.mov(19, 1).mov(20, 2);
  a.movSp(21, 31);
  c.eq(0, argv.length);
  c.word(21, 0, argv.length);
  a.addImm(23, 21, 8);
  c.cmpReg(19, 23).when('eq');
  a.addImm(23, 21, 8 * (argv.length + 2));
  c.cmpReg(20, 23).when('eq');
  a.inst('ANDS_imm', { sf: 1, N: 1, immr: 0, imms: 3, Rn: 21, Rd: 31 });
  c.when('eq');
  argv.forEach((s, i) => {
    a.inst('LDR_X_uoff', { Rt: 24, Rn: 19, imm12: i });
    checkString(p, c, 24, s);
  });
  c.word(19, 8 * argv.length, 0);
  envp.forEach((s, i) => {
    a.inst('LDR_X_uoff', { Rt: 24, Rn: 20, imm12: i });
    checkString(p, c, 24, s);
  });
  c.word(20, 8 * envp.length, 0);
  c.word(20, 8 * envp.length + 8, 0);
  c.word(20, 8 * envp.length + 16, 0);
}

/** A child that exits with `code` after writing `say` to fd 1 (when given). */
export function exitsWith(code: number, say?: string): Uint8Array {
  const p = new Prog();
  if (say !== undefined) {
    const msg = p.str(say);
    p.sys('write', 1, msg, enc.encode(say).length);
  }
  p.exit(code);
  return p.elf();
}

/** An image that is a valid ELF but cannot run: `patch` edits the bytes of a plain program. */
function patched(patch: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const bytes = exitsWith(0);
  patch(bytes, new DataView(bytes.buffer));
  return bytes;
}

/** One way an exec path must fail, with the errno and clause the spec names. */
export interface ExecFailure {
  readonly name: string;
  readonly path: string;
  readonly errno: ErrnoName;
  readonly clause: string;
  readonly overlay?: Overlay;
  readonly memoryBytes?: number;
  readonly setup?: (s: Setup) => void;
}

const code = (): Uint8Array => new Prog().exit(0).a.bytesOut();

/** Every documented refusal of execve, spawn and spawn_handles (PROC.EXEC.ORDER lists the checks). */
export const EXEC_FAILURES: readonly ExecFailure[] = [
  { name: 'missing file', path: '/bin/nope', errno: 'ENOENT', clause: 'PROC.EXEC.NOENT' },
  { name: 'missing directory', path: '/nodir/child', errno: 'ENOENT', clause: 'PROC.EXEC.NOENT' },
  { name: 'empty path', path: '', errno: 'ENOENT', clause: 'ABI.STRING.EMPTY' },
  { name: 'a file as a directory', path: '/etc/motd/x', errno: 'ENOTDIR', clause: 'FS.PATH.NOTDIR' },
  { name: 'a directory', path: '/bin', errno: 'EACCES', clause: 'PROC.EXEC.NOTEXEC' },
  { name: 'a file without execute bits', path: '/etc/motd', errno: 'EACCES', clause: 'PROC.EXEC.NOTEXEC' },
  { name: 'a device', path: '/dev/null', errno: 'EACCES', clause: 'PROC.EXEC.NOTEXEC' },
  {
    name: 'an ELF without execute bits', path: '/etc/prog', errno: 'EACCES', clause: 'PROC.EXEC.NOTEXEC',
    overlay: new Map([['/etc/prog', exitsWith(0)]]),
  },
  {
    name: 'outside the confinement', path: '/bin/child', errno: 'EACCES', clause: 'FS.CONFINE.DENY',
    overlay: new Map([['/bin/child', exitsWith(0)]]),
    setup: (s) => {
      s.init.root = '/tmp';
      s.init.cwd = '/tmp';
    },
  },
  {
    name: 'not an ELF file', path: '/bin/text', errno: 'ENOEXEC', clause: 'PROC.EXEC.NOEXEC',
    overlay: new Map([['/bin/text', enc.encode('#!/bin/sh\necho hi\n')]]),
  },
  {
    name: 'an x86-64 ELF', path: '/bin/x86', errno: 'ENOEXEC', clause: 'PROC.EXEC.NOEXEC',
    overlay: new Map([['/bin/x86', patched((_, v) => v.setUint16(18, 62, true))]]),
  },
  {
    name: 'a dynamic ELF (PT_INTERP)', path: '/bin/dyn', errno: 'ENOEXEC', clause: 'PROC.EXEC.NOEXEC',
    // The last program header (PT_GNU_STACK) becomes PT_INTERP.
    overlay: new Map([['/bin/dyn', patched((_b, v) => v.setUint32(64 + (v.getUint16(56, true) - 1) * 56, 3, true))]]),
  },
  {
    name: 'a writable and executable segment', path: '/bin/wx', errno: 'ENOEXEC', clause: 'MM.WX.ELF',
    overlay: new Map([['/bin/wx', writeElf({ entry: CODE, segments: [{ vaddr: CODE, data: code(), writable: true, executable: true }] })]]),
  },
  {
    name: 'a writable segment sharing a page with code', path: '/bin/wxpage', errno: 'ENOEXEC', clause: 'MM.WX.ELF',
    overlay: new Map([['/bin/wxpage', writeElf({
      entry: CODE,
      segments: [{ vaddr: CODE, data: code(), executable: true }, { vaddr: CODE + 0x800, data: new Uint8Array(16), writable: true }],
    })]]),
  },
  {
    name: 'a writable segment sharing the last page of longer code', path: '/bin/wxlast', errno: 'ENOEXEC', clause: 'MM.WX.ELF',
    overlay: new Map([['/bin/wxlast', writeElf({
      entry: CODE,
      segments: [
        { vaddr: CODE, data: code(), memsz: 0x1800, executable: true },
        { vaddr: CODE + 0x1a00, data: new Uint8Array(8) },
        { vaddr: CODE + 0x1c00, data: new Uint8Array(8), writable: true },
      ],
    })]]),
  },
  {
    name: 'a segment reaching into the stack', path: '/bin/vast', errno: 'ENOEXEC', clause: 'PROC.EXEC.RANGE',
    overlay: new Map([['/bin/vast', writeElf({
      entry: CODE,
      segments: [{ vaddr: CODE, data: code(), executable: true }, { vaddr: DATA, data: new Uint8Array(8), memsz: 2 ** 39, writable: true }],
    })]]),
  },
  {
    name: 'an image below USER_VA_MIN', path: '/bin/low', errno: 'ENOEXEC', clause: 'PROC.EXEC.RANGE',
    overlay: new Map([['/bin/low', writeElf({ entry: 0x40_0000, segments: [{ vaddr: 0x40_0000, data: code(), executable: true }] })]]),
  },
  {
    name: 'an image too large for memory', path: '/bin/huge', errno: 'ENOMEM', clause: 'PROC.EXEC.NOMEM',
    memoryBytes: 256 * PAGE,
    overlay: new Map([['/bin/huge', writeElf({
      entry: CODE,
      segments: [{ vaddr: CODE, data: code(), executable: true }, { vaddr: DATA, data: new Uint8Array(8), memsz: 300 * PAGE, writable: true }],
    })]]),
  },
];
