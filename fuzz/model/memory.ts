// The model's address space: which pages are covered (image, stack, MAP_FIXED slots) and with what
// protection, the bytes placed there when the program was built, and the mappings the kernel
// places itself (known relative to their base only). Questions it cannot answer exactly come back
// as 'unknown', and the call asking is left out of the program.

import { constValue } from '../../spec/index.js';
import type { Value } from '../types/index.js';
import {
  DATA, DATA_SIZE, FIXED_TOP, MMAP_FLOOR, GUARDS, GUARD_COUNT, INPUT_SIZE, KERNEL_RANGE, MMAP_TOP, PAGE, RODATA, RODATA_SIZE, SPARE,
  STACK_PAGES, STACK_TOP, UNMAPPED, USER_VA_END, USER_VA_MIN,
} from './layout.js';

export const PROT_READ = constValue('PROT', 'PROT_READ');
export const PROT_WRITE = constValue('PROT', 'PROT_WRITE');
export const PROT_EXEC = constValue('PROT', 'PROT_EXEC');

export type Tri = boolean | 'unknown';
export type Access = 'read' | 'write';

/** A mapping the kernel placed: its pages by index (protection, or null once unmapped). */
export interface Floating {
  readonly slot: number;
  readonly pages: (number | null)[];
}

/** A page range: absolute, or relative to a floating mapping's base. */
export type PageRange =
  | { readonly kind: 'abs'; readonly first: number; readonly count: number }
  | { readonly kind: 'rel'; readonly map: Floating; readonly first: number; readonly count: number };

const enc = (n: number): number => Math.floor(n / PAGE);
/** Machine frames the model is sure are free for new mappings (the run's machine is larger). */
export const COMMIT_SURE = 1536;
/** Frames of the run's machine: more than this can never be committed. */
export const MACHINE_FRAMES = 4096;

function allows(prot: number, access: Access): boolean {
  return access === 'read' ? prot !== 0 : (prot & PROT_WRITE) !== 0;
}

export class ModelMemory {
  /** Covered pages by page number with their protection (0: reserved, no access). */
  readonly pages = new Map<number, number>();
  private readonly content = new Map<number, Uint8Array>();
  readonly floating: Floating[] = [];
  /** Pages ever placed by the kernel from the top of the mapping area (it reuses holes, so this bounds its reach). */
  floatingReach = 0;
  private inputAt = DATA;
  private rodataAt = RODATA;
  private readonly rodataBytes = new Uint8Array(RODATA_SIZE);
  /** Guard pages used, by index. */
  readonly guards: number[] = [];

  constructor() {
    const cover = (base: number, bytes: number, prot: number): void => {
      for (let p = enc(base); p < enc(base + bytes + PAGE - 1); p++) this.pages.set(p, prot);
    };
    cover(RODATA, RODATA_SIZE, PROT_READ);
    cover(DATA, DATA_SIZE, PROT_READ | PROT_WRITE);
    cover(SPARE, PAGE, PROT_READ | PROT_WRITE);
    cover(STACK_TOP - STACK_PAGES * PAGE, STACK_PAGES * PAGE, PROT_READ | PROT_WRITE);
  }

  /** Pages with access committed by MAP_FIXED slots and floating mappings. */
  committed(): number {
    let n = 0;
    for (const [vpn, prot] of this.pages) if (vpn >= enc(MMAP_FLOOR) && vpn < enc(MMAP_TOP) && prot !== 0) n++;
    for (const f of this.floating) for (const p of f.pages) if (p !== null && p !== 0) n++;
    return n;
  }

  /** Whether `n` more committed pages surely fit (true), surely do not (false), or may not. */
  canCommit(n: number): Tri {
    if (n > MACHINE_FRAMES) return false;
    return this.committed() + n <= COMMIT_SURE ? true : 'unknown';
  }

  // ---- placement (building the program) ---------------------------------------------------

