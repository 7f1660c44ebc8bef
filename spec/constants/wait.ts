// waitpid options and the wait status encoding (decision PROC.WAIT.STATUS).

import type { ConstGroup } from '../types.js';
import { fromLinux } from './source.js';

export const WAIT_OPTIONS: ConstGroup = {
  name: 'WAIT_OPTIONS',
  kind: 'flags',
  members: [{ name: 'WNOHANG', value: 1, note: 'return 0 instead of blocking when no child has exited' }],
  source: fromLinux('waitpid(2)'),
};

/** Status word for a child that called exit(code). */
export function waitStatusExited(code: number): number {
  return (code & 0xff) << 8;
}

/** Status word for a child terminated by signal `sig` (no core-dump bit). */
export function waitStatusSignaled(sig: number): number {
  return sig & 0x7f;
}

export type WaitStatus =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: number };

export function decodeWaitStatus(status: number): WaitStatus {
  const sig = status & 0x7f;
  return sig === 0
    ? { kind: 'exited', code: (status >> 8) & 0xff }
    : { kind: 'signaled', signal: sig };
}

/** What spawn returns for a child (decision PROC.SPAWN.STATUS): the code, or 128 + signal. */
export function spawnStatus(status: WaitStatus): number {
  return status.kind === 'exited' ? status.code : 128 + status.signal;
}
