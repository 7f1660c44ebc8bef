// The image files the errors cases add (INTERPRETING.md §5): a readable file, an empty file, a
// non-empty directory, and programs for the exec family, good and bad (PROC.EXEC.*, MM.WX.ELF).

import { writeElf } from '../../../cpu/elf/index.js';
import { CaseProgram, CODE_BASE, DATA_BASE } from '../../program/builder.js';
import type { ImageFile } from './kit.js';

const enc = new TextEncoder();

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** A program that ends with exit(code) (low 8 bits are the code: PROC.EXIT.CODE). */
export function exitProgram(code: number | bigint): Uint8Array {
  const c = new CaseProgram();
  c.exit(code);
  return c.elf();
}

/** A program that sleeps `seconds` and then exits 0. */
function sleepProgram(seconds: number): Uint8Array {
  const c = new CaseProgram();
  c.sys('nanosleep', seconds, 0);
  c.exit(0);
  return c.elf();
}

function code(): Uint8Array {
  const c = new CaseProgram();
  c.exit(0);
  return c.a.bytesOut();
}

export const FILE_TEXT = 'errors area: a readable base-image file\n';

export const READABLE_FILE: ImageFile = { path: '/etc/errors/file', data: () => enc.encode(FILE_TEXT) };
export const EMPTY_FILE: ImageFile = { path: '/etc/errors/empty', data: () => new Uint8Array(0) };
/** Makes /etc/errors/dir a non-empty base-image directory (and /etc/errors a directory). */
export const DIR_ENTRY: ImageFile = { path: '/etc/errors/dir/inner', data: () => enc.encode('x') };
export const BASE_DIR = '/etc/errors/dir';

export const TRUE_PROGRAM: ImageFile = { path: '/bin/errors-true', data: once(() => exitProgram(0)) };
export const SLEEP_PROGRAM: ImageFile = { path: '/bin/errors-sleep', data: once(() => sleepProgram(5)) };
/** A valid program without any execute bit (PROC.EXEC.NOTEXEC). */
export const NOEXEC_MODE_PROGRAM: ImageFile = { path: '/bin/errors-noexec', data: once(() => exitProgram(0)), mode: 0o644 };
/** Not an ELF file at all (PROC.EXEC.NOEXEC). */
export const GARBAGE_PROGRAM: ImageFile = { path: '/bin/errors-garbage', data: () => enc.encode('#!/bin/sh\nexit 0\n') };
/** An ELF with a writable and executable segment (MM.WX.ELF). */
export const WX_PROGRAM: ImageFile = {
  path: '/bin/errors-wx',
  data: once(() => writeElf({
    entry: CODE_BASE, align: 0x1000,
    segments: [{ vaddr: CODE_BASE, data: code(), executable: true, writable: true }],
  })),
};
/** An ELF loaded below USER_VA_MIN (PROC.EXEC.RANGE). */
export const LOW_PROGRAM: ImageFile = {
  path: '/bin/errors-low',
  data: once(() => writeElf({ entry: 0x40_0000, align: 0x1000, segments: [{ vaddr: 0x40_0000, data: code(), executable: true }] })),
};
/** Bytes of zero-filled data the HUGE program asks for: more than a MACHINE_BYTES machine has. */
export const HUGE_BSS = 16 << 20;
/** An ELF whose data segment needs more memory than the machine has (PROC.EXEC.NOMEM). */
export const HUGE_PROGRAM: ImageFile = {
  path: '/bin/errors-huge',
  data: once(() => writeElf({
    entry: CODE_BASE, align: 0x1000,
    segments: [
      { vaddr: CODE_BASE, data: code(), executable: true },
      { vaddr: DATA_BASE, data: new Uint8Array(8), memsz: HUGE_BSS, writable: true },
    ],
  })),
};
