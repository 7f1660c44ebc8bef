// Planted kernel bugs, for testing that the fuzzers find what they should: each wraps one handler
// of the reference kernel in process (the kernel's files are not touched) and returns the undo.

import { decodeLayout, layout } from '../../spec/index.js';
import { HANDLERS, type Handler } from '../../reference-kernel/swiftos/handlers/index.js';
import { EndpointEnd } from '../../reference-kernel/swiftos/ipc/index.js';

const SEND_MSG = layout('ipc_send_msg');

/** Swaps the handler of `row` for `wrap(original)`; returns a function that puts the original back. */
export function patchHandler(row: string, wrap: (original: Handler) => Handler): () => void {
  const table = HANDLERS as Record<string, Handler>;
  const original = table[row];
  if (original === undefined) throw new Error(`no handler for row ${row}`);
  table[row] = wrap(original);
  return () => {
    table[row] = original;
  };
}

/**
 * ipc_send gives the receiver the requested rights instead of held ∩ requested: the missing
 * attenuation on one transfer path (IPC.XFER.ATTENUATE).
 */
function ipcSendNoAttenuate(): () => void {
  return patchHandler('ipc_send', (original) => (ctx) => {
    const r = original(ctx);
    if (typeof r !== 'object' || r.clause !== 'IPC.XFER.MOVE') return r;
    const obj = ctx.args.fd('fd').handle?.object;
    if (!(obj instanceof EndpointEnd)) return r;
    const slot = obj.endpoint.slot;
    if (slot === null || slot.handle === null) return r;
    const requested = Number(decodeLayout(SEND_MSG, ctx.args.struct('msg').bytes!)['requested_rights']);
    obj.endpoint.slot = { ...slot, handle: { ...slot.handle, rights: requested } };
    return r;
  });
}

/** dup skips the lowest free number once numbers above 5 are in use (FD.DUP.LOWEST): visible in results. */
function dupNotLowest(): () => void {
  return patchHandler('dup', (original) => (ctx) => {
    const r = original(ctx);
    if (typeof r !== 'object' || r.ret <= 5n) return r;
    const table = ctx.kernel.handles(ctx.process);
    const n = Number(r.ret);
    let m = n + 1;
    while (table.get(m) !== null) m++;
    table.installAt(m, table.get(n)!);
    table.close(n);
    return { ret: BigInt(m), clause: r.clause };
  });
}

export const PLANTS: Readonly<Record<string, { readonly description: string; readonly plant: () => () => void }>> = {
  'ipc-no-attenuate': { description: 'ipc_send gives the receiver the requested rights, not held ∩ requested (IPC.XFER.ATTENUATE)', plant: ipcSendNoAttenuate },
  'dup-not-lowest': { description: 'dup skips the lowest free handle number above 5 (FD.DUP.LOWEST)', plant: dupNotLowest },
};

/** Plants the bug `name`; returns the undo. */
export function plant(name: string): () => void {
  const p = PLANTS[name];
  if (!p) throw new Error(`no planted bug '${name}' (have ${Object.keys(PLANTS).join(', ')})`);
  return p.plant();
}
