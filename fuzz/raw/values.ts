// The tables the raw guest draws from, built from the spec alone: every row's number, and
// argument values at the edges (small fds, sign and width boundaries), every constant of every
// group (single members, all members of a flag group at once, and with an unknown bit), and
// pointers of every kind (valid, unaligned, straddling the end of the mapping, unmapped, read-only
// code, kernel range, the stack) plus lengths around page sizes.

import { CONSTANT_GROUPS, SYSCALLS } from '../../spec/index.js';
import { CODE, SCRATCH, SCRATCH_PAGES, STACK_TOP, type GuestTables } from './guest.js';

const enc = new TextEncoder();

/** Strings at the start of the scratch pages, NUL-terminated, 16-byte aligned. */
const STRINGS = ['/tmp/fuzz', '/dev/null', '/etc/motd', '', '/', 'fuzz.service', '/tmp', '/proc/self/status', '/net/local/stream'];

function padPow2<T>(list: readonly T[]): T[] {
  let n = 1;
  while (n < list.length) n *= 2;
  return Array.from({ length: n }, (_, i) => list[i % list.length]!);
}

function scratchStrings(): { bytes: Uint8Array; at: number[] } {
  const bytes = new Uint8Array(1024);
  const at: number[] = [];
  let off = 0;
  for (const s of STRINGS) {
    at.push(SCRATCH + off);
    bytes.set(enc.encode(s), off);
    off += Math.ceil((s.length + 1) / 16) * 16;
  }
  return { bytes, at };
}

export function rawTables(): GuestTables {
  const numbers = SYSCALLS.map((r) => BigInt(r.nr));
  const values = new Set<bigint>();
  const add = (v: bigint | number): void => {
    values.add(BigInt.asUintN(64, BigInt(v)));
  };
  for (let i = 0; i <= 9; i++) add(i);
  for (const v of [-1, -2, 63, 64, 255, 256, 1023, 1024, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff]) add(v);
  for (const v of [1n << 32n, (1n << 32n) + 3n, 1n << 63n, (1n << 63n) - 1n]) add(v);
  for (const g of Object.values(CONSTANT_GROUPS)) {
    let all = 0;
    for (const m of g.members) {
      add(m.value);
      all |= m.value;
    }
    if (g.kind === 'flags') {
      add(all);
      add(all | 0x4000_0000);
    }
  }
  const end = SCRATCH + SCRATCH_PAGES * 4096;
  const { bytes, at } = scratchStrings();
  for (const p of at) add(p);
  for (const p of [SCRATCH + 1024, SCRATCH + 1025, SCRATCH + 4096, end - 8, end - 1, end, end + 4096]) add(p);
  for (const p of [CODE, CODE + 2, 0x1000, 0xffff_0000_0000_0000n, 0xffff_ffff_ffff_f000n, STACK_TOP - 64, STACK_TOP]) add(p);
  for (const n of [4095, 4096, 4097, 8192, 65536, 1 << 20, 1 << 30]) add(n);
  return { numbers: padPow2(numbers), values: padPow2([...values]), scratch: bytes };
}
