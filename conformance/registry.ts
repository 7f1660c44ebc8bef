import { abiGenerator } from './areas/abi/index.js';
import { filesGenerator } from './areas/files/index.js';
import { memoryGenerator } from './areas/memory/index.js';
import { ipcGenerator } from './areas/ipc/index.js';
import { processGenerator } from './areas/process/index.js';
import { libuvGenerator } from './areas/libuv/index.js';
import { syncGenerator } from './areas/sync/index.js';
import { systemGenerator } from './areas/system/index.js';
import { errorsGenerator } from './areas/errors/index.js';
import { netGenerator } from './areas/net/index.js';
import { netfsGenerator } from './areas/netfs/index.js';
import { procfsGenerator } from './areas/procfs/index.js';
import { deviceGenerator } from './areas/device/index.js';
import { shmGenerator } from './areas/shm/index.js';
import { pkgGenerator } from './areas/pkg/index.js';
import { updateGenerator } from './areas/update/index.js';
import type { CaseDef, Generator } from './model.js';

/** Every generator of the suite, one per area. */
export const GENERATORS: readonly Generator[] = [
  abiGenerator, filesGenerator, memoryGenerator, ipcGenerator, processGenerator, libuvGenerator, syncGenerator,
  systemGenerator, netGenerator, netfsGenerator, procfsGenerator, deviceGenerator, shmGenerator, pkgGenerator, updateGenerator,
  errorsGenerator,
];

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
