import { describe, expect, it } from 'vitest';
import { readElf, writeElf } from '../../cpu/elf/index.js';
import { AddressSpace } from '../../cpu/memory/address-space.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { enc } from '../../cpu/testing/run-words.js';
import { AT_ENTRY, AT_PAGESZ, AT_PHDR, AT_PHNUM, AT_RANDOM, DYN_BASE, loadLinuxElf } from './loader.js';
import { execLinuxElf, type LinuxOutcome } from './personality.js';

const CODE = 0x400000;
const DATA = 0x410000;

const movz = (rd: number, imm16: number, hw = 0): number => enc('MOVZ', { sf: 1, hw, imm16, Rd: rd });
const svc = (): number => enc('SVC', { imm16: 0 });
/** x0..x2 = fd, DATA + off, len; x8 = nr; svc */
const sys = (nr: number, x0: number, x1: number[] = [], x2?: number): number[] => [
  movz(0, x0 & 0xffff),
  ...x1,
  ...(x2 === undefined ? [] : [movz(2, x2)]),
  movz(8, nr),
  svc(),
];
const dataPtr = [movz(1, DATA >>> 16, 1)];
/** exit(x0) keeping the value a previous call left in x0 */
const exitWithX0 = [movz(8, 93), svc()];

function program(code: number[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return writeElf({
    entry: CODE,
    segments: [
      { vaddr: CODE, data: new Uint8Array(Uint32Array.from(code).buffer), executable: true },
      { vaddr: DATA, data, memsz: Math.max(data.length, 16), writable: true },
    ],
  });
}

function run(elf: Uint8Array, argv?: string[]): { outcome: LinuxOutcome; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const dec = new TextDecoder();
  const outcome = execLinuxElf(elf, 'test.elf', {
    argv,
    io: { stdout: (b) => (stdout += dec.decode(b)), stderr: (b) => (stderr += dec.decode(b)) },
    maxInstructions: 10_000,
  });
  return { outcome, stdout, stderr };
}

const text = (s: string): Uint8Array => Uint8Array.from(new TextEncoder().encode(s));

describe('linux personality', () => {
  it('runs a hand-made ELF that writes "hello\\n" and exits 7', () => {
    const elf = program([...sys(64, 1, dataPtr, 6), ...sys(93, 7)], text('hello\n'));
    const r = run(elf);
    expect(r.stdout).toBe('hello\n');
    expect(r.stderr).toBe('');
    expect(r.outcome).toMatchObject({ kind: 'exit', status: 7 });
  });

  it('sends fd 2 to stderr and exits through exit_group', () => {
    const r = run(program([...sys(64, 2, dataPtr, 3), ...sys(94, 300)], text('err')));
    expect(r.stderr).toBe('err');
    expect(r.outcome).toMatchObject({ kind: 'exit', status: 300 & 0xff });
  });

  it('returns the byte count of write in x0', () => {
    const r = run(program([...sys(64, 1, dataPtr, 5), ...exitWithX0], text('12345')));
    expect(r.outcome).toMatchObject({ kind: 'exit', status: 5 });
  });

  it('fails write to another fd with -EBADF (exit status 256-9)', () => {
    expect(run(program([...sys(64, 5, dataPtr, 1), ...exitWithX0])).outcome).toMatchObject({ kind: 'exit', status: 247 });
  });

  it('fails write from unmapped memory with -EFAULT (256-14)', () => {
    const r = run(program([...sys(64, 1, [movz(1, 0x7000, 1)], 4), ...exitWithX0]));
    expect(r.stdout).toBe('');
    expect(r.outcome).toMatchObject({ kind: 'exit', status: 242 });
  });

  it('answers other system calls with -ENOSYS (256-38)', () => {
    expect(run(program([...sys(1000, 0), ...exitWithX0])).outcome).toMatchObject({ kind: 'exit', status: 218 });
  });

  it('ends on an undefined instruction with SIGILL (132) and names pc and word', () => {
    const r = run(program([movz(0, 1), 0x00000000]));
    expect(r.outcome).toMatchObject({ kind: 'signal', signal: 'SIGILL', status: 132 });
    if (r.outcome.kind !== 'signal') throw new Error('unreachable');
    expect(r.outcome.diagnostic).toMatch(/^SIGILL: .*pc 0x400004: 00000000/);
    expect(r.outcome.diagnostic).not.toContain('\n');
  });

  it('ends on BRK with SIGTRAP (133)', () => {
    const r = run(program([enc('BRK', { imm16: 0x3e8 })]));
    expect(r.outcome).toMatchObject({ kind: 'signal', signal: 'SIGTRAP', status: 133 });
    if (r.outcome.kind === 'signal') expect(r.outcome.diagnostic).toMatch(/pc 0x400000: d4207d00 brk #0x3e8/);
  });

  it('ends on a jump to unmapped memory with SIGSEGV (139)', () => {
    const r = run(program([movz(1, 0x7000, 1), enc('BR', { Rn: 1 })]));
    expect(r.outcome).toMatchObject({ kind: 'signal', signal: 'SIGSEGV', status: 139 });
    if (r.outcome.kind === 'signal') expect(r.outcome.diagnostic).toMatch(/fetch fault at 0x70000000/);
  });

  it('ends on a store to a read-only page with SIGSEGV naming the instruction', () => {
    const r = run(program([movz(1, CODE >>> 16, 1), enc('STR_X_uoff', { imm12: 2, Rn: 1, Rt: 0 })]));
    expect(r.outcome).toMatchObject({ kind: 'signal', signal: 'SIGSEGV', status: 139 });
    if (r.outcome.kind === 'signal') expect(r.outcome.diagnostic).toMatch(/write fault at 0x400010 \(pc 0x400004: f9000820 str\s+x0, \[x1, #16\]\)/);
  });

  it('stops at the instruction limit', () => {
    const r = run(program([enc('B', { imm26: 0 })]));
    expect(r.outcome).toMatchObject({ kind: 'limit', instret: 10_000 });
  });
});

describe('linux loader', () => {
  const u64 = (space: AddressSpace, a: number): number => Number(new DataView(space.peek(a, 8).buffer).getBigUint64(0, true));
  const cstr = (space: AddressSpace, a: number): string => new TextDecoder().decode(space.readCString(a, 4096)!);

  it('builds argc, argv, envp and auxv on a 16-byte aligned stack', () => {
    const elf = program([...sys(93, 0)]);
    const image = readElf(elf, 'p.elf');
    const space = new AddressSpace(new PhysicalMemory(8 << 20));
    const random = Uint8Array.from({ length: 16 }, (_, i) => 100 + i);
    const p = loadLinuxElf(space, image, { argv: ['prog', 'a b', ''], envp: ['K=V'], random });
    expect(p.entry).toBe(CODE);
    expect(p.sp % 16).toBe(0);
    expect(u64(space, p.sp)).toBe(3);
    expect([1, 2, 3].map((i) => cstr(space, u64(space, p.sp + 8 * i)))).toEqual(['prog', 'a b', '']);
    expect(u64(space, p.sp + 32)).toBe(0);
    expect(cstr(space, u64(space, p.sp + 40))).toBe('K=V');
    expect(u64(space, p.sp + 48)).toBe(0);
    const aux = new Map<number, number>();
    for (let a = p.sp + 56; ; a += 16) {
      const key = u64(space, a);
      if (key === 0) break;
      aux.set(key, u64(space, a + 8));
    }
    expect(aux.get(AT_PAGESZ)).toBe(4096);
    expect(aux.get(AT_ENTRY)).toBe(CODE);
    expect(aux.get(AT_PHNUM)).toBe(image.phnum);
    // The writer puts the program headers at file offset 64, in no segment; Linux's formula
    // (first segment's vaddr - offset + phoff) gives this address.
    expect(aux.get(AT_PHDR)).toBe(CODE - 0x10000 + 64);
    expect([...space.peek(aux.get(AT_RANDOM)!, 16)]).toEqual([...random]);
  });

  it('maps segments with their permissions and zeroes bss', () => {
    const elf = program([...sys(93, 0)], Uint8Array.of(9, 8, 7));
    const space = new AddressSpace(new PhysicalMemory(8 << 20));
    loadLinuxElf(space, readElf(elf, 'p.elf'));
    expect(space.permsOf(CODE / 4096)).toBe(1 | 4);
    expect(space.permsOf(DATA / 4096)).toBe(1 | 2);
    expect([...space.peek(DATA, 5)]).toEqual([9, 8, 7, 0, 0]);
  });

  it('places ET_DYN images at DYN_BASE', () => {
    const elf = program([...sys(93, 0)]);
    new DataView(elf.buffer).setUint16(16, 3, true);
    const space = new AddressSpace(new PhysicalMemory(8 << 20));
    const p = loadLinuxElf(space, readElf(elf, 'pie.elf'));
    expect(p.entry).toBe(DYN_BASE + CODE);
    expect(space.isMapped((DYN_BASE + CODE) / 4096)).toBe(true);
  });
});
