// Shared-memory rings (SHM.*): create, map and close channels of the machine-wide table.

import { toOutcome } from '../mm/index.js';
import { SHMRING_MAX, shmTable, type Channel } from '../objects/shmring.js';
import { fail, ok, type HandlerResult, type Outcome } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

function sysShmringCreate(ctx: SyscallContext): HandlerResult {
  const pages = ctx.args.num('pages');
  if (pages % 2 !== 0) return fail('EINVAL', 'SHM.PAGES.EVEN');
  const c = shmTable(ctx.kernel).create(pages, ctx.process);
  if (c === null) return fail('ENOMEM', 'SHM.NOMEM');
  return ok(c.id, 'SHM.CREATE');
}

/** The live channel the `id` argument names, or the failure (SHM.ID.UNKNOWN, SHM.ID.STALE). */
function channel(ctx: SyscallContext): Channel | Outcome {
  const id = ctx.args.big('id');
  if (id >= BigInt(SHMRING_MAX)) return fail('EINVAL', 'SHM.ID.UNKNOWN');
  return shmTable(ctx.kernel).get(Number(id)) ?? fail('ENOENT', 'SHM.ID.STALE');
}

function sysShmringMap(ctx: SyscallContext): HandlerResult {
  const c = channel(ctx);
  if (!('frames' in c)) return c;
  return toOutcome(ctx.process.mm.mapShared(c.frames, `shmring ${c.id}`));
}

function sysShmringClose(ctx: SyscallContext): HandlerResult {
  const c = channel(ctx);
  if (!('frames' in c)) return c;
  if (c.owner !== ctx.process) return fail('EPERM', 'SHM.CLOSE.CREATOR');
  shmTable(ctx.kernel).drop(c);
  return ok(0, 'SHM.CLOSE');
}

export const SHMRING_HANDLERS: Readonly<Record<string, Handler>> = {
  shmring_create: sysShmringCreate,
  shmring_map: sysShmringMap,
  shmring_close: sysShmringClose,
};
