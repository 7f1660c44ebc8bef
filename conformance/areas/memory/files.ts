// Base-image files the memory cases map with mmap_file (disk-backed: MM.MMAPFILE.BACKING).

import type { CaseFile } from '../../model.js';
import { PAGE } from './consts.js';
import { returnK, wordBytes } from './emit.js';

/** What calling the start of the data file returns. */
export const FILE_K = 0x2345;
/** Two full pages and a 100-byte tail: mappings of it end in a partly used page (MM.MMAPFILE.CLAMP). */
export const FILE_SIZE = 2 * PAGE + 100;
export const FILE_PATH = '/etc/touchstone/memory/data.bin';
export const EMPTY_PATH = '/etc/touchstone/memory/empty.bin';

/** The data file: returnK(FILE_K) at the start, then bytes (7i + 3) mod 251 + 1 (never 0). */
export function fileBytes(): Uint8Array {
  const out = new Uint8Array(FILE_SIZE);
  for (let i = 0; i < FILE_SIZE; i++) out[i] = ((7 * i + 3) % 251) + 1;
  out.set(wordBytes(returnK(FILE_K)), 0);
  return out;
}

/** Page `n` of the data file, zero-filled past its end. */
export function filePage(n: number): Uint8Array {
  const page = new Uint8Array(PAGE);
  page.set(fileBytes().subarray(n * PAGE, Math.min(FILE_SIZE, (n + 1) * PAGE)));
  return page;
}

export function dataFiles(): CaseFile[] {
  return [{ path: FILE_PATH, data: fileBytes() }, { path: EMPTY_PATH, data: new Uint8Array(0) }];
}
