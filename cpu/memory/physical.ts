export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/**
 * Physical memory: one flat buffer of 4 KiB frames shared by every address space of a machine,
 * with a reference count per frame (shared mappings, copy on fork). The buffer is allocated
 * at full size up front; the host commits pages lazily, so a large size costs little until used.
 */
export class PhysicalMemory {
  readonly buffer: ArrayBuffer;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly frameCount: number;
  private readonly refs: Uint16Array;
  private freeList: number[] = [];
  private nextFresh = 0;
  private used = 0;
  /**
   * Page-table arrays given back by disposed address spaces of this machine (all entries
   * empty), so that creating address spaces allocates nothing in steady state.
   */
  readonly tablePool: { readonly tops: Int32Array[][]; readonly leaves: Int32Array[] } = { tops: [], leaves: [] };

  constructor(sizeBytes = 256 * 1024 * 1024) {
    if (sizeBytes % PAGE_SIZE !== 0 || sizeBytes <= 0 || sizeBytes > 1 << 30) {
      throw new RangeError(`physical memory size must be a page multiple up to 1 GiB, got ${sizeBytes}`);
    }
    this.buffer = new ArrayBuffer(sizeBytes);
    this.bytes = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.frameCount = sizeBytes / PAGE_SIZE;
    this.refs = new Uint16Array(this.frameCount);
  }

  /**
   * Returns the machine to its state after construction (every frame free and zero, the same
   * allocation order) without reallocating the buffer. Address spaces of the previous use
   * must not be used again.
   */
  reset(): void {
    this.bytes.fill(0, 0, this.nextFresh * PAGE_SIZE);
    this.refs.fill(0);
    this.freeList = [];
    this.nextFresh = 0;
    this.used = 0;
  }

  /** Allocates a zero-filled frame, or returns -1 when memory is exhausted. */
  alloc(): number {
    let frame: number;
    if (this.freeList.length > 0) {
      frame = this.freeList.pop()!;
      this.bytes.fill(0, frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE);
    } else if (this.nextFresh < this.frameCount) {
      frame = this.nextFresh++;
    } else {
      return -1;
    }
    this.refs[frame] = 1;
    this.used++;
    return frame;
  }

  retain(frame: number): void {
    if (this.refs[frame] === 0) throw new Error(`retain of free frame ${frame}`);
    this.refs[frame]!++;
  }

  release(frame: number): void {
    const r = this.refs[frame]!;
    if (r === 0) throw new Error(`release of free frame ${frame}`);
    this.refs[frame] = r - 1;
    if (r === 1) {
      this.freeList.push(frame);
      this.used--;
    }
  }

  refCount(frame: number): number {
    return this.refs[frame]!;
  }

  get framesInUse(): number {
    return this.used;
  }

  frameOffset(frame: number): number {
    return frame * PAGE_SIZE;
  }
}
