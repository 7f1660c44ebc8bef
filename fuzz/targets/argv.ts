// argv/envp copy-in: the string-vector argument check (reference-kernel/swiftos/args.ts
// validateArgs, through execve's row) and exec's vectorBytes (exec/program.ts), over guest
// memory holding the input. Small words in the input are taken as offsets into it, so vectors
// point at the input's own strings. Failures are Outcome values.

import { AddressSpace, PROT_R, PROT_W } from '../../cpu/memory/address-space.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { syscall } from '../../spec/index.js';
import { validateArgs } from '../../reference-kernel/swiftos/args.js';
import { vectorBytes } from '../../reference-kernel/swiftos/exec/program.js';
import { HandleTable } from '../../reference-kernel/swiftos/handles.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

const BASE = 0x8040_0000;
const PAGES = 4;
const SIZE = PAGES * 4096;
let space: AddressSpace | null = null;

function memory(): AddressSpace {
  if (space) return space;
  const phys = new PhysicalMemory(1 << 20);
  space = new AddressSpace(phys);
  for (let i = 0; i < PAGES; i++) space.mapPage(BASE / 4096 + i, phys.alloc(), PROT_R | PROT_W);
  return space;
}

export function fuzz(buf: Buffer): void {
  const s = memory();
  const bytes = new Uint8Array(SIZE);
  bytes.set(buf.subarray(0, SIZE - 16));
  const view = new DataView(bytes.buffer);
  // Relocate small words (pointer slots) to addresses inside the input.
  for (let at = 0; at + 8 <= 1024; at += 8) {
    const w = view.getBigUint64(at, true);
    if (w !== 0n && w < BigInt(SIZE)) view.setBigUint64(at, BigInt(BASE) + w, true);
  }
  bytes.set([0x2f, 0x78, 0], SIZE - 8);
  s.poke(BASE, bytes);
  const row = syscall('execve');
  const envp = buf.length > 0 && (buf[0]! & 1) === 1 ? BigInt(BASE + 512) : 0n;
  validateArgs({ row, raw: [BigInt(BASE + SIZE - 8), BigInt(BASE), envp, 0n, 0n, 0n], space: s, handles: new HandleTable(16) });
  vectorBytes(s, BASE);
}

function vector(strings: readonly string[]): Uint8Array {
  const out = new Uint8Array(64 + strings.reduce((n, x) => n + x.length + 1, 0));
  const view = new DataView(out.buffer);
  let at = 64;
  strings.forEach((x, i) => {
    view.setBigUint64(8 * i, BigInt(at), true);
    out.set(new TextEncoder().encode(x), at);
    at += x.length + 1;
  });
  return out;
}

function seeds(): Uint8Array[] {
  return [vector(['sh', '-c', 'echo hi']), vector([]), vector(Array.from({ length: 7 }, (_, i) => 'x'.repeat(i)))];
}

export const documented = nothingThrown;

export const argvTarget: ByteTarget = {
  name: 'argv',
  parser: 'reference-kernel/swiftos/args.ts validateArgs (string-vector) and exec/program.ts vectorBytes',
  documentedError: 'none: failures are Outcome values',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 6, 64),
};
