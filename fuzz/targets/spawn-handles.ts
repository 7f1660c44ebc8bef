// The spawn_handles handle vector (reference-kernel/swiftos/exec/handle-specs.ts planHandles):
// records of layout spawn_handle checked against a parent table holding a few handles with
// different rights. Failures are Outcome values.

import { layout } from '../../spec/index.js';
import { planHandles } from '../../reference-kernel/swiftos/exec/handle-specs.js';
import { HandleTable } from '../../reference-kernel/swiftos/handles.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

const RECORD = layout('spawn_handle');

function parent(): HandleTable {
  const t = new HandleTable(512);
  t.install({ object: { kind: 'file' }, rights: 0xff, cloexec: false });
  t.install({ object: { kind: 'pipe' }, rights: 0x01, cloexec: false });
  t.install({ object: { kind: 'endpoint' }, rights: 0x22, cloexec: true });
  t.installAt(7, { object: { kind: 'eventfd' }, rights: 0x33, cloexec: false });
  return t;
}

export function fuzz(buf: Buffer): void {
  const records = new Uint8Array(buf.buffer, buf.byteOffset, buf.length - (buf.length % RECORD.size));
  planHandles(parent(), records, records.length / RECORD.size);
}

function seeds(): Uint8Array[] {
  const rec = (source: number, target: number, rights: number, flags: number): number[] => {
    const b = new Uint8Array(RECORD.size);
    const v = new DataView(b.buffer);
    for (const f of RECORD.fields) {
      const value = { source_fd: source, target_fd: target, rights, flags }[f.name] ?? 0;
      if (f.type.endsWith('32')) v.setInt32(f.offset, value, true);
    }
    return [...b];
  };
  return [Uint8Array.from([...rec(0, 0, 0xff, 0), ...rec(2, 5, 0x20, 1)]), Uint8Array.from(rec(7, 511, 0xffff_ffff, 0))];
}

export const documented = nothingThrown;

export const spawnHandlesTarget: ByteTarget = {
  name: 'spawn-handles',
  parser: 'reference-kernel/swiftos/exec/handle-specs.ts planHandles (spawn_handle records)',
  documentedError: 'none: failures are Outcome values',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 6),
};
