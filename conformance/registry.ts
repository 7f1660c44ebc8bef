import { abiGenerator } from './areas/abi/index.js';
import type { CaseDef, Generator } from './model.js';

/** Every generator of the suite, one per area. */
export const GENERATORS: readonly Generator[] = [abiGenerator];

let cache: readonly CaseDef[] | null = null;

/** Every case, in a stable order (area order, then generator order). Ids are unique. */
export function allCases(): readonly CaseDef[] {
  if (cache) return cache;
  const list = GENERATORS.flatMap((g) => g.cases());
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  cache = list;
  return list;
}

export function caseById(id: string): CaseDef | undefined {
  return allCases().find((c) => c.id === id);
}
