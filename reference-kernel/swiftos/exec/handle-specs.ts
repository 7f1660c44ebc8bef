// The handle vector of spawn_handles / spawn_handles_async (layout spawn_handle): validated as a
// whole before any child exists (PROC.SPAWNH.VALIDATEFIRST), then installed into the child's
// empty table (PROC.SPAWNH.EMPTY) with attenuated rights (PROC.SPAWNH.ATTENUATE).
import { constValue, decodeLayout, knownBits, layout, RIGHT_BITS } from '../../../spec/index.js';
import type { Handle, HandleTable } from '../handles.js';
import { fail, type Outcome } from '../result.js';

const SPAWN_HANDLE = layout('spawn_handle');
const CLOEXEC = constValue('SPAWN_HANDLE_FLAGS', 'SWIFTOS_SPAWN_HANDLE_CLOEXEC');
const KNOWN_FLAGS = knownBits('SPAWN_HANDLE_FLAGS');
const FD_MAX = constValue('LIMITS', 'FD_MAX');

/** One checked spec: the child's handle at `target`. */
export interface PlannedHandle {
  readonly target: number;
  readonly handle: Handle;
}

/**
 * Checks every record in vector order, each in field order (PROC.SPAWNH.ORDER): source_fd open
 * (PROC.SPAWNH.BADFD), its TRANSFER right (PROC.SPAWNH.TRANSFER), target_fd in 0..FD_MAX-1
 * (PROC.SPAWNH.BADFD), flag bits (PROC.SPAWNH.FLAGS), target unused by an earlier record
 * (PROC.SPAWNH.DUPTARGET). Returns the handles the child will hold, or the first failure.
 */
export function planHandles(parent: HandleTable, records: Uint8Array, count: number): PlannedHandle[] | Outcome {
  const planned: PlannedHandle[] = [];
  const targets = new Set<number>();
  for (let i = 0; i < count; i++) {
    const spec = decodeLayout(SPAWN_HANDLE, records, i * SPAWN_HANDLE.size);
    const source = parent.get(Number(spec['source_fd']));
    if (source === null) return fail('EBADF', 'PROC.SPAWNH.BADFD');
    if ((source.rights & RIGHT_BITS.TRANSFER) === 0) return fail('EACCES', 'PROC.SPAWNH.TRANSFER');
    const target = Number(spec['target_fd']);
    if (target < 0 || target >= FD_MAX) return fail('EBADF', 'PROC.SPAWNH.BADFD');
    const flags = Number(spec['flags']);
    if ((flags & ~KNOWN_FLAGS) !== 0) return fail('EINVAL', 'PROC.SPAWNH.FLAGS');
    if (targets.has(target)) return fail('EINVAL', 'PROC.SPAWNH.DUPTARGET');
    targets.add(target);
    const rights = source.rights & Number(spec['rights']);
    // Everything else of the handle, such as its badge, travels with it (IPC.BADGE.CARRY).
    planned.push({ target, handle: { ...source, rights, cloexec: (flags & CLOEXEC) !== 0 } });
  }
  return planned;
}

/** Installs the planned handles into the child's (empty) table (PROC.SPAWNH.COPY: shared objects). */
export function installHandles(table: HandleTable, planned: readonly PlannedHandle[]): void {
  for (const { target, handle } of planned) table.installAt(target, { ...handle });
}
