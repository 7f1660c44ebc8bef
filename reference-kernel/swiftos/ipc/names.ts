import type { Endpoint, EndpointEnd } from './endpoint.js';

/** Names the registry holds at once (IPC.NAME.FULL: swift-os maxServiceNames). */
export const SERVICE_NAMES_MAX = 8;

/**
 * The kernel's service-name registry (IPC.NAME.*): each name pins the receive end it publishes,
 * which counts as an open receive end until the name is replaced (IPC.NAME.PIN).
 */
export class NameRegistry {
  /** Keys are the name's bytes, one char per byte: names compare byte for byte. */
  private readonly entries = new Map<string, EndpointEnd>();

  /** Publishes `recvEnd` under `name`, replacing an older entry (IPC.NAME.REPLACE). */
  register(name: Uint8Array, recvEnd: EndpointEnd): 'ENOSPC' | 'ok' {
    const key = keyOf(name);
    const old = this.entries.get(key);
    if (old === undefined && this.entries.size >= SERVICE_NAMES_MAX) return 'ENOSPC';
    if (old?.endpoint === recvEnd.endpoint) return 'ok';
    recvEnd.retain();
    this.entries.set(key, recvEnd);
    old?.release();
    return 'ok';
  }

  lookup(name: Uint8Array): Endpoint | null {
    return this.entries.get(keyOf(name))?.endpoint ?? null;
  }

  /** The pinned receive ends, one per name (reference-count checks). */
  published(): EndpointEnd[] {
    return [...this.entries.values()];
  }
}

function keyOf(name: Uint8Array): string {
  return String.fromCharCode(...name);
}
