import { PAGE_SIZE, type PhysicalMemory } from './physical.js';

export const PROT_R = 1;
export const PROT_W = 2;
export const PROT_X = 4;
const PRESENT = 8;
/** The page holds translated code: writes take the slow path, which invalidates it. */
const CODE = 16;
const ENTRY_SHIFT = 5;

/** User virtual addresses are [0, 2^40): a page number fits an int32. */
export const VA_BITS = 40;
export const VA_LIMIT = 2 ** VA_BITS;
const L2_BITS = 14;
const L2_SIZE = 1 << L2_BITS;
const L1_SIZE = 1 << (VA_BITS - 12 - L2_BITS);
const TWO_64 = 2 ** 64;

export type Access = 'read' | 'write' | 'exec';

/** Thrown (as a singleton, without a stack) by memory accessors; details are on the space. */
export const MEMORY_FAULT: unique symbol = Symbol('memory fault');
export type MemoryFaultSignal = typeof MEMORY_FAULT;

export interface MemoryFault {
  /** Virtual address of the first byte that could not be accessed. Rounded above 2^53. */
  readonly addr: number;
  readonly access: Access;
  /** true for an alignment fault (exclusive or atomic access to a misaligned address). */
  readonly alignment: boolean;
}

const EMPTY_LEAF = new Int32Array(L2_SIZE);

/**
 * A page table over a PhysicalMemory: the interface the kernel provides to the CPU.
 * Entries pack frame number and R/W/X permissions; every guest access goes through the
 * accessors below, which fault precisely instead of touching memory they should not.
 */
export class AddressSpace {
  readonly phys: PhysicalMemory;
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private readonly l1: Int32Array[];
  /** Mapped page numbers (kept beside the table so listing and clearing skip empty slots). */
  private readonly mapped = new Set<number>();
  /** Indices of `l1` that hold a leaf of their own. */
  private readonly touched: number[] = [];
  private disposed = false;
  /** Second word of the last r64. */
  hi = 0;
  private faultAddr = 0;
  private faultAccess: Access = 'read';
  private faultAlign = false;
  /** Called when translated code on page `vpn` becomes stale (write or permission change). */
  onCodeInvalidate: ((vpn: number) => void) | null = null;

  constructor(phys: PhysicalMemory) {
    this.phys = phys;
    this.view = phys.view;
    this.bytes = phys.bytes;
    this.l1 = phys.tablePool.tops.pop() ?? new Array<Int32Array>(L1_SIZE).fill(EMPTY_LEAF);
  }

  /**
   * Unmaps everything and gives the page-table arrays back to the machine for the next
   * address space. The space must not be used afterwards.
   */
  dispose(): void {
    if (this.disposed) return;
    this.clear();
    this.disposed = true;
    const pool = this.phys.tablePool;
    for (const i of this.touched) {
      pool.leaves.push(this.l1[i]!);
      this.l1[i] = EMPTY_LEAF;
    }
    this.touched.length = 0;
    pool.tops.push(this.l1);
  }

  // ---- page table (kernel side) -----------------------------------------------------------

  entry(vpn: number): number {
    return this.l1[vpn >>> L2_BITS]![vpn & (L2_SIZE - 1)]!;
  }

  private setEntry(vpn: number, value: number): void {
    const i = vpn >>> L2_BITS;
    let leaf = this.l1[i]!;
    if (leaf === EMPTY_LEAF) {
      if (value === 0) return;
      if (this.disposed) throw new Error('use of a disposed address space');
      leaf = this.phys.tablePool.leaves.pop() ?? new Int32Array(L2_SIZE);
      this.l1[i] = leaf;
      this.touched.push(i);
    }
    leaf[vpn & (L2_SIZE - 1)] = value;
  }

  isMapped(vpn: number): boolean {
    return (this.entry(vpn) & PRESENT) !== 0;
  }

  /** Frame backing `vpn`, or -1. */
  frameOf(vpn: number): number {
    const e = this.entry(vpn);
    return (e & PRESENT) !== 0 ? e >>> ENTRY_SHIFT : -1;
  }

