import type { Status } from '../model.js';

/** Statuses that make a run fail (exit status 1): everything but pass, skip and xfail. */
export const FAILING_STATUSES: readonly Status[] = ['fail', 'broken', 'timeout', 'panic', 'xpass'];

export function isFailing(status: Status): boolean {
  return FAILING_STATUSES.includes(status);
}
