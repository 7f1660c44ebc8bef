// IPC message records (reference-kernel/swiftos/ipc/record.ts readRecord) of every IPC layout,
// checked in a booted kernel's init (fds 0..2 open; data pages mapped for pointer fields). The
// first byte picks the layout; the rest is the record. Failures are Outcome values.

import { writeElf } from '../../cpu/elf/index.js';
import { layout, syscall } from '../../spec/index.js';
import { Args } from '../../reference-kernel/swiftos/args.js';
import type { SyscallContext } from '../../reference-kernel/swiftos/handlers/index.js';
import { readRecord } from '../../reference-kernel/swiftos/ipc/record.js';
import { Kernel } from '../../reference-kernel/swiftos/kernel.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

const LAYOUTS = ['ipc_send_msg', 'ipc_recv_msg', 'ipc_call_msg', 'ipc_reply_recv_msg'] as const;
const ROWS = ['ipc_send', 'ipc_recv', 'ipc_call', 'ipc_reply_recv'] as const;
const DATA = 0x8010_0000;
let ctx: SyscallContext | null = null;

function context(): SyscallContext {
  if (ctx) return ctx;
  const kernel = new Kernel({ memoryBytes: 4 << 20 });
  const elf = writeElf({
    entry: 0x8000_0000, align: 0x1000,
    segments: [{ vaddr: 0x8000_0000, data: new Uint8Array(4), executable: true }, { vaddr: DATA, data: new Uint8Array(64), memsz: 0x4000, writable: true }],
  });
  const init = kernel.boot(elf, 'ipc-record');
  ctx = { kernel, thread: init.threads[0]!, process: init, raw: [0n, 0n, 0n, 0n, 0n, 0n], args: new Args(new Map()), row: syscall('ipc_send') };
  return ctx;
}

export function fuzz(buf: Buffer): void {
  const which = (buf[0] ?? 0) % LAYOUTS.length;
  const l = layout(LAYOUTS[which]!);
  const bytes = new Uint8Array(l.size);
  bytes.set(buf.subarray(1, 1 + l.size));
  const c = context();
  readRecord({ ...c, row: syscall(ROWS[which]!) }, l.name, bytes);
}

function seeds(): Uint8Array[] {
  return LAYOUTS.map((name, i) => {
    const l = layout(name);
    const b = new Uint8Array(1 + l.size);
    b[0] = i;
    const v = new DataView(b.buffer);
    for (const f of l.fields) {
      if (f.type === 'u64' && f.semantic?.kind !== 'length') v.setBigUint64(1 + f.offset, BigInt(DATA + 64 * (f.offset / 8)), true);
      else if (f.type === 'u64') v.setBigUint64(1 + f.offset, 16n, true);
      else if (f.type === 'i32') v.setInt32(1 + f.offset, f.semantic?.kind === 'fd' ? 1 : 0, true);
    }
    return b;
  });
}

export const documented = nothingThrown;

export const ipcRecordTarget: ByteTarget = {
  name: 'ipc-record',
  parser: 'reference-kernel/swiftos/ipc/record.ts readRecord (ipc_send_msg, ipc_recv_msg, ipc_call_msg, ipc_reply_recv_msg)',
  documentedError: 'none: failures are Outcome values',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 6),
};
