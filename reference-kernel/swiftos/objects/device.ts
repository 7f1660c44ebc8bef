// The machine's device registry and the grants device handles name (DEV.*).

import type { PhysicalMemory } from '../../../cpu/memory/physical.js';
import { constValue, encodeLayout, layout } from '../../../spec/index.js';
import type { KObject } from '../handles.js';

/** A device the machine has (BootOptions.devices). */
export interface DeviceSpec {
  /** Registry name, 1..DEVICE_NAME_MAX bytes, e.g. "virtio-input.0". */
  readonly name: string;
  readonly kind: 'virtio-input';
  /** The virtio-mmio transport window. */
  readonly mmioBase: number;
  readonly mmioLen: number;
  /** The grant carries the MMIO grant and MAP (DEV.MMAP.GRANT); default false: metadata only. */
  readonly mappable?: boolean;
  /** Listed by device_discover (default true); claimable by name either way. */
  readonly discoverable?: boolean;
}

const KIND_PSEUDO_INPUT = constValue('DEVICE_KINDS', 'SWIFTOS_DEVICE_KIND_PSEUDO_INPUT');
const KIND_VIRTIO_INPUT = constValue('DEVICE_KINDS', 'SWIFTOS_DEVICE_KIND_VIRTIO_INPUT');
const BUS_PSEUDO = constValue('DEVICE_BUSES', 'SWIFTOS_DEVICE_BUS_PSEUDO');
const BUS_VIRTIO_MMIO = constValue('DEVICE_BUSES', 'SWIFTOS_DEVICE_BUS_VIRTIO_MMIO');
const FLAG_NO_MMIO_GRANT = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_NO_MMIO_GRANT');
const FLAG_DISCOVERED = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_DISCOVERED');
const FLAG_MMIO_GRANT = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_MMIO_GRANT');
const NAME_MAX = constValue('LIMITS', 'DEVICE_NAME_MAX');
const DEVICE_INFO = layout('device_info');
const PAGE = 4096;
const utf8 = new TextEncoder();
/** Highest window end a spec may give (the machine's physical address space, 48 bits). */
const WINDOW_LIMIT = 2 ** 48;

/** The fallback registered when the machine has no virtio input device (DEV.CLAIM.FALLBACK). */
export const PSEUDO_INPUT_NAME = 'pseudo-input.0';

/** One registry entry (DEV.REGISTRY): fixed metadata plus the claim state. */
export class Device {
  readonly name: string;
  readonly kind: number;
  readonly bus: number;
  readonly mmioBase: number;
  readonly mmioLen: number;
  readonly irq = 0;
  readonly flags: number;
  readonly mappable: boolean;
  readonly discoverable: boolean;
  /** Claims so far (DEV.GENERATION). */
  generation = 0;
  /** A live grant owns the device. */
  claimed = false;
  /** The frames behind the window pages, from the page holding mmio_base on (DEV.MMAP.WINDOW); empty if not mappable. */
  readonly window: readonly number[];

  constructor(init: {
    name: string; kind: number; bus: number; mmioBase: number; mmioLen: number; flags: number; mappable: boolean;
    discoverable: boolean; window: readonly number[];
  }) {
    this.name = init.name;
    this.kind = init.kind;
    this.bus = init.bus;
    this.mmioBase = init.mmioBase;
    this.mmioLen = init.mmioLen;
    this.flags = init.flags;
    this.mappable = init.mappable;
    this.discoverable = init.discoverable;
    this.window = init.window;
  }

  /** The 64-byte device_info record (DEV.INFO). */
  info(): Uint8Array {
    return encodeLayout(DEVICE_INFO, {
      kind: this.kind, bus: this.bus, mmio_base: BigInt(this.mmioBase), mmio_len: BigInt(this.mmioLen), irq: this.irq,
      flags: this.flags, generation: this.generation >>> 0, claimed: this.claimed ? 1 : 0, name: utf8.encode(this.name),
    });
  }
}

/** The machine's devices in registry order (DEV.REGISTRY), fixed at boot. */
export class DeviceRegistry {
  readonly devices: readonly Device[];

