import { Cpu, type StopReason } from '../cpu.js';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../memory/address-space.js';
import { PhysicalMemory } from '../memory/physical.js';
import { encodeFields } from '../isa/row.js';
import { rowByName } from '../isa/table.js';

export const CODE_BASE = 0x400000;
export const DATA_BASE = 0x800000;
export const DATA_PAGES = 16;

/** Encodes one instruction from its row name and fields. */
export function enc(row: string, fields: Readonly<Record<string, number>>): number {
  return encodeFields(rowByName(row), fields);
}

export interface Machine {
  readonly cpu: Cpu;
  readonly space: AddressSpace;
  readonly phys: PhysicalMemory;
}

/**
 * A machine with `words` at CODE_BASE (R+X) followed by SVC #0, and DATA_PAGES read/write
 * zeroed pages at DATA_BASE. pc = CODE_BASE.
 */
export function machineWith(words: readonly number[]): Machine {
  const phys = new PhysicalMemory(4 << 20);
  const space = new AddressSpace(phys);
  const code = [...words, enc('SVC', { imm16: 0 })];
  const codePages = Math.ceil((code.length * 4) / 4096);
  for (let i = 0; i < codePages; i++) space.mapPage(CODE_BASE / 4096 + i, phys.alloc(), PROT_R | PROT_X);
  space.poke(CODE_BASE, new Uint8Array(new Uint32Array(code).buffer));
  for (let i = 0; i < DATA_PAGES; i++) space.mapPage(DATA_BASE / 4096 + i, phys.alloc(), PROT_R | PROT_W);
  const cpu = new Cpu(space);
  cpu.pc = CODE_BASE;
  return { cpu, space, phys };
}

/** Runs until a stop other than budget (at most `budget` instructions). */
export function runToStop(cpu: Cpu, budget = 1_000_000): StopReason {
  return cpu.run(budget);
}

/**
 * Runs `words` with initial X registers `regs` (index → value) and returns the machine after
 * the sequence reached its trailing SVC. Throws if it stopped any other way.
 */
export function runWords(words: readonly number[], regs: Readonly<Record<number, bigint>> = {}): Machine {
  const m = machineWith(words);
  for (const [n, v] of Object.entries(regs)) m.cpu.setX(Number(n), v);
  const stop = m.cpu.run(1_000_000);
  if (stop.kind !== 'svc') throw new Error(`sequence stopped with ${JSON.stringify(stop)}`);
  return m;
}