  permsOf(vpn: number): number {
    return this.entry(vpn) & (PROT_R | PROT_W | PROT_X);
  }

  /** Maps `vpn` to `frame` (taking over one reference held by the caller). */
  mapPage(vpn: number, frame: number, perms: number): void {
    checkVpn(vpn);
    if (this.isMapped(vpn)) this.unmapPage(vpn);
    this.setEntry(vpn, (frame << ENTRY_SHIFT) | PRESENT | (perms & 7));
    this.mapped.add(vpn);
  }

  /** Unmaps `vpn`, releasing its frame reference. */
  unmapPage(vpn: number): void {
    const e = this.entry(vpn);
    if ((e & PRESENT) === 0) return;
    if ((e & CODE) !== 0) this.onCodeInvalidate?.(vpn);
    this.setEntry(vpn, 0);
    this.mapped.delete(vpn);
    this.phys.release(e >>> ENTRY_SHIFT);
  }

  protectPage(vpn: number, perms: number): void {
    const e = this.entry(vpn);
    if ((e & PRESENT) === 0) throw new Error(`protect of unmapped page ${vpn.toString(16)}`);
    if ((e & CODE) !== 0) this.onCodeInvalidate?.(vpn);
    this.setEntry(vpn, (e & ~(7 | CODE)) | (perms & 7));
  }

  /** Marks `vpn` as holding translated code (called by the translator). */
  markCode(vpn: number): void {
    const e = this.entry(vpn);
    if ((e & PRESENT) !== 0) this.setEntry(vpn, e | CODE);
  }

  /** Every mapped page number, ascending. */
  mappedPages(): number[] {
    return [...this.mapped].sort((a, b) => a - b);
  }

  /** Unmaps everything. */
  clear(): void {
    for (const vpn of [...this.mapped]) this.unmapPage(vpn);
  }

  // ---- kernel copy-in/copy-out (user permissions enforced) --------------------------------

  /** Whether [va, va+len) is entirely accessible for `access`. */
  accessible(va: number, len: number, access: Access): boolean {
    if (len === 0) return va >= 0 && va <= VA_LIMIT;
    if (!(va >= 0 && va + len <= VA_LIMIT)) return false;
    const bit = access === 'read' ? PROT_R : access === 'write' ? PROT_W : PROT_X;
    const last = Math.floor((va + len - 1) / PAGE_SIZE);
    for (let vpn = Math.floor(va / PAGE_SIZE); vpn <= last; vpn++) {
      const e = this.entry(vpn);
      if ((e & PRESENT) === 0 || (e & bit) === 0) return false;
    }
    return true;
  }

  /** Copies guest bytes out, or returns null if any byte is not readable. */
  copyIn(va: number, len: number): Uint8Array | null {
    if (!this.accessible(va, len, 'read')) return null;
    const out = new Uint8Array(len);
    this.forEachChunk(va, len, (phys, done, n) => out.set(this.bytes.subarray(phys, phys + n), done));
    return out;
  }

  /** Copies bytes into the guest, or returns false (writing nothing) if any byte is not writable. */
  copyOut(va: number, data: Uint8Array): boolean {
    if (!this.accessible(va, data.length, 'write')) return false;
    this.forEachChunk(va, data.length, (phys, done, n, vpn) => {
      if ((this.entry(vpn) & CODE) !== 0) this.invalidateCodeOn(vpn);
      this.bytes.set(data.subarray(done, done + n), phys);
    });
    return true;
  }

  /** Writes bytes regardless of permissions (loader use: filling pages before protecting them). */
  poke(va: number, data: Uint8Array): void {
    this.forEachChunk(va, data.length, (phys, done, n, vpn) => {
      if ((this.entry(vpn) & PRESENT) === 0) throw new Error(`poke to unmapped page at ${va.toString(16)}`);
      if ((this.entry(vpn) & CODE) !== 0) this.invalidateCodeOn(vpn);
      this.bytes.set(data.subarray(done, done + n), phys);
    });
  }

