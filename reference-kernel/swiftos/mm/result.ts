import type { ErrnoName } from '../../../spec/index.js';
import { fail, ok, type Outcome } from '../result.js';

/** Result of a memory-manager operation: a value or an errno, always with the deciding clause. */
export type MmResult<T = number> =
  | { readonly ok: true; readonly value: T; readonly clause: string }
  | { readonly ok: false; readonly errno: ErrnoName; readonly clause: string };

export function mmOk<T>(value: T, clause: string): MmResult<T> {
  return { ok: true, value, clause };
}

export function mmFail<T = number>(errno: ErrnoName, clause: string): MmResult<T> {
  return { ok: false, errno, clause };
}

/** mmap, munmap, mprotect, mmap_file: the value, or -errno in x0 (MM.MMAP.RETURN). */
export function toOutcome(r: MmResult): Outcome {
  return r.ok ? ok(r.value, r.clause) : fail(r.errno, r.clause);
}

/** sbrk: failure is all ones in x0 with no errno (MM.SBRK.FAIL). */
export const SBRK_FAILED = 2n ** 64n - 1n;

export function sbrkOutcome(r: MmResult): Outcome {
  return r.ok ? ok(r.value, r.clause) : { ret: SBRK_FAILED, clause: r.clause };
}
