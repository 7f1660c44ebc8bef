// The A/B update store behind the update_* calls (UPD.SLOTS): two base-image slots, the slot
// booted this session, the slot the next boot takes, the anti-rollback floor, an optional
// read-only payload disk, and at most one streamed stage. The handlers check the caller and the
// device; this class answers each call's own checks in the order its clause gives.

import type { ErrnoName } from '../../../spec/index.js';
import { baseImageHeader } from '../pkg/format.js';
import type { Process } from '../process.js';

export type Slot = 0 | 1;

export interface UpdateStoreOptions {
  /** Bytes one slot holds (UPD.TOOBIG). Default 262144. */
  readonly slotBytes?: number;
  /** The slot booted this session. Default 0. */
  readonly bootedSlot?: Slot;
  /** Whether the inactive slot holds an image at boot (UPD.NOSLOT). Default false. */
  readonly inactivePresent?: boolean;
  /** The anti-rollback floor (UPD.ROLLBACK). Default 0. */
  readonly rollbackFloor?: bigint | number;
  /** The read-only payload disk update_stage copies (UPD.PAYLOAD). Default: none attached. */
  readonly payload?: Uint8Array;
  /** Fault injection (UPD.IO): writes of slot bytes fail, or the flush before a slot is marked present. */
  readonly ioFault?: 'write' | 'flush';
}

export const DEFAULT_SLOT_BYTES = 256 << 10;
/** Bytes one update_stage_write takes at most (UPD.STREAM.CHUNK). */
export const STAGE_CHUNK_MAX = 64 << 10;
/** Header bytes kept for the commit-time check (a swosbase_header). */
const HEAD_BYTES = 64;

export type SlotState = 'untried' | 'confirmed' | 'failed';

export interface SlotInfo {
  present: boolean;
  state: SlotState;
  generation: number;
  version: bigint;
}

/** A streamed stage in progress (UPD.STREAM.*). */
export interface Stage {
  readonly owner: Process;
  readonly version: bigint;
  readonly total: number;
  written: number;
  readonly head: Uint8Array;
}

export type UpdateOutcome =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly errno: ErrnoName; readonly clause: string };

const done = (value = 0): UpdateOutcome => ({ ok: true, value });
const refuse = (errno: ErrnoName, clause: string): UpdateOutcome => ({ ok: false, errno, clause });

export class UpdateStore {
  readonly slotBytes: number;
  readonly booted: Slot;
  readonly slots: [SlotInfo, SlotInfo];
  /** The slot the next boot takes (UPD.ACTIVATE). */
  nextSlot: Slot;
  readonly floor: bigint;
  readonly payload: Uint8Array | null;
  readonly ioFault: 'write' | 'flush' | null;
  private stage: Stage | null = null;

  constructor(opts: UpdateStoreOptions = {}) {
    const slotBytes = opts.slotBytes ?? DEFAULT_SLOT_BYTES;
    if (!Number.isSafeInteger(slotBytes) || slotBytes < 0) throw new Error(`update store: slotBytes ${slotBytes} is not a byte count`);
    const booted = opts.bootedSlot ?? 0;
    if (booted !== 0 && booted !== 1) throw new Error(`update store: bootedSlot ${String(booted)} is not 0 or 1`);
    const floor = BigInt(opts.rollbackFloor ?? 0);
    if (floor < 0n || floor >= 1n << 64n) throw new Error(`update store: rollbackFloor ${floor} is not a u64`);
    this.slotBytes = slotBytes;
    this.booted = booted;
    this.nextSlot = booted;
    this.floor = floor;
    this.payload = opts.payload ?? null;
    this.ioFault = opts.ioFault ?? null;
    const slot = (present: boolean): SlotInfo => ({ present, state: present ? 'confirmed' : 'untried', generation: present ? 1 : 0, version: 0n });
    this.slots = booted === 0 ? [slot(true), slot(opts.inactivePresent ?? false)] : [slot(opts.inactivePresent ?? false), slot(true)];
  }

  get inactive(): Slot {
    return this.booted === 0 ? 1 : 0;
  }

