import type { AddressSpace, Access } from '../../../cpu/memory/address-space.js';
import { classifyFault, type FaultClass } from './fault.js';
import { copyInto } from './fork.js';
import { PAGE_SIZE, SWIFTOS_LAYOUT, vpnOf, type MmLayout } from './layout.js';
import { mmap } from './mmap.js';
import { mmapFile, type MappableFile } from './mmap-file.js';
import { mprotect } from './mprotect.js';
import { munmap } from './munmap.js';
import type { Region, RegionKind } from './region.js';
import { mmOk, type MmResult } from './result.js';
import { sbrk } from './sbrk.js';
import { mapShared } from './shared.js';
import { newState, type MmOptions, type VmState } from './state.js';
import { pagePerms, type U64 } from './validate.js';

/**
 * The memory of one process: its region list over an AddressSpace. Every operation validates
 * first and changes nothing when it fails; every result names the clause that decided it.
 */
export class MemoryManager {
  private readonly vm: VmState;
  private readonly opts: MmOptions;

  constructor(space: AddressSpace, opts: MmOptions = {}) {
    this.opts = opts;
    this.vm = newState(space, opts.layout ?? SWIFTOS_LAYOUT, opts);
  }

  get space(): AddressSpace {
    return this.vm.space;
  }

  get layout(): MmLayout {
    return this.vm.layout;
  }

  /** The current program break. */
  get brk(): number {
    return this.vm.brk;
  }

  /** Frames this process holds. */
  get residentPages(): number {
    return this.vm.resident;
  }

  regions(): readonly Region[] {
    return this.vm.regions.all();
  }

  mmap(addr: U64, length: U64, prot: U64, flags: U64): MmResult {
    return mmap(this.vm, addr, length, prot, flags);
  }

  munmap(addr: U64, length: U64): MmResult {
    return munmap(this.vm, addr, length);
  }

  mprotect(addr: U64, length: U64, prot: U64): MmResult {
    return mprotect(this.vm, addr, length, prot);
  }

  sbrk(incr: U64): MmResult {
    return sbrk(this.vm, incr);
  }

  mmapFile(file: MappableFile, length: U64, prot: U64): MmResult {
    return mmapFile(this.vm, file, length, prot);
  }

  /** Maps frames a kernel object owns, read/write, each page taking a reference (SHM.MAP, DEV.MMAP.WINDOW). */
  mapShared(frames: readonly number[], label: string): MmResult {
    return mapShared(this.vm, frames, label);
  }

  classifyFault(addr: number, access: Access): FaultClass {
    return classifyFault(this.vm, addr, access);
  }

  /**
   * Registers pages the loader already mapped (image segments, the initial stack) as regions of
   * `kind`, one region per run of equal protection. Every page of the range must be mapped.
   */
  adopt(start: number, length: number, kind: RegionKind, label?: string): void {
    const end = start + length;
    if (start % PAGE_SIZE !== 0 || end % PAGE_SIZE !== 0) throw new Error('adopt of an unaligned range');
    if (this.vm.regions.overlapping(start, end).length > 0) throw new Error('adopt over existing regions');
    // One region per run of pages with the same protection.
    const made: Region[] = [];
    let run: { start: number; length: number; prot: number } | null = null;
    for (let a = start; a < end; a += PAGE_SIZE) {
      const vpn = vpnOf(a);
      if (!this.vm.space.isMapped(vpn)) throw new Error(`adopt of unmapped page 0x${a.toString(16)}`);
      const prot = this.vm.space.permsOf(vpn);
      if (run !== null && run.prot === prot) run.length += PAGE_SIZE;
      else {
        if (run !== null) made.push(this.region(run, kind, label));
        run = { start: a, length: PAGE_SIZE, prot };
      }
      this.vm.resident++;
    }
    if (run !== null) made.push(this.region(run, kind, label));
    this.vm.regions.insert(...made);
  }

  private region(run: { start: number; length: number; prot: number }, kind: RegionKind, label: string | undefined): Region {
    const base = { ...run, flags: 0, kind };
    return label === undefined ? base : { ...base, label };
  }

  /** fork: a manager over the empty space `into` holding a copy of every page and region. */
  clone(into: AddressSpace): MmResult<MemoryManager> {
    const child = new MemoryManager(into, this.opts);
    const r = copyInto(this.vm, child.vm);
    return r.ok ? mmOk(child, r.clause) : r;
  }

  /** exit/exec: frees every frame of the space and forgets every region. Returns the pages freed. */
  releaseAll(): number {
    const n = this.vm.space.mappedPages().length;
    this.vm.space.clear();
    this.vm.regions.clear();
    this.vm.resident = 0;
    this.vm.brk = this.vm.layout.heapBase;
    return n;
  }

  /** releaseAll, then gives the page tables back to the machine: the manager is finished. */
  dispose(): number {
    const n = this.releaseAll();
    this.vm.space.dispose();
    return n;
  }

  /** Consistency of regions and page table; an empty list means consistent (for oracles). */
  checkInvariants(): string[] {
    return checkInvariants(this.vm);
  }
}

function checkInvariants(vm: VmState): string[] {
  const problems: string[] = [];
  let prevEnd = 0;
  let pages = 0;
  for (const r of vm.regions.all()) {
    const at = `region 0x${r.start.toString(16)}+0x${r.length.toString(16)}`;
    if (r.start < prevEnd) problems.push(`${at} overlaps its predecessor`);
    if (r.start % PAGE_SIZE !== 0 || r.length <= 0 || r.length % PAGE_SIZE !== 0) problems.push(`${at} is not page-aligned`);
    prevEnd = r.start + r.length;
    const reservation = r.kind === 'anonymous' && r.prot === 0;
    for (let a = r.start; a < prevEnd; a += PAGE_SIZE) {
      const vpn = vpnOf(a);
      const mapped = vm.space.isMapped(vpn);
      if (mapped) pages++;
      if (mapped === reservation) problems.push(`${at}: page 0x${a.toString(16)} ${mapped ? 'committed in a reservation' : 'not committed'}`);
      else if (mapped && vm.space.permsOf(vpn) !== pagePerms(r.prot)) problems.push(`${at}: page 0x${a.toString(16)} has perms ${vm.space.permsOf(vpn)}`);
    }
  }
  const total = vm.space.mappedPages().length;
  if (total !== pages) problems.push(`${total - pages} mapped pages outside every region`);
  if (vm.resident !== total) problems.push(`resident count ${vm.resident} but ${total} pages mapped`);
  return problems;
}