  /** Reads bytes regardless of permissions (debugger and loader use). */
  peek(va: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    this.forEachChunk(va, len, (phys, done, n, vpn) => {
      if ((this.entry(vpn) & PRESENT) === 0) throw new Error(`peek of unmapped page at ${va.toString(16)}`);
      out.set(this.bytes.subarray(phys, phys + n), done);
    });
    return out;
  }

  /** Reads a NUL-terminated string of at most `max` bytes; null on fault or if too long. */
  readCString(va: number, max: number): Uint8Array | null {
    const out: number[] = [];
    for (let i = 0; i < max; i++) {
      const a = va + i;
      if (!this.accessible(a, 1, 'read')) return null;
      const e = this.entry(Math.floor(a / PAGE_SIZE));
      const b = this.bytes[((e >>> ENTRY_SHIFT) << 12) | (a & 4095)]!;
      if (b === 0) return Uint8Array.from(out);
      out.push(b);
    }
    return null;
  }

  private forEachChunk(
    va: number,
    len: number,
    fn: (physOffset: number, done: number, n: number, vpn: number) => void,
  ): void {
    let done = 0;
    while (done < len) {
      const a = va + done;
      const vpn = Math.floor(a / PAGE_SIZE);
      const off = a % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      fn(((this.entry(vpn) >>> ENTRY_SHIFT) << 12) + off, done, n, vpn);
      done += n;
    }
  }

  private invalidateCodeOn(vpn: number): void {
    this.onCodeInvalidate?.(vpn);
    this.setEntry(vpn, this.entry(vpn) & ~CODE);
  }

  // ---- guest accessors (hot) ------------------------------------------------------------

  get lastFault(): MemoryFault {
    return { addr: this.faultAddr, access: this.faultAccess, alignment: this.faultAlign };
  }

