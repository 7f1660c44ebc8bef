// The kernel log ring (SYS.LOG.*): fixed capacity, overwrite oldest, exported as text records.
import { constValue } from '../../spec/index.js';

const TIMER_HZ = constValue('LIMITS', 'TIMER_HZ');
const NS_PER_TICK = 1_000_000_000 / TIMER_HZ;

/** Whole timer ticks (1/TIMER_HZ) in `ns` of virtual time (TIME.VIRTUAL). */
export function ticks(ns: number): number {
  return Math.floor(ns / NS_PER_TICK);
}

/** Severity; the record shows its first letter in upper case (D I W E P, as swift-os). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'panic';

export interface LogRecord {
  readonly tick: number;
  readonly level: LogLevel;
  /** Subsystem tag: one word. */
  readonly source: string;
  readonly message: string;
  /** Structured number; 0 means none and is not exported. */
  readonly detail: number;
  /** Process context; pid 0 with principal 1 is the kernel's own context and is not exported. */
  readonly pid: number;
  readonly principal: number;
}

export interface LogStats {
  readonly capacity: number;
  readonly available: number;
  readonly totalWritten: number;
  readonly overwritten: number;
}

const enc = new TextEncoder();

/** One exported record (SYS.LOG.FORMAT), newline included. */
export function formatRecord(r: LogRecord): string {
  const msg = r.message.replace(/[\\"]/g, (c) => `\\${c}`);
  let line = `tick=${r.tick} level=${r.level[0]!.toUpperCase()} source=${r.source} msg="${msg}"`;
  if (r.detail !== 0) line += ` detail=${r.detail}`;
  if (r.pid !== 0 || r.principal !== 1) line += ` pid=${r.pid} principal=${r.principal}`;
  return `${line}\n`;
}

// What the reference kernel logs (SYS.LOG.EVENTS).

/** The first record of every run. */
export function bootRecord(): LogRecord {
  return { tick: 0, level: 'info', source: 'kernel', message: 'boot', detail: 0, pid: 0, principal: 1 };
}

/** A process ended: an exit with its code, or a kill with the signal. */
export function processEndRecord(ns: number, pid: number, principal: number, waitStatus: number): LogRecord {
  const signal = waitStatus & 0x7f;
  return signal !== 0
    ? { tick: ticks(ns), level: 'warn', source: 'signal', message: 'killed', detail: signal, pid, principal }
    : { tick: ticks(ns), level: 'info', source: 'proc', message: 'exit', detail: (waitStatus >> 8) & 0xff, pid, principal };
}

/** A psinfo call (swift-os records these in the ring). */
export function psinfoRecord(ns: number, pid: number, principal: number): LogRecord {
  return { tick: ticks(ns), level: 'info', source: 'proc', message: 'psinfo', detail: 0, pid, principal };
}

/** A flush of /data (FS.DATA.FLUSHLOG): the bytes written back, or a failure with EIO's number as detail. */
export function dataFlushRecord(ns: number, pid: number, principal: number, flushed: { readonly bytes: number } | 'EIO'): LogRecord {
  return flushed === 'EIO'
    ? { tick: ticks(ns), level: 'error', source: 'datafs', message: 'flush failed', detail: 5, pid, principal }
    : { tick: ticks(ns), level: 'info', source: 'datafs', message: 'flush', detail: flushed.bytes, pid, principal };
}

/** A ring of the last CAPACITY records; older ones are overwritten (SYS.LOG.RING). */
export class KernelLog {
  static readonly CAPACITY = 256;
  private readonly ring: LogRecord[] = [];
  private next = 0;
  private total = 0;

  append(record: LogRecord): void {
    if (this.ring.length < KernelLog.CAPACITY) this.ring.push(record);
    else this.ring[this.next] = record;
    this.next = (this.next + 1) % KernelLog.CAPACITY;
    this.total++;
  }

  /** Records held, oldest first. */
  records(): LogRecord[] {
    if (this.ring.length < KernelLog.CAPACITY) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  stats(): LogStats {
    const available = this.ring.length;
    return { capacity: KernelLog.CAPACITY, available, totalWritten: this.total, overwritten: this.total - available };
  }

  /**
   * The newest whole records that fit in `cap` bytes, at most `maxCount` of them when it is not
   * 0, oldest first (SYS.LOG.READ). Reading removes nothing (SYS.LOG.NOCONSUME).
   */
  exportTail(cap: number, maxCount: bigint): Uint8Array {
    const held = this.records();
    const picked: Uint8Array[] = [];
    let used = 0;
    for (let i = held.length - 1; i >= 0; i--) {
      if (maxCount !== 0n && BigInt(picked.length) >= maxCount) break;
      const bytes = enc.encode(formatRecord(held[i]!));
      if (used + bytes.length > cap) break;
      picked.push(bytes);
      used += bytes.length;
    }
    const out = new Uint8Array(used);
    let at = 0;
    for (let i = picked.length - 1; i >= 0; i--) {
      out.set(picked[i]!, at);
      at += picked[i]!.length;
    }
    return out;
  }
}
