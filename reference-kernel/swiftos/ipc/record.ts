import { decodeLayout, layout, type ArgSpec, type FieldValue } from '../../../spec/index.js';
import { validateArgs, type Args } from '../args.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Outcome } from '../result.js';

/**
 * The clause an IPC record names when a field fails its generic check: the only fd field of an
 * IPC record is the moved handle, and the only bounded length is the message length.
 */
const IPC_CLAUSE: Readonly<Record<string, string>> = {
  'FD.BADF': 'IPC.XFER.BADFD',
  'FD.RIGHTS.MISSING': 'IPC.XFER.RIGHTS',
  'ABI.LENGTH.BOUNDS': 'IPC.MSG.TOOBIG',
};

/** A decoded IPC message record: typed field values plus the raw scalars. */
export interface IpcRecord {
  readonly fields: Args;
  readonly raw: Readonly<Record<string, FieldValue>>;
}

/**
 * Decodes the record `bytes` of layout `name` and checks every field that has a semantic type,
 * in field order, the way argument registers are checked (ABI.CHECK.ORDER, ABI.FAULT), except
 * the fields in `skip`. Fails with the first failing check.
 */
export function readRecord(ctx: SyscallContext, name: string, bytes: Uint8Array, skip: ReadonlySet<string> = NONE): IpcRecord | Outcome {
  const l = layout(name);
  const raw = decodeLayout(l, bytes);
  const specs: ArgSpec[] = [];
  const values: bigint[] = [];
  for (const f of l.fields) {
    if (f.semantic === undefined || skip.has(f.name)) continue;
    specs.push({ name: f.name, type: f.semantic });
    values.push(BigInt.asUintN(64, BigInt(raw[f.name] as number | bigint)));
  }
  const checked = validateArgs({
    row: { ...ctx.row, args: specs },
    raw: values,
    space: ctx.process.space,
    handles: ctx.kernel.handles(ctx.process),
  });
  if ('ret' in checked) return { ret: checked.ret, clause: IPC_CLAUSE[checked.clause ?? ''] ?? checked.clause };
  return { fields: checked, raw };
}

const NONE: ReadonlySet<string> = new Set();