  private write(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; ) {
      const vpn = enc(addr + i);
      const off = (addr + i) % PAGE;
      const n = Math.min(PAGE - off, bytes.length - i);
      let page = this.content.get(vpn);
      if (!page) this.content.set(vpn, (page = new Uint8Array(PAGE)));
      page.set(bytes.subarray(i, i + n), off);
      i += n;
    }
  }

  /**
   * Input bytes in the data area (16-aligned, or 16-aligned + 1). Placements never overlap: once
   * the area is full, bytes past its end are not placed (a range there runs into output scratch).
   */
  placeData(bytes: Uint8Array, unaligned: boolean): number {
    const end = DATA + INPUT_SIZE;
    const at = Math.min(end, Math.ceil(this.inputAt / 16) * 16 + (unaligned ? 1 : 0));
    this.write(at, bytes.subarray(0, Math.max(0, end - at)));
    this.inputAt = Math.min(end, at + bytes.length);
    return at;
  }

  /** Read-only bytes; past the segment's end nothing is mapped, so a range there faults. */
  placeRodata(bytes: Uint8Array): number {
    const end = RODATA + RODATA_SIZE;
    const at = Math.min(end, Math.ceil(this.rodataAt / 16) * 16);
    const fits = bytes.subarray(0, Math.max(0, end - at));
    this.rodataBytes.set(fits, at - RODATA);
    this.write(at, fits);
    this.rodataAt = Math.min(end, at + bytes.length);
    return at;
  }

  /** The first `cut` bytes of `bytes` just below the end of a fresh guard page; null when none is left. */
  placeGuard(bytes: Uint8Array, cut: number): number | null {
    if (this.guards.length >= GUARD_COUNT) return null;
    const page = GUARDS + 2 * PAGE * this.guards.length;
    this.guards.push(page);
    this.pages.set(enc(page), PROT_READ | PROT_WRITE);
    const at = page + PAGE - cut;
    this.write(at, bytes.subarray(0, cut));
    return at;
  }

  /** The bytes of the read-only segment and of each guard page, for the ELF. */
  segments(): { readonly rodata: Uint8Array; readonly data: Uint8Array; readonly guards: readonly { vaddr: number; data: Uint8Array }[] } {
    const data = new Uint8Array(this.inputAt - DATA);
    for (let i = 0; i < data.length; i += PAGE) {
      const page = this.content.get(enc(DATA + i));
      if (page) data.set(page.subarray(0, Math.min(PAGE, data.length - i)), i);
    }
    return {
      rodata: this.rodataBytes.slice(0, Math.max(1, this.rodataAt - RODATA)),
      data,
      guards: this.guards.map((vaddr) => ({ vaddr, data: this.content.get(enc(vaddr)) ?? new Uint8Array(PAGE) })),
    };
  }

  // ---- questions ---------------------------------------------------------------------------

  private floatingOf(slot: number): Floating | undefined {
    return this.floating.find((f) => f.slot === slot);
  }

  /** Whether an absolute page may hold a floating mapping (the top of the mapping area). */
  private inFloatingZone(vpn: number): boolean {
    return vpn >= enc(FIXED_TOP) && vpn < enc(MMAP_TOP);
  }

  /** The pages of [addr, addr + size), or null for a range outside user memory. */
  range(v: Value, size: bigint): PageRange | 'outside' | 'unknown' {
    if (v.kind === 'slot') {
      const map = this.floatingOf(v.slot);
      if (!map) return 'unknown';
      const add = BigInt.asIntN(64, v.add);
      if (add < 0n || add + size > BigInt(map.pages.length * PAGE)) return 'unknown';
      const first = Number(add) / PAGE;
      return { kind: 'rel', map, first: Math.floor(first), count: Math.ceil((Number(add) + Number(size)) / PAGE) - Math.floor(first) };
    }
    const a = v.v;
    if (a < BigInt(USER_VA_MIN) || a + size > BigInt(USER_VA_END)) return 'outside';
    const start = Number(a);
    const end = start + Number(size);
    return { kind: 'abs', first: enc(start), count: Math.ceil(end / PAGE) - enc(start) };
  }

  /** The protection of each page of a range: a number, null (not covered), or undefined (cannot say). */
  private protOf(r: PageRange, i: number): number | null | undefined {
    if (r.kind === 'rel') return r.map.pages[r.first + i] ?? null;
    const vpn = r.first + i;
    const p = this.pages.get(vpn);
    if (p !== undefined) return p;
    return this.inFloatingZone(vpn) && this.floatingReach > 0 ? undefined : null;
  }

  /** Whether every byte of [v, v + size) allows `access` (ABI.FAULT). */
  accessible(v: Value, size: bigint, access: Access): Tri {
    if (size === 0n) return true;
    const r = this.range(v, size);
    if (r === 'outside') return false;
    if (r === 'unknown') return 'unknown';
    let unknown = false;
    for (let i = 0; i < r.count; i++) {
      const p = this.protOf(r, i);
      if (p === undefined) unknown = true;
      else if (p === null || !allows(p, access)) return false;
    }
    return unknown ? 'unknown' : true;
  }

  /** Whether every page of the range is covered by a mapping or reservation (MM.MPROTECT.UNMAPPED). */
  covered(r: PageRange): Tri {
    let unknown = false;
    for (let i = 0; i < r.count; i++) {
      const p = this.protOf(r, i);
      if (p === undefined) unknown = true;
      else if (p === null) return false;
    }
    return unknown ? 'unknown' : true;
  }

  /** Bytes placed at an absolute address (zero where nothing was placed); null for a run-time address. */
  bytesAt(v: Value, n: number): Uint8Array | null {
    if (v.kind !== 'imm') return null;
    const out = new Uint8Array(n);
    const a = Number(v.v);
    for (let i = 0; i < n; i++) {
      const page = this.content.get(enc(a + i));
      out[i] = page ? page[(a + i) % PAGE]! : 0;
    }
    return out;
  }

  /**
   * A NUL-terminated string of at most `max` bytes at `v`: its bytes, 'fault', 'too-long', or
   * 'unknown' (content or access the model does not know).
   */
  readString(v: Value, max: number): Uint8Array | 'fault' | 'too-long' | 'unknown' {
    if (v.kind !== 'imm') return 'unknown';
    const out: number[] = [];
    for (let i = 0; i <= max; i++) {
      const a = imm(v.v + BigInt(i));
      const ok = this.accessible(a, 1n, 'read');
      if (ok === 'unknown') return 'unknown';
      if (!ok) return 'fault';
      if (!this.knownContent(Number(v.v) + i)) return 'unknown';
      const b = this.bytesAt(a, 1)![0]!;
      if (b === 0) return Uint8Array.from(out);
      out.push(b);
    }
    return 'too-long';
  }

  /** Whether the model knows the byte at `addr` (static pages the kernel never writes). */
  private knownContent(addr: number): boolean {
    return (addr >= DATA && addr < DATA + INPUT_SIZE) || (addr >= RODATA && addr < RODATA + RODATA_SIZE) || this.guards.includes(Math.floor(addr / PAGE) * PAGE);
  }

  /** Whether input bytes at `v` (n of them) are what was placed. */
  known(v: Value, n: number): boolean {
    if (v.kind !== 'imm' || v.v > BigInt(USER_VA_END)) return false;
    for (let i = 0; i < n; i += Math.max(1, Math.min(n - i, PAGE))) if (!this.knownContent(Number(v.v) + i)) return false;
    return n === 0 || this.knownContent(Number(v.v) + n - 1);
  }

  // ---- changes -----------------------------------------------------------------------------

  setProt(r: PageRange, prot: number): void {
    for (let i = 0; i < r.count; i++) {
      if (r.kind === 'rel') {
        if (r.map.pages[r.first + i] !== null) r.map.pages[r.first + i] = prot;
      } else if (this.pages.has(r.first + i)) this.pages.set(r.first + i, prot);
    }
  }

  /** MAP_FIXED: the range becomes one mapping with `prot` (replacing what was there). */
  mapFixed(r: PageRange, prot: number): void {
    for (let i = 0; i < r.count; i++) {
      if (r.kind === 'rel') r.map.pages[r.first + i] = prot;
      else this.pages.set(r.first + i, prot);
    }
  }

  unmap(r: PageRange): void {
    for (let i = 0; i < r.count; i++) {
      if (r.kind === 'rel') r.map.pages[r.first + i] = null;
      else this.pages.delete(r.first + i);
    }
  }

  addFloating(slot: number, count: number, prot: number): void {
    this.floating.push({ slot, pages: new Array<number | null>(count).fill(prot) });
    this.floatingReach += count;
  }

  /** Live floating mappings (at least one page left), oldest first. */
  liveFloating(): Floating[] {
    return this.floating.filter((f) => f.pages.some((p) => p !== null));
  }
}

export function imm(v: bigint): Value {
  return { kind: 'imm', v: BigInt.asUintN(64, v) };
}

export { KERNEL_RANGE, UNMAPPED };
