// Cases for a row's own errors (the state checks after argument validation): each names the
// cell it provokes, sets up the situation, calls the row with the given arguments (the rest
// valid), and expects the errno.

import { CAPABILITIES, constValue, syscall, type CapName, type ErrnoName } from '../../../spec/index.js';
import type { BootSpec } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { cell, isDocumented, type Recipe } from './cells.js';
import { Ctx } from './kit.js';
import { identityFor, invoke, ROOT_CAPS, ALL_CAPS, type Given } from './matrix.js';

export interface StateSpec {
  readonly row: string;
  readonly errno: ErrnoName;
  readonly clause: string;
  readonly variant: string;
  /** The situation, for the description. */
  readonly what: string;
  readonly boot?: BootSpec;
  /** Set-up; returns arguments for the call (the rest are valid). */
  readonly setup?: (ctx: Ctx) => Readonly<Record<string, Given>> | Ctx | void;
  readonly args?: Readonly<Record<string, Given>>;
  /** Checks after the errno, with the registers the set-up kept. */
  readonly after?: (ctx: Ctx) => void;
  /** Clauses the main assertion checks besides `clause`. */
  readonly also?: readonly string[];
  /** Further cells of the same row the situation provokes (another clause naming the same errno). */
  readonly alsoCells?: readonly string[];
}

export function stateRecipe(s: StateSpec): Recipe {
  syscall(s.row);
  return {
    id: `state/${s.row}/${s.clause.toLowerCase()}/${s.variant}`,
    description: `${s.row}: ${s.what} fails ${s.errno} (${s.clause})`,
    cells: [s.clause, ...(s.alsoCells ?? [])].map((c) => cell(s.row, s.errno, c)).filter(isDocumented),
    build(ctx) {
      ctx.setBoot({ ...identityFor(syscall(s.row)), ...(s.boot ?? {}) });
      const made = s.setup?.(ctx);
      // A set-up written as an arrow around ctx.sys(...) returns the Ctx itself: no arguments.
      const given = { ...(made instanceof Ctx || made === undefined ? {} : made), ...(s.args ?? {}) };
      invoke(ctx, s.row, given);
      ctx.expectErrno(`${s.row}: ${s.what} returns -${s.errno}`, [s.clause, ...(s.alsoCells ?? []), ...(s.also ?? [])], s.errno);
      s.after?.(ctx);
    },
  };
}

export function capBit(cap: CapName): number {
  return CAPABILITIES.members.find((c) => c.name === cap)!.value;
}

/** init as root without `cap` (SEC.PRINCIPALS, boot identity). */
export function without(...caps: CapName[]): BootSpec {
  const mask = caps.reduce((m, c) => m | capBit(c), 0);
  return { identity: { principal: 1, session: 1, caps: (ALL_CAPS | ROOT_CAPS) & ~mask } };
}

export const O_RDONLY = constValue('OPEN_ACCESS', 'O_RDONLY');
export const O_WRONLY = constValue('OPEN_ACCESS', 'O_WRONLY');
export const O_RDWR = constValue('OPEN_ACCESS', 'O_RDWR');
export const O_CREAT = constValue('OPEN_FLAGS', 'O_CREAT');
export const O_TRUNC = constValue('OPEN_FLAGS', 'O_TRUNC');
export const O_CLOEXEC = constValue('OPEN_FLAGS', 'O_CLOEXEC');
export const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');

/** Creates an empty tmpfs file (open O_CREAT, close). */
export function touch(ctx: Ctx, path: string): void {
  const fd = ctx.call('open', ctx.str(path), O_RDWR | O_CREAT, 0o644);
  ctx.sys('close', fd);
}

export function mkdir(ctx: Ctx, ...paths: string[]): void {
  for (const p of paths) ctx.sys('mkdir', ctx.str(p), 0o755);
}

/** Confines init to a fresh tmpfs directory (SEC.CONFINE.NARROW). */
export const JAIL = '/tmp/jail';
export function jail(ctx: Ctx): void {
  mkdir(ctx, JAIL);
  ctx.sys('confine', ctx.str(JAIL));
}

/** fcntl(fd, F_SETFL, O_NONBLOCK) (FD.FCNTL.SETFL). */
export function setNonblock(ctx: Ctx, fd: Reg): void {
  ctx.sys('fcntl', fd, constValue('FCNTL_CMDS', 'F_SETFL'), O_NONBLOCK);
}

/** A pipe's two ends. */
export function pipe(ctx: Ctx): { read: Reg; write: Reg } {
  const fds = ctx.space(8, 8);
  ctx.sys('pipe', fds);
  return { read: ctx.loadInt(fds), write: ctx.loadInt(fds + 4) };
}

/** A child started by spawn_handles_async with no handles; its pid. */
export function spawnAsync(ctx: Ctx, path: string): Reg {
  return ctx.call('spawn_handles_async', ctx.str(path), 0, 0, 0);
}
