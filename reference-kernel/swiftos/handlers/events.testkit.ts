// Shared by the eventfd, poll, pidfd and timerfd tests: calls with register arguments, guest
// reports through the console, and a run that stamps every syscall with the virtual time.

import { constValue, decodeLayout, layout, type FieldValue } from '../../../spec/index.js';
import { Kernel, type BootOptions, type RunResult, type SyscallEvent } from '../kernel.js';
import type { Process } from '../process.js';
import { Prog } from '../testkit.js';

import { call } from '../testkit.js';

export { call, type Arg } from '../testkit.js';

/** Writes the `n` bytes at `addr` to the console: the test reads them back with `reports`. */
export function report(p: Prog, addr: number, n = 8): Prog {
  return call(p, 'write', 1, addr, n);
}

/** Stores the 64-bit value of register `reg` at a fresh data word and reports it. */
export function reportReg(p: Prog, reg: number): Prog {
  const at = p.space(8, 8);
  p.store(reg, at);
  return report(p, at);
}

/** A 64-bit little-endian value as bytes. */
export function u64(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
}

/** pollfd records built with the spec layout's field order. */
export function pollfds(entries: readonly { fd: number; events: number }[]): Uint8Array {
  const l = layout('pollfd');
  const out = new Uint8Array(l.size * entries.length);
  const v = new DataView(out.buffer);
  const off = (name: string): number => l.fields.find((f) => f.name === name)!.offset;
  entries.forEach((e, i) => {
    v.setInt32(i * l.size + off('fd'), e.fd, true);
    v.setInt16(i * l.size + off('events'), e.events, true);
    v.setInt16(i * l.size + off('revents'), 0x7777, true);
  });
  return out;
}

export const POLL = {
  IN: constValue('POLL_EVENTS', 'POLLIN'),
  OUT: constValue('POLL_EVENTS', 'POLLOUT'),
  ERR: constValue('POLL_EVENTS', 'POLLERR'),
  HUP: constValue('POLL_EVENTS', 'POLLHUP'),
  NVAL: constValue('POLL_EVENTS', 'POLLNVAL'),
} as const;

/** ns per poll timeout tick (FD.POLL.TIMEOUT): 1 / TIMER_HZ. */
export const TICK_NS = 1e9 / constValue('LIMITS', 'TIMER_HZ');

export { err } from '../testkit.js';

/** A syscall event stamped with the virtual time (ns since boot) when it completed or blocked. */
export interface TimedEvent extends SyscallEvent {
  readonly at: number;
}

export interface TimedRun {
  readonly result: RunResult;
  readonly kernel: Kernel;
  readonly events: readonly TimedEvent[];
  readonly calls: readonly TimedEvent[];
  readonly trace: readonly string[];
  /** The console output as bytes. */
  readonly console: Uint8Array;
  /** The i-th completed call named `name` (by any process unless `pid` is given). */
  call(name: string, i?: number, pid?: number): TimedEvent;
  rets(name: string, pid?: number): bigint[];
  /** The console output cut into `size`-byte reports. */
  reports(size?: number): Uint8Array[];
  /** The console output as 64-bit little-endian words. */
  words(): bigint[];
  /** Reports decoded with a spec layout. */
  records(layoutName: string): Record<string, FieldValue>[];
}

export interface TimedOptions extends BootOptions {
  /** Runs after boot, before the first instruction (e.g. to set a signal disposition). */
  readonly setup?: (kernel: Kernel, init: Process) => void;
  /** Runs after every syscall event, with the kernel. */
  readonly onEvent?: (kernel: Kernel, e: SyscallEvent) => void;
}

/** Boots `p` as init and runs it, recording every syscall with the virtual time. */
export function timedRun(p: Prog, opts: TimedOptions = {}): TimedRun {
  const events: TimedEvent[] = [];
  const trace: string[] = [];
  const box: { kernel: Kernel | null } = { kernel: null };
  const { setup, onEvent, ...boot } = opts;
  const kernel = new Kernel({
    maxInstructions: 50_000_000,
    ...boot,
    trace: (l) => trace.push(l),
    onSyscall: (e) => {
      events.push({ ...e, at: box.kernel!.clock.now });
      onEvent?.(box.kernel!, e);
    },
  });
  box.kernel = kernel;
  const init = kernel.boot(p.elf(), 'init');
  setup?.(kernel, init);
  const result = kernel.run();
  const calls = events.filter((e) => e.outcome === 'return');
  const named = (name: string, pid?: number): TimedEvent[] => calls.filter((e) => e.name === name && (pid === undefined || e.pid === pid));
  const reports = (size = 8): Uint8Array[] => {
    const out: Uint8Array[] = [];
    for (let i = 0; i + size <= result.console.length; i += size) out.push(result.console.slice(i, i + size));
    return out;
  };
  return {
    result, kernel, events, calls, trace, console: result.console,
    call: (name, i = 0, pid) => {
      const e = named(name, pid)[i];
      if (!e) throw new Error(`no completed call ${name} #${i}; verdict ${JSON.stringify(result.verdict)}; trace tail:\n${trace.slice(-15).join('\n')}`);
      return e;
    },
    rets: (name, pid) => named(name, pid).map((e) => e.ret!),
    reports,
    words: () => reports(8).map((b) => new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true)),
    records: (layoutName) => {
      const l = layout(layoutName);
      return reports(l.size).map((b) => decodeLayout(l, b));
    },
  };
}
