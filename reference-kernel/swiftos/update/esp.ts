// The EFI system partition behind the kernel_* calls (UPD.KERNEL.ESP): the two kernel slot files,
// the signed manifest kernel-boot and the loader's boot-state kernel-state, modelled by presence,
// validity and the few fields the calls read and write.

import type { Slot, UpdateOutcome } from './store.js';

export type EspFile = 'kernelA.bin' | 'kernelB.bin' | 'kernel-boot' | 'kernel-state';
export const ESP_FILES: readonly EspFile[] = ['kernelA.bin', 'kernelB.bin', 'kernel-boot', 'kernel-state'];

export interface EspOptions {
  /** Sizes of kernelA.bin and kernelB.bin. Default 65536 each. */
  readonly kernelBytes?: readonly [number, number];
  /** The slot kernel-boot and kernel-state name active, which is also the slot booted. Default 0. */
  readonly activeSlot?: Slot;
  /** Files absent from the ESP (UPD.NOSLOT). */
  readonly missing?: readonly EspFile[];
  /** Files present but failing their checks: bad magic, slot or hash (UPD.INVALID). */
  readonly corrupt?: readonly ('kernel-boot' | 'kernel-state')[];
  /** Every write to the ESP fails (UPD.IO). */
  readonly ioFault?: boolean;
}

export const DEFAULT_KERNEL_BYTES = 64 << 10;

type Health = 'valid' | 'corrupt' | 'missing';

const done = (): UpdateOutcome => ({ ok: true, value: 0 });
const refuse = (errno: 'ENOENT' | 'EINVAL' | 'EIO', clause: string): UpdateOutcome => ({ ok: false, errno, clause });

export class Esp {
  /** Sizes of the kernel slot files; null when missing. */
  readonly kernels: [number | null, number | null];
  readonly manifest: Health;
  readonly manifestActive: Slot;
  readonly state: Health;
  /** kernel-state's fields: the active slot, the slot booted (null: none recorded), per-slot state. */
  stateActive: Slot;
  booted: Slot | null;
  readonly slotState: ['untried' | 'confirmed', 'untried' | 'confirmed'];
  readonly ioFault: boolean;

  constructor(opts: EspOptions = {}) {
    const missing = new Set(opts.missing ?? []);
    const corrupt = new Set(opts.corrupt ?? []);
    const [a, b] = opts.kernelBytes ?? [DEFAULT_KERNEL_BYTES, DEFAULT_KERNEL_BYTES];
    for (const n of [a, b]) if (!Number.isSafeInteger(n) || n < 0) throw new Error(`esp: kernel size ${n} is not a byte count`);
    const active = opts.activeSlot ?? 0;
    if (active !== 0 && active !== 1) throw new Error(`esp: activeSlot ${String(active)} is not 0 or 1`);
    const health = (f: 'kernel-boot' | 'kernel-state'): Health => (missing.has(f) ? 'missing' : corrupt.has(f) ? 'corrupt' : 'valid');
    this.kernels = [missing.has('kernelA.bin') ? null : a, missing.has('kernelB.bin') ? null : b];
    this.manifest = health('kernel-boot');
    this.manifestActive = active;
    this.state = health('kernel-state');
    this.stateActive = active;
    this.booted = active;
    this.slotState = active === 0 ? ['confirmed', 'untried'] : ['untried', 'confirmed'];
    this.ioFault = opts.ioFault ?? false;
  }

  /** kernel-state's active slot when it is valid, else the manifest's, else none. */
  private effectiveActive(): Slot | null {
    if (this.state === 'valid') return this.stateActive;
    return this.manifest === 'valid' ? this.manifestActive : null;
  }

  /** kernel_stage (UPD.KERNEL.STAGE). */
  stage(): UpdateOutcome {
    const [a, b] = this.kernels;
    if (a === null || b === null || this.manifest === 'missing') return refuse('ENOENT', 'UPD.NOSLOT');
    if (a === 0 || a !== b || this.effectiveActive() === null) return refuse('EINVAL', 'UPD.INVALID');
    if (this.ioFault) return refuse('EIO', 'UPD.IO');
    return done();
  }

  /** kernel_activate (UPD.KERNEL.ACTIVATE, UPD.KERNEL.PENDING). */
  activate(): UpdateOutcome {
    if (this.manifest === 'missing' || this.state === 'missing') return refuse('ENOENT', 'UPD.NOSLOT');
    const active = this.effectiveActive();
    if (active === null || this.state !== 'valid') return refuse('EINVAL', 'UPD.INVALID');
    if (this.ioFault) return refuse('EIO', 'UPD.IO');
    const next: Slot = active === 0 ? 1 : 0;
    this.stateActive = next;
    this.slotState[next] = 'untried';
    this.booted = null;
    return done();
  }

  /** kernel_confirm (UPD.KERNEL.CONFIRM). */
  confirm(): UpdateOutcome {
    if (this.state === 'missing') return refuse('ENOENT', 'UPD.NOSLOT');
    if (this.state !== 'valid' || this.booted === null) return refuse('EINVAL', 'UPD.INVALID');
    if (this.ioFault) return refuse('EIO', 'UPD.IO');
    this.slotState[this.booted] = 'confirmed';
    return done();
  }
}