  r8(a: number): number {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      if ((e & 1) !== 0) return this.bytes[((e >>> 5) << 12) | (a & 4095)]!;
    }
    return this.slowRead(a, 1);
  }

  r16(a: number): number {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      const off = a & 4095;
      if ((e & 1) !== 0 && off <= 4094) return this.view.getUint16(((e >>> 5) << 12) | off, true);
    }
    return this.slowRead(a, 2);
  }

  r32(a: number): number {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      const off = a & 4095;
      if ((e & 1) !== 0 && off <= 4092) return this.view.getInt32(((e >>> 5) << 12) | off, true);
    }
    return this.slowRead(a, 4);
  }

  /** Returns the low word; the high word is left in `hi`. */
  r64(a: number): number {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      const off = a & 4095;
      if ((e & 1) !== 0 && off <= 4088) {
        const p = ((e >>> 5) << 12) | off;
        this.hi = this.view.getInt32(p + 4, true);
        return this.view.getInt32(p, true);
      }
    }
    return this.slowRead64(a);
  }

  w8(a: number, v: number): void {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      if ((e & 18) === 2) {
        this.bytes[((e >>> 5) << 12) | (a & 4095)] = v;
        return;
      }
    }
    this.slowWrite(a, 1, v, 0);
  }

  w16(a: number, v: number): void {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      const off = a & 4095;
      if ((e & 18) === 2 && off <= 4094) {
        this.view.setUint16(((e >>> 5) << 12) | off, v, true);
        return;
      }
    }
    this.slowWrite(a, 2, v, 0);
  }

  w32(a: number, v: number): void {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      const off = a & 4095;
      if ((e & 18) === 2 && off <= 4092) {
        this.view.setInt32(((e >>> 5) << 12) | off, v, true);
        return;
      }
    }
    this.slowWrite(a, 4, v, 0);
  }

  w64(a: number, lo: number, hi: number): void {
    if (a >= 0 && a < VA_LIMIT) {
      const vpn = (a / 4096) | 0;
      const e = this.l1[vpn >>> 14]![vpn & 16383]!;
      const off = a & 4095;
      if ((e & 18) === 2 && off <= 4088) {
        const p = ((e >>> 5) << 12) | off;
        this.view.setInt32(p, lo, true);
        this.view.setInt32(p + 4, hi, true);
        return;
      }
    }
    this.slowWrite(a, 8, lo, hi);
  }

  /**
   * Checks that [a, a+len) is accessible (writes: writable) and throws the fault otherwise.
   * Used before multi-part stores so a faulting store writes nothing.
   */
  probe(a: number, len: number, write: boolean): void {
    a = wrap(a);
    for (let i = 0; i < len; i++) this.translate(a + i, write);
  }

  /** Raises an alignment fault at `a`. */
  alignFault(a: number): never {
    this.faultAddr = wrap(a);
    this.faultAccess = 'read';
    this.faultAlign = true;
    throw MEMORY_FAULT;
  }

  /** Instruction fetch at `pc` for the translator: the word, or a fault recorded and thrown. */
  fetch(pc: number): number {
    const p = this.translateFetch(pc);
    return this.view.getInt32(p, true) >>> 0;
  }

  /** Physical offset for an instruction fetch, marking the page as holding code. */
  private translateFetch(pc: number): number {
    const a = wrap(pc);
    if (a % 4 !== 0) {
      // PC alignment fault (Arm ARM D1.3.5.1): reported as an alignment fault on fetch.
      this.faultAddr = a;
      this.faultAccess = 'exec';
      this.faultAlign = true;
      throw MEMORY_FAULT;
    }
    if (a < VA_LIMIT) {
      const vpn = Math.floor(a / PAGE_SIZE);
      const e = this.entry(vpn);
      if ((e & PRESENT) !== 0 && (e & PROT_X) !== 0) {
        return ((e >>> ENTRY_SHIFT) << 12) + (a % PAGE_SIZE);
      }
    }
    this.faultAddr = a;
    this.faultAccess = 'exec';
    this.faultAlign = false;
    throw MEMORY_FAULT;
  }

  /** Physical offset of guest byte `a`, or throws the fault. Handles code-page writes. */
  private translate(a: number, write: boolean): number {
    if (a < VA_LIMIT) {
      const vpn = Math.floor(a / PAGE_SIZE);
      const e = this.entry(vpn);
      if ((e & PRESENT) !== 0 && (e & (write ? PROT_W : PROT_R)) !== 0) {
        if (write && (e & CODE) !== 0) this.invalidateCodeOn(vpn);
        return ((e >>> ENTRY_SHIFT) << 12) + (a % PAGE_SIZE);
      }
    }
    this.faultAddr = a;
    this.faultAccess = write ? 'write' : 'read';
    this.faultAlign = false;
    throw MEMORY_FAULT;
  }

  private slowRead(a: number, size: number): number {
    a = wrap(a);
    let v = 0;
    for (let i = 0; i < size; i++) v |= this.bytes[this.translate(wrap(a + i), false)]! << (8 * i);
    return size === 4 ? v : v >>> 0;
  }

  private slowRead64(a: number): number {
    a = wrap(a);
    const lo = this.slowRead(a, 4);
    this.hi = this.slowRead(wrap(a + 4), 4);
    return lo;
  }

  private slowWrite(a: number, size: number, lo: number, hi: number): void {
    a = wrap(a);
    const phys: number[] = [];
    for (let i = 0; i < size; i++) phys.push(this.translate(wrap(a + i), true));
    for (let i = 0; i < size; i++) {
      const word = i < 4 ? lo : hi;
      this.bytes[phys[i]!] = (word >>> (8 * (i & 3))) & 0xff;
    }
  }
}

function wrap(a: number): number {
  if (a >= 0 && a < TWO_64) return a;
  const r = a % TWO_64;
  return r < 0 ? r + TWO_64 : r;
}

function checkVpn(vpn: number): void {
  if (!Number.isInteger(vpn) || vpn < 0 || vpn >= VA_LIMIT / PAGE_SIZE) {
    throw new RangeError(`page number ${vpn} outside the ${VA_BITS}-bit user address space`);
  }
}
