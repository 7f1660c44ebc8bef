import { Cpu, type StopReason } from '../../cpu/cpu.js';
import { disassemble } from '../../cpu/disasm.js';
import { readElf } from '../../cpu/elf/index.js';
import { AddressSpace } from '../../cpu/memory/address-space.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { loadLinuxElf, type LinuxLoadOptions } from './loader.js';

export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
export const SYS_EXIT_GROUP = 94;
export const ENOSYS = 38;
export const EBADF = 9;
export const EFAULT = 14;

export const SIGNALS = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGSEGV: 11 } as const;
export type SignalName = keyof typeof SIGNALS;

export interface LinuxIo {
  readonly stdout: (bytes: Uint8Array) => void;
  readonly stderr: (bytes: Uint8Array) => void;
}

export type LinuxOutcome =
  | { readonly kind: 'exit'; readonly status: number; readonly instret: number }
  /** Killed: `status` is 128 + signal number, as a shell reports it. */
  | {
      readonly kind: 'signal';
      readonly signal: SignalName;
      readonly status: number;
      readonly diagnostic: string;
      readonly stop: StopReason;
      readonly instret: number;
    }
  | { readonly kind: 'limit'; readonly instret: number };

export interface RunOptions {
  /** Stop after this many instructions (default: no limit). */
  readonly maxInstructions?: number;
}

const CHUNK = 1 << 22;

/**
 * Runs `cpu` as a minimal Linux process until it exits: svc #0 with x8 = write (fds 1 and 2),
 * exit or exit_group; any other system call returns -ENOSYS. A fault, undefined instruction,
 * BRK, HLT or UDF ends the run as the signal Linux would deliver.
 */
export function runLinux(cpu: Cpu, io: LinuxIo, opts: RunOptions = {}): LinuxOutcome {
  const limit = opts.maxInstructions ?? Infinity;
  const start = cpu.instret;
  for (;;) {
    const left = limit - (cpu.instret - start);
    if (left <= 0) return { kind: 'limit', instret: cpu.instret - start };
    const stop = cpu.run(Math.min(left, CHUNK));
    if (stop.kind === 'budget') continue;
    if (stop.kind !== 'svc') return killed(cpu, stop, cpu.instret - start);
    const nr = cpu.getXNum(8);
    switch (nr) {
      case SYS_WRITE:
        cpu.setX(0, BigInt(sysWrite(cpu, io)));
        break;
      case SYS_EXIT:
      case SYS_EXIT_GROUP:
        return { kind: 'exit', status: Number(cpu.getX(0) & 0xffn), instret: cpu.instret - start };
      default:
        cpu.setX(0, BigInt(-ENOSYS));
    }
  }
}

function sysWrite(cpu: Cpu, io: LinuxIo): number {
  const fd = cpu.getX(0);
  const len = cpu.getX(2);
  if (fd !== 1n && fd !== 2n) return -EBADF;
  if (len > 0x7fff_f000n) return -EFAULT;
  const bytes = cpu.space.copyIn(cpu.getXNum(1), Number(len));
  if (bytes === null) return -EFAULT;
  (fd === 1n ? io.stdout : io.stderr)(bytes);
  return bytes.length;
}

function killed(cpu: Cpu, stop: StopReason, instret: number): LinuxOutcome {
  const [signal, what] = describeStop(cpu, stop);
  return { kind: 'signal', signal, status: 128 + SIGNALS[signal], diagnostic: `${signal}: ${what}`, stop, instret };
}

const hex = (v: number): string => `0x${v.toString(16)}`;

function insn(pc: number, word: number | undefined): string {
  if (word === undefined) return `pc ${hex(pc)}`;
  return `pc ${hex(pc)}: ${word.toString(16).padStart(8, '0')} ${disassemble(word, pc).replace('\t', ' ')}`;
}

/** The signal Linux delivers for a stop, and a one-line description (pc, word, disassembly). */
export function describeStop(cpu: Cpu, stop: StopReason): [SignalName, string] {
  const wordAt = (pc: number): number | undefined => {
    try {
      return cpu.space.fetch(pc);
    } catch {
      return undefined;
    }
  };
  switch (stop.kind) {
    case 'fault': {
      if (stop.alignment) return ['SIGBUS', `alignment fault at ${hex(stop.addr)} (${insn(stop.pc, stop.word)})`];
      if (stop.access === 'exec') return ['SIGSEGV', `instruction fetch fault at ${hex(stop.addr)}`];
      return ['SIGSEGV', `${stop.access} fault at ${hex(stop.addr)} (${insn(stop.pc, stop.word)})`];
    }
    case 'undefined':
      return ['SIGILL', `undefined instruction (${insn(stop.pc, stop.word)})`];
    case 'udf':
      return ['SIGILL', `permanently undefined (${insn(stop.pc, wordAt(stop.pc))})`];
    case 'hlt':
      return ['SIGILL', `hlt at EL0 (${insn(stop.pc, wordAt(stop.pc))})`];
    case 'brk':
      return ['SIGTRAP', `breakpoint (${insn(stop.pc, wordAt(stop.pc))})`];
    default:
      throw new Error(`no signal for stop ${stop.kind}`);
  }
}

export interface ExecOptions extends LinuxLoadOptions, RunOptions {
  readonly io: LinuxIo;
  /** Size of the machine's physical memory (default 64 MiB). */
  readonly memoryBytes?: number;
}

/** Loads a static Linux ELF into a fresh machine and runs it to completion. */
export function execLinuxElf(bytes: Uint8Array, file: string, opts: ExecOptions): LinuxOutcome {
  const image = readElf(bytes, file);
  const phys = new PhysicalMemory(opts.memoryBytes ?? 64 << 20);
  const space = new AddressSpace(phys);
  const loaded = loadLinuxElf(space, image, opts);
  const cpu = new Cpu(space);
  cpu.pc = loaded.entry;
  cpu.setXNum(31, loaded.sp);
  return runLinux(cpu, opts.io, opts);
}
