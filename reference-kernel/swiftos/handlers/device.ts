// Device grants (DEV.*): discovery, claims, metadata and the MMIO-window mapping.

import { RIGHT_BITS, rightsMask } from '../../../spec/index.js';
import { toOutcome } from '../mm/index.js';
import { DeviceGrant, PSEUDO_INPUT_NAME, type Device } from '../objects/device.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const PAGE = 4096;
/** A metadata-only grant (DEV.RIGHTS); mappable devices add MAP (DEV.MMAP.GRANT). */
const METADATA_RIGHTS = rightsMask(['GETATTR', 'TRANSFER']);

/** Writes `device`'s record to a validated `out` struct argument (NULL: nothing). */
function report(ctx: SyscallContext, argName: string, device: Device): void {
  const { addr, bytes } = ctx.args.struct(argName);
  if (addr === 0 && bytes === null) return;
  if (!ctx.process.space.copyOut(addr, device.info())) throw new Error(`device_info out struct at 0x${addr.toString(16)} was validated but is not writable`);
}

function hasOut(ctx: SyscallContext, argName: string): boolean {
  return ctx.args.struct(argName).addr !== 0;
}

function sysDeviceClaim(ctx: SyscallContext): HandlerResult {
  const name = ctx.args.string('name').text ?? '';
  const device = ctx.kernel.devices.byName(name);
  if (device === undefined) return fail('ENOENT', 'DEV.CLAIM.UNKNOWN');
  if (device.claimed) return fail('EBUSY', 'DEV.CLAIM.BUSY');
  const table = ctx.kernel.handles(ctx.process);
  if (!table.hasFree()) return fail('EMFILE', 'FD.TABLE.FULL');
  device.claimed = true;
  device.generation++;
  const rights = METADATA_RIGHTS | (device.mappable ? RIGHT_BITS.MAP : 0);
  const fd = table.install({ object: new DeviceGrant(device), rights, cloexec: false });
  if (hasOut(ctx, 'info')) report(ctx, 'info', device);
  if (device.mappable) return ok(fd, 'DEV.MMAP.GRANT');
  return ok(fd, device.name === PSEUDO_INPUT_NAME ? 'DEV.CLAIM.FALLBACK' : 'DEV.CLAIM.METADATA');
}

function sysDeviceInfo(ctx: SyscallContext): HandlerResult {
  const grant = ctx.args.fd('fd').handle!.object as DeviceGrant;
  report(ctx, 'info', grant.device);
  return ok(0, 'DEV.INFO');
}

function sysDeviceDiscover(ctx: SyscallContext): HandlerResult {
  const device = ctx.kernel.devices.discover(ctx.args.big('index'));
  if (device === undefined) return fail('ENOENT', 'DEV.DISCOVER.END');
  report(ctx, 'info', device);
  return ok(0, 'DEV.DISCOVER');
}

function sysDeviceMmap(ctx: SyscallContext): HandlerResult {
  const device = (ctx.args.fd('fd').handle!.object as DeviceGrant).device;
  // A MAP right exists only on mappable grants; re-check the device all the same (swift-os does).
  if (!device.mappable) return fail('EACCES', 'DEV.MMAP.NOGRANT');
  const len = ctx.args.num('len');
  if (len > device.mmioLen) return fail('EINVAL', 'DEV.MMAP.LEN');
  const offset = device.mmioBase % PAGE;
  const pages = Math.ceil((offset + len) / PAGE);
  const r = ctx.process.mm.mapShared(device.window.slice(0, pages), `device ${device.name}`);
  if (!r.ok) return toOutcome(r);
  return ok(r.value + offset, 'DEV.MMAP.WINDOW');
}

export const DEVICE_HANDLERS: Readonly<Record<string, Handler>> = {
  device_claim: sysDeviceClaim,
  device_info: sysDeviceInfo,
  device_discover: sysDeviceDiscover,
  device_mmap: sysDeviceMmap,
};
