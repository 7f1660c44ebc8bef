// The synchronous spawn calls block until their child ends and reap it themselves
// (PROC.SPAWN.SYNC, PROC.SPAWN.REAPED). A blocked call is re-run from the start after each
// wake-up, so the child is kept with the thread: the re-run finds it instead of spawning again.
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import { ok, type HandlerResult } from '../result.js';
import type { Thread } from '../thread.js';

interface Held {
  readonly child: Process;
  /** The call's svc (pc after it) and argument registers, to tell its re-run from a new call. */
  readonly pc: number;
  readonly raw: readonly bigint[];
}

const held = new WeakMap<Thread, Held>();

/**
 * The re-run of a synchronous spawn that is waiting for `thread`'s child: blocks again while the
 * child lives, else reaps it and returns its status. Null when `thread` holds no child for this
 * call (a new call).
 */
export function resumeSyncSpawn(kernel: Kernel, thread: Thread, raw: readonly bigint[]): HandlerResult | null {
  const h = held.get(thread);
  if (h === undefined) return null;
  if (h.pc !== kernel.cpu.pc || h.raw.some((v, i) => v !== raw[i])) {
    // Left over from a call that did not come back (its re-run failed argument checks): the
    // child becomes an ordinary child.
    thread.onAbandon?.();
    thread.onAbandon = null;
    return null;
  }
  if (h.child.state !== 'zombie') return kernel.block(thread, h.child.exited);
  held.delete(thread);
  thread.onAbandon = null;
  kernel.reap(h.child);
  return ok(spawnStatus(h.child.waitStatus), 'PROC.SPAWN.STATUS');
}

/**
 * Takes the new `child` out of its parent's waitable children and parks `thread` until it ends.
 * If the call ends some other way (EINTR, the thread or process ends) the child becomes an
 * ordinary waitable child again (PROC.SPAWN.INTR).
 */
export function waitForSpawned(kernel: Kernel, thread: Thread, raw: readonly bigint[], child: Process): HandlerResult {
  const parent = child.parent;
  parent?.children.delete(child);
  held.set(thread, { child, pc: kernel.cpu.pc, raw: [...raw] });
  thread.onAbandon = () => {
    held.delete(thread);
    if (parent === null || child.reaped) return;
    parent.children.add(child);
    if (child.state === 'zombie') kernel.wake(parent.childExit);
  };
  return kernel.block(thread, child.exited);
}

/** PROC.SPAWN.STATUS: the exit code, or 128 + the signal that killed the child. */
export function spawnStatus(waitStatus: number): number {
  const sig = waitStatus & 0x7f;
  return sig !== 0 ? 128 + sig : (waitStatus >> 8) & 0xff;
}
