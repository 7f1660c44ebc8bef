// Shorthands for writing clauses.

import type { Clause, ClauseSource, SeedId } from '../types.js';

/** A behaviour the ABI seed (002) documents, paraphrased; `section` is the seed's heading. */
export function seed(id: string, section: string, text: string): Clause {
  return { id, text, source: { kind: 'seed', seed: '002', section } };
}

/** A decision taken where the seed is silent: what, on what basis, and why. */
export function decide(id: string, text: string, source: ClauseSource, rationale: string): Clause {
  return { id, text, source, decision: { rationale } };
}

/** Marks a clause informative: nothing at the syscall boundary to check, for the reason given. */
export function informative(c: Clause, reason: string): Clause {
  return { ...c, informative: { reason } };
}

export function swiftOs(file: string): ClauseSource {
  return { kind: 'swift-os', file };
}

export function linux(page: string): ClauseSource {
  return { kind: 'linux-man', page };
}

/** A section of one of the extension seeds (000, 001, 003). */
export function fromSeed(seedId: SeedId, section: string): ClauseSource {
  return { kind: 'seed', seed: seedId, section };
}

export const VFS = swiftOs('kernel/vfs/vfs.swift');
export const PROCESS = swiftOs('kernel/user/process.swift');
export const SYSCALL_H = swiftOs('userland/lib/syscall.h');
export const DISPATCH = swiftOs('kernel/syscall/syscall.swift');
