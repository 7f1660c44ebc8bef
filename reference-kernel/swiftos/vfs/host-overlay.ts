// The one place the VFS touches the host filesystem: reading an overlay directory.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Overlay } from './base-image.js';

/** Reads every regular file under `hostDir` as an overlay entry at the same path below "/". */
export function readHostOverlay(hostDir: string): Overlay {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string, prefix: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}/${e.name}`);
      else if (e.isFile()) out.set(`${prefix}/${e.name}`, new Uint8Array(readFileSync(join(dir, e.name))));
    }
  };
  walk(hostDir, '');
  return out;
}
