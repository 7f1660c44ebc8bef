import type { Assertion } from './program/builder.js';

/** The boot options a case needs (INTERPRETING.md, "Boot options"). All optional. */
export interface BootSpec {
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  /** init's security context; default the seeded root principal. */
  readonly identity?: { readonly principal: number; readonly session: number; readonly caps: number };
  readonly pidMax?: number;
  readonly maxProcesses?: number;
  /** Instructions per scheduling quantum. */
  readonly quantum?: number;
  /** Seed of the kernel's random source. */
  readonly seed?: number;
  /** Bytes the console delivers to reads, then end of input. */
  readonly consoleInput?: string;
  /** Instruction budget; past it the outcome is `timeout`. */
  readonly maxInstructions?: number;
  /** Controlled schedule: index into the runnable list at each point with more than one runnable thread. */
  readonly schedule?: readonly number[];
  /** Memory the machine must have at least, in bytes (a page multiple); default MACHINE_BYTES. */
  readonly memoryBytes?: number;
  /** Whether the machine has a PSCI conduit (SYS.REBOOT.CONDUIT); default true. */
  readonly psci?: boolean;
  /** The persistent /data filesystem (FS.DATA.MACHINE); default none. Its files are the case's files under /data/. */
  readonly data?: DataBoot;
  /** Pipe buffers the machine has: a pipe takes one, a socket pair two (FD.PIPE.BUFFERS); default no limit. */
  readonly pipeBuffers?: number;
  /** A package-store device and the packages active at boot (PKG.*); default none (PKG.NOSTORE). */
  readonly packageStore?: PackageStoreBoot;
  /** An A/B update store, with an optional payload disk (UPD.*); default none (UPD.NODEV). */
  readonly updateStore?: UpdateStoreBoot;
  /** An EFI system partition holding the kernel A/B slots (UPD.KERNEL.*); default none (UPD.NODEV). */
  readonly esp?: EspBoot;
  /** The machine's devices, in registry order (DEV.REGISTRY); default none (only the pseudo-input.0 fallback). */
  readonly devices?: readonly DeviceBoot[];
  /** The simulated network interface (NET.MACHINE); default up, the resolver knowing only "localhost". */
  readonly network?: NetworkBoot;
}

/** The /data filesystem's disk (INTERPRETING.md, "Boot options"). */
export interface DataBoot {
  /** Every flush of /data fails with EIO (FS.FSYNC.IO); default false. */
  readonly failFlush?: boolean;
}

/** The network interface (INTERPRETING.md, "Boot options"). */
export interface NetworkBoot {
  /** Whether the interface is up; default true (NET.DOWN). */
  readonly up?: boolean;
  /** Names the DNS server knows besides "localhost": name → host-order IPv4 (NET.RESOLVE.NAMES). */
  readonly hosts?: Readonly<Record<string, number>>;
}

/** A device of the machine (INTERPRETING.md, "Boot options"): a virtio-mmio input device. */
export interface DeviceBoot {
  readonly name: string;
  readonly kind: 'virtio-input';
  readonly mmioBase: number;
  readonly mmioLen: number;
  /** Its grants carry the MMIO grant and MAP (DEV.MMAP.GRANT); default false. */
  readonly mappable?: boolean;
  /** Listed by device_discover; default true. */
  readonly discoverable?: boolean;
}

/** The package store (INTERPRETING.md, "Boot options"). */
export interface PackageStoreBoot {
  /** Payload bytes the store holds; default 1 MiB (PKG.STORE.FULL). */
  readonly capacity?: number;
  /** Packages active at boot, in order; `payload` is a packed SWOSBASE v2 image in base64. */
  readonly packages?: readonly { readonly name: string; readonly version: string; readonly payload: string }[];
}

/** The A/B update store (INTERPRETING.md, "Boot options"). */
export interface UpdateStoreBoot {
  /** Bytes one slot holds; default 262144 (UPD.TOOBIG). */
  readonly slotBytes?: number;
  /** The slot booted this session; default 0. */
  readonly bootedSlot?: 0 | 1;
  /** The inactive slot holds an image at boot; default false (UPD.NOSLOT). */
  readonly inactivePresent?: boolean;
  /** The anti-rollback floor; default 0 (UPD.ROLLBACK). */
  readonly rollbackFloor?: number;
  /** The attached read-only payload disk, base64; default none (UPD.PAYLOAD). */
  readonly payload?: string;
  /** Fault injection (UPD.IO): slot writes fail, or the flush before a slot is marked present fails. */
  readonly ioFault?: 'write' | 'flush';
}

/** The ESP's kernel slots (INTERPRETING.md, "Boot options"; UPD.KERNEL.ESP). */
export interface EspBoot {
  /** Sizes of kernelA.bin and kernelB.bin; default 65536 each. */
  readonly kernelBytes?: readonly [number, number];
  /** The active (and booted) kernel slot; default 0. */
  readonly activeSlot?: 0 | 1;
  readonly missing?: readonly ('kernelA.bin' | 'kernelB.bin' | 'kernel-boot' | 'kernel-state')[];
  readonly corrupt?: readonly ('kernel-boot' | 'kernel-state')[];
  /** Every write to the ESP fails (UPD.IO). */
  readonly ioFault?: boolean;
}

/** The machine size a case may rely on unless its BootSpec asks for more (INTERPRETING.md, "Boot options"). */
export const MACHINE_BYTES = 4 << 20;

/** The instruction budget of a case that names none (INTERPRETING.md, "Budgets and timeouts"). */
export const DEFAULT_MAX_INSTRUCTIONS = 20_000_000;

/** argv of init when the case names none. */
export const DEFAULT_ARGV: readonly string[] = ['init'];

/** A file the case adds to the base image. */
export interface CaseFile {
  readonly path: string;
  readonly data: Uint8Array;
  readonly mode?: number;
}

/** What the whole run must end with. */
export type ExpectedVerdict =
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'signal'; readonly signal: number }
  | { readonly kind: 'reboot' };

/** A case ready to run: the program and everything around it. */
export interface BuiltCase {
  readonly program: Uint8Array;
  readonly files: readonly CaseFile[];
  readonly boot: BootSpec;
  readonly assertions: readonly Assertion[];
  readonly verdict: ExpectedVerdict;
}

/** One behaviour (test262 style). `build` is deterministic and cheap to call again. */
export interface CaseDef {
  readonly id: string;
  readonly area: string;
  readonly description: string;
  /** Every clause the case checks (the union of its assertions' clauses and more). */
  readonly clauses: readonly string[];
  /** Syscall rows the case needs; a target lacking one reports `skip`. */
  readonly rows: readonly string[];
  build(): BuiltCase;
}

/** A generator: one area's cases from its tables. */
export interface Generator {
  readonly area: string;
  cases(): readonly CaseDef[];
}

export type Status = 'pass' | 'fail' | 'broken' | 'timeout' | 'panic' | 'skip' | 'xfail' | 'xpass';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'broken', 'timeout', 'panic', 'skip', 'xfail', 'xpass'];