  /** The stage in progress, dropped first when its owner has ended (UPD.STAGE.NONE). */
  private live(): Stage | null {
    if (this.stage !== null && this.stage.owner.state !== 'live') this.stage = null;
    return this.stage;
  }

  /** `p`'s own stage, or null. */
  stageOf(p: Process): Stage | null {
    const s = this.live();
    return s !== null && s.owner === p ? s : null;
  }

  /** update_confirm (UPD.CONFIRM). */
  confirm(): UpdateOutcome {
    const s = this.slots[this.booted];
    s.state = 'confirmed';
    return done();
  }

  /** update_activate (UPD.ACTIVATE, UPD.SLOTS). */
  activate(): UpdateOutcome {
    const other = this.slots[this.inactive];
    if (!other.present) return refuse('ENOENT', 'UPD.NOSLOT');
    other.state = 'untried';
    this.nextSlot = this.inactive;
    return done();
  }

  /** update_stage: copy the payload disk into the inactive slot (UPD.PAYLOAD); the caller checked the disk. */
  stagePayload(): UpdateOutcome {
    const disk = this.payload!;
    const header = baseImageHeader(disk);
    if (header === null || header.version !== 3 || header.length === 0n) return refuse('EINVAL', 'UPD.INVALID');
    if (header.length > BigInt(disk.length)) return refuse('EINVAL', 'UPD.INVALID');
    if (header.length > BigInt(this.slotBytes)) return refuse('EFBIG', 'UPD.TOOBIG');
    if (this.ioFault !== null) return refuse('EIO', 'UPD.IO');
    this.stage = null;
    this.fill(0n);
    return done();
  }

  /** update_stage_begin (UPD.STREAM.RESERVE). */
  begin(owner: Process, version: bigint, total: number): UpdateOutcome {
    if (total === 0) return refuse('EINVAL', 'UPD.INVALID');
    if (total > this.slotBytes) return refuse('EFBIG', 'UPD.TOOBIG');
    if (version === 0n || version <= this.floor) return refuse('EPERM', 'UPD.ROLLBACK');
    this.stage = { owner, version, total, written: 0, head: new Uint8Array(HEAD_BYTES) };
    return done();
  }

  /** update_stage_write on the caller's stage (UPD.STREAM.CHUNK). */
  write(s: Stage, bytes: Uint8Array): UpdateOutcome {
    if (bytes.length === 0) return done(0);
    if (s.written + bytes.length > s.total) return this.fail('EFBIG', 'UPD.TOOBIG');
    if (this.ioFault === 'write') return this.fail('EIO', 'UPD.IO');
    const taken = Math.min(bytes.length, STAGE_CHUNK_MAX);
    if (s.written < HEAD_BYTES) s.head.set(bytes.subarray(0, Math.min(taken, HEAD_BYTES - s.written)), s.written);
    s.written += taken;
    return done(taken);
  }

  /** update_stage_commit on the caller's stage (UPD.STREAM.VALIDATE). */
  commit(s: Stage): UpdateOutcome {
    if (s.written !== s.total) return this.fail('EINVAL', 'UPD.INVALID');
    const header = s.written >= HEAD_BYTES ? baseImageHeader(s.head) : null;
    if (header === null || header.version !== 3 || header.length !== BigInt(s.total)) return this.fail('EINVAL', 'UPD.INVALID');
    if (this.ioFault === 'flush') return this.fail('EIO', 'UPD.IO');
    this.stage = null;
    this.fill(s.version);
    return done();
  }

  /** update_stage_abort on the caller's stage. */
  abort(): UpdateOutcome {
    this.stage = null;
    return done();
  }

  private fail(errno: ErrnoName, clause: string): UpdateOutcome {
    this.stage = null;
    return refuse(errno, clause);
  }

  /** The inactive slot now holds a new image, on trial once activated. */
  private fill(version: bigint): void {
    const s = this.slots[this.inactive];
    s.present = true;
    s.state = 'untried';
    s.generation++;
    s.version = version;
  }
}
