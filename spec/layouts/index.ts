// All layouts, by name.

import type { Layout } from '../types.js';
import { DEVICE_LAYOUTS } from './device.js';
import { FS_LAYOUTS } from './fs.js';
import { IO_LAYOUTS } from './io.js';
import { IPC_LAYOUTS } from './ipc.js';
import { NET_LAYOUTS } from './net.js';
import { PKG_LAYOUTS } from './pkg.js';
import { PROCESS_LAYOUTS } from './process.js';
import { SECURITY_LAYOUTS } from './security.js';
import { TIME_LAYOUTS } from './time.js';

export * from './device.js';
export * from './fs.js';
export * from './io.js';
export * from './ipc.js';
export * from './net.js';
export * from './pkg.js';
export * from './process.js';
export * from './security.js';
export * from './time.js';

export const LAYOUT_LIST: readonly Layout[] = [
  ...FS_LAYOUTS, ...IO_LAYOUTS, ...SECURITY_LAYOUTS, ...PROCESS_LAYOUTS, ...IPC_LAYOUTS,
  ...NET_LAYOUTS, ...DEVICE_LAYOUTS, ...PKG_LAYOUTS, ...TIME_LAYOUTS,
];

export const LAYOUTS: Readonly<Record<string, Layout>> = Object.fromEntries(
  LAYOUT_LIST.map((l) => [l.name, l]),
);

export function layout(name: string): Layout {
  const found = LAYOUTS[name];
  if (found === undefined) throw new Error(`unknown layout ${name}`);
  return found;
}
