// Every byte target, by name.

import { argvTarget } from './argv.js';
import { caseJsonTarget } from './case-json.js';
import { elfTarget } from './elf.js';
import { findingJsonTarget } from './finding-json.js';
import { identityFilesTarget } from './identity-files.js';
import { ipcRecordTarget } from './ipc-record.js';
import { pathTarget } from './path.js';
import { pkgTarget } from './pkg.js';
import { resultsJsonTarget } from './results-json.js';
import { spawnHandlesTarget } from './spawn-handles.js';
import { tapTarget } from './tap.js';
import type { ByteTarget } from './target.js';

export type { ByteTarget } from './target.js';
export { editedSeeds, jsonVariants } from './mutate.js';

export const BYTE_TARGETS: readonly ByteTarget[] = [
  elfTarget, pathTarget, argvTarget, spawnHandlesTarget, ipcRecordTarget, pkgTarget, tapTarget, resultsJsonTarget, caseJsonTarget, findingJsonTarget,
  identityFilesTarget,
];

export function byteTarget(name: string): ByteTarget | undefined {
  return BYTE_TARGETS.find((t) => t.name === name);
}
