import type { AddressSpace } from '../memory/address-space.js';
import { translateBlock, type Block } from './compile.js';

/**
 * Translated blocks of one address space, keyed by start address, with the blocks of each page
 * so that a write to the page or a permission change drops them.
 */
export class CodeCache {
  private readonly blocks = new Map<number, Block>();
  private readonly singles = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  private readonly space: AddressSpace;
  translations = 0;

  constructor(space: AddressSpace) {
    this.space = space;
    space.onCodeInvalidate = (vpn) => this.invalidatePage(vpn);
  }

  /** The block at `pc`, translating it when needed (throws MEMORY_FAULT on a fetch fault). */
  block(pc: number): Block {
    return this.blocks.get(pc) ?? this.add(this.blocks, translateBlock(this.space, pc));
  }

  /** A one-instruction block at `pc`, for running to an exact instruction count. */
  single(pc: number): Block {
    return this.singles.get(pc) ?? this.add(this.singles, translateBlock(this.space, pc, 1));
  }

  private add(map: Map<number, Block>, b: Block): Block {
    this.translations++;
    map.set(b.pc, b);
    const vpn = Math.floor(b.pc / 4096);
    let list = this.byPage.get(vpn);
    if (!list) {
      list = [];
      this.byPage.set(vpn, list);
      this.space.markCode(vpn);
    }
    list.push(b);
    return b;
  }

  invalidatePage(vpn: number): void {
    const list = this.byPage.get(vpn);
    if (!list) return;
    this.byPage.delete(vpn);
    for (const b of list) {
      b.valid = false;
      if (this.blocks.get(b.pc) === b) this.blocks.delete(b.pc);
      if (this.singles.get(b.pc) === b) this.singles.delete(b.pc);
    }
  }

  invalidateAll(): void {
    for (const vpn of [...this.byPage.keys()]) this.invalidatePage(vpn);
  }
}
