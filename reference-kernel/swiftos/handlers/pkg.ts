// Package store calls (PKG.*). Check order (PKG.ORDER): arguments (validateArgs), then for the
// mutating calls root, store, busy; then the request. Store state lives in pkg/store.ts.

import { decodeLayout, layout } from '../../../spec/index.js';
import { FileObject } from '../objects/file.js';
import { latin1, unpackSwpkg } from '../pkg/format.js';
import type { PackageStore, StoreOutcome } from '../pkg/store.js';
import { fail, ok, type HandlerResult, type Outcome } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const ROOT_PRINCIPAL = 1;
const DESC = layout('pkg_stream_begin_desc');
/** The smallest payload that can be a packed image: its header (PKG.PAYLOAD). */
const MIN_PAYLOAD = layout('swosbase_header').size;
const NAME_FIELD = 32;
const VERSION_FIELD = 16;

const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Root, store, no mutation in progress (PKG.ROOT, PKG.NOSTORE, PKG.BUSY). */
function mutation(ctx: SyscallContext): PackageStore | Outcome {
  if (ctx.process.identity.principal !== ROOT_PRINCIPAL) return fail('EACCES', 'PKG.ROOT');
  const store = ctx.kernel.packages;
  if (store === null) return fail('ENOENT', 'PKG.NOSTORE');
  if (store.busy) return fail('EAGAIN', 'PKG.BUSY');
  return store;
}

function outcome(r: StoreOutcome, success: string): Outcome {
  return r.ok ? ok(0, success) : fail(r.errno, r.clause);
}

/** A name argument as the store spells names (bytes as latin1). */
function nameArg(ctx: SyscallContext, arg: string): string {
  return latin1(ctx.args.string(arg).bytes!);
}

/** The text of a NUL-terminated char[size] field holding 1..size-1 bytes, or null (PKG.NAMES). */
function fieldName(bytes: Uint8Array): string | null {
  const nul = bytes.indexOf(0);
  return nul < 1 ? null : latin1(bytes.subarray(0, nul));
}

function copyOut(ctx: SyscallContext, addr: number, bytes: Uint8Array): boolean {
  return bytes.length === 0 || ctx.process.space.copyOut(addr, bytes);
}

export function sysPkgInstall(ctx: SyscallContext): HandlerResult {
  const { handle } = ctx.args.fd('fd');
  const name = nameArg(ctx, 'name');
  const version = nameArg(ctx, 'version_revision');
  const store = mutation(ctx);
  if ('ret' in store) return store;
  const obj = handle!.object;
  // PKG.FORMAT.HEADER: a regular file, read from offset 0; the handle's offset is left alone.
  if (!(obj instanceof FileObject) || obj.file.node.kind !== 'file') return fail('EINVAL', 'PKG.FORMAT');
  const node = obj.file.node;
  const payload = unpackSwpkg(node.data.subarray(0, node.size));
  if (payload === null) return fail('EINVAL', 'PKG.FORMAT');
  return outcome(store.install(name, version, payload), 'PKG.INSTALL');
}

export function sysPkgInfo(ctx: SyscallContext): HandlerResult {
  const index = Number(ctx.args.big('index'));
  const { addr, length: cap } = ctx.args.buffer('buf');
  const pkg = ctx.kernel.packages?.mounted[index];
  if (pkg === undefined) return fail('ENOENT', 'PKG.INFO.MISSING');
  const text = enc(`${pkg.name}-${pkg.version}`);
  if (cap > 0) {
    const n = Math.min(text.length, cap - 1);
    const out = new Uint8Array(n + 1);
    out.set(text.subarray(0, n));
    if (!copyOut(ctx, addr, out)) return fail('EFAULT', 'ABI.FAULT');
  }
  return ok(text.length, cap > text.length ? 'PKG.INFO' : 'PKG.INFO.TRUNCATE');
}

export function sysPkgFiles(ctx: SyscallContext): HandlerResult {
  const name = nameArg(ctx, 'name');
  const { addr, length: cap } = ctx.args.buffer('buf');
  const pkg = ctx.kernel.packages?.mounted.find((p) => p.name === name);
  if (pkg === undefined) return fail('ENOENT', 'PKG.FILES.MISSING');
  const list = enc(pkg.entries.filter((e) => e.kind === 'file').map((e) => `/${e.path}\n`).join(''));
  if (!copyOut(ctx, addr, list.subarray(0, Math.min(cap, list.length)))) return fail('EFAULT', 'ABI.FAULT');
  return ok(list.length, cap === 0 ? 'PKG.FILES.SIZE' : cap < list.length ? 'PKG.FILES.LIST' : 'PKG.FILES');
}

export function sysPkgRemove(ctx: SyscallContext): HandlerResult {
  const name = nameArg(ctx, 'name');
  const store = mutation(ctx);
  if ('ret' in store) return store;
  return outcome(store.remove(name), 'PKG.REMOVE');
}

export function sysPkgStreamBegin(ctx: SyscallContext): HandlerResult {
  const desc = decodeLayout(DESC, ctx.args.struct('desc').bytes!);
  const store = mutation(ctx);
  if ('ret' in store) return store;
  const name = fieldName(desc.name as Uint8Array);
  const version = fieldName(desc.version_revision as Uint8Array);
  if (name === null || version === null || name.length >= NAME_FIELD || version.length >= VERSION_FIELD) return fail('EINVAL', 'PKG.NAMES');
  const size = desc.payload_size as bigint;
  if (size < BigInt(MIN_PAYLOAD)) return fail('EINVAL', 'PKG.FORMAT');
  if (size > BigInt(store.free)) return fail('ENOSPC', 'PKG.STORE.FULL');
  store.begin(ctx.process, name, version, Number(size), (desc.payload_sha256 as Uint8Array).slice());
  return ok(0, 'PKG.STREAM.BEGIN');
}

export function sysPkgStreamWrite(ctx: SyscallContext): HandlerResult {
  const { bytes } = ctx.args.buffer('buf');
  const store = ctx.kernel.packages;
  const stream = store?.streamOf(ctx.process) ?? null;
  if (store === null || stream === null) return fail('EAGAIN', 'PKG.STREAM.NONE');
  return outcome(store.write(stream, bytes!), 'PKG.STREAM.WRITE');
}

export function sysPkgStreamCommit(ctx: SyscallContext): HandlerResult {
  const store = ctx.kernel.packages;
  const stream = store?.streamOf(ctx.process) ?? null;
  if (store === null || stream === null) return fail('EAGAIN', 'PKG.STREAM.NONE');
  return outcome(store.commit(stream), 'PKG.STREAM.COMMIT');
}

export function sysPkgStreamAbort(ctx: SyscallContext): HandlerResult {
  const store = ctx.kernel.packages;
  if (store === null || store.streamOf(ctx.process) === null) return fail('EAGAIN', 'PKG.STREAM.NONE');
  store.drop();
  return ok(0, 'PKG.STREAM.ABORT');
}

export const PKG_HANDLERS: Readonly<Record<string, Handler>> = {
  pkg_install: sysPkgInstall,
  pkg_info: sysPkgInfo,
  pkg_files: sysPkgFiles,
  pkg_remove: sysPkgRemove,
  pkg_stream_begin: sysPkgStreamBegin,
  pkg_stream_write: sysPkgStreamWrite,
  pkg_stream_commit: sysPkgStreamCommit,
  pkg_stream_abort: sysPkgStreamAbort,
};
