import { referenceTarget } from './reference.js';
import type { Target } from './target.js';

export type { Outcome, OutcomeVerdict, RunOptions, Target } from './target.js';
export { referenceTarget } from './reference.js';

/** Every target `touchstone run --target` knows, by name. Worker threads look targets up here. */
export const TARGETS: readonly Target[] = [referenceTarget];

export function targetByName(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
