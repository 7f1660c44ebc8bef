// Shorthands for the sources constant groups cite.

import type { ClauseSource } from '../types.js';

export function fromSeed(section: string): ClauseSource {
  return { kind: 'seed', seed: '002', section };
}

export function fromSwiftOs(file: string): ClauseSource {
  return { kind: 'swift-os', file };
}

export function fromLinux(page: string): ClauseSource {
  return { kind: 'linux-man', page };
}

export function fromExtension(seed: '000' | '001' | '003', section: string): ClauseSource {
  return { kind: 'seed', seed, section };
}