  /** Throws on an invalid spec (a configuration error, not a guest error). */
  constructor(phys: PhysicalMemory, specs: readonly DeviceSpec[]) {
    const seen = new Set<string>();
    const list: Device[] = [];
    if (!specs.some((s) => s.kind === 'virtio-input')) {
      list.push(new Device({
        name: PSEUDO_INPUT_NAME, kind: KIND_PSEUDO_INPUT, bus: BUS_PSEUDO, mmioBase: 0, mmioLen: 0,
        flags: FLAG_NO_MMIO_GRANT, mappable: false, discoverable: true, window: [],
      }));
      seen.add(PSEUDO_INPUT_NAME);
    }
    for (const s of specs) {
      checkSpec(s, seen);
      seen.add(s.name);
      const mappable = s.mappable === true;
      list.push(new Device({
        name: s.name, kind: KIND_VIRTIO_INPUT, bus: BUS_VIRTIO_MMIO, mmioBase: s.mmioBase, mmioLen: s.mmioLen,
        flags: FLAG_DISCOVERED | (mappable ? FLAG_MMIO_GRANT : FLAG_NO_MMIO_GRANT), mappable,
        discoverable: s.discoverable ?? true, window: mappable ? makeWindow(phys, s.mmioBase, s.mmioLen) : [],
      }));
    }
    this.devices = list;
  }

  byName(name: string): Device | undefined {
    return this.devices.find((d) => d.name === name);
  }

  /** The discoverable device at `ordinal` (DEV.DISCOVER), if any. */
  discover(ordinal: bigint): Device | undefined {
    const list = this.devices.filter((d) => d.discoverable);
    return ordinal >= 0n && ordinal < BigInt(list.length) ? list[Number(ordinal)] : undefined;
  }
}

function checkSpec(s: DeviceSpec, seen: ReadonlySet<string>): void {
  const bytes = utf8.encode(s.name).length;
  if (bytes < 1 || bytes > NAME_MAX || s.name.includes('\0')) throw new Error(`device name "${s.name}" must have 1..${NAME_MAX} bytes`);
  if (seen.has(s.name)) throw new Error(`device name "${s.name}" given twice`);
  if (s.kind !== 'virtio-input') throw new Error(`device ${s.name}: unknown kind ${String(s.kind)}`);
  const ok = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
  if (!ok(s.mmioBase) || !ok(s.mmioLen) || s.mmioBase === 0 || s.mmioLen === 0 || s.mmioBase + s.mmioLen > WINDOW_LIMIT) {
    throw new Error(`device ${s.name}: mmio window 0x${s.mmioBase.toString(16)}+0x${s.mmioLen.toString(16)} is not a non-empty window below 2^48`);
  }
}

/** Frames for the pages of a window, holding the virtio-mmio identification registers (DEV.MMIO.REGS). */
function makeWindow(phys: PhysicalMemory, base: number, len: number): number[] {
  const first = Math.floor(base / PAGE);
  const pages = Math.ceil((base + len) / PAGE) - first;
  const frames: number[] = [];
  for (let i = 0; i < pages; i++) {
    const f = phys.alloc();
    if (f < 0) throw new Error('no memory for a device window');
    frames.push(f);
  }
  const regs: readonly [string, number][] = [
    ['VIRTIO_MMIO_OFF_MAGIC', constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_MAGIC')],
    ['VIRTIO_MMIO_OFF_VERSION', constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_VERSION')],
    ['VIRTIO_MMIO_OFF_DEVICE_ID', constValue('VIRTIO_MMIO', 'VIRTIO_ID_INPUT')],
    ['VIRTIO_MMIO_OFF_VENDOR_ID', constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_VENDOR')],
  ];
  for (const [off, value] of regs) {
    const at = (base % PAGE) + constValue('VIRTIO_MMIO', off);
    if (at + 4 > base % PAGE + len) continue;
    phys.view.setUint32(phys.frameOffset(frames[Math.floor(at / PAGE)]!) + (at % PAGE), value, true);
  }
  return frames;
}

/**
 * What a device handle names: one claim of a device. Every handle to it (fork, transfer) retains
 * it; the last release gives the claim back (DEV.CLOSE.RELEASE).
 */
export class DeviceGrant implements KObject {
  readonly kind = 'device' as const;
  private refs = 0;

  constructor(readonly device: Device) {}

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (--this.refs === 0) this.device.claimed = false;
  }
}
