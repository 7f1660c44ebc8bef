import { sbrkOutcome, toOutcome } from '../mm/index.js';
import { FileObject } from '../objects/file.js';
import { fail, type HandlerResult } from '../result.js';
import { nodePath } from '../vfs/index.js';
import type { Handler, SyscallContext } from './context.js';

/** sbrk(incr): the previous break, or all ones (MM.SBRK.FAIL). */
export function sysSbrk(ctx: SyscallContext): HandlerResult {
  return sbrkOutcome(ctx.process.mm.sbrk(ctx.raw[0]!));
}

/**
 * mmap(addr, length, prot, flags, fd, offset): fd and offset are ignored (MM.MMAP.HINT). prot and
 * flags are C ints: the manager gets their low 32 bits as validated (ABI.ARGS.WIDTH).
 */
export function sysMmap(ctx: SyscallContext): HandlerResult {
  const [addr, length] = ctx.raw;
  return toOutcome(ctx.process.mm.mmap(addr!, length!, ctx.args.num('prot'), ctx.args.num('flags')));
}

export function sysMunmap(ctx: SyscallContext): HandlerResult {
  const [addr, length] = ctx.raw;
  return toOutcome(ctx.process.mm.munmap(addr!, length!));
}

export function sysMprotect(ctx: SyscallContext): HandlerResult {
  const [addr, length] = ctx.raw;
  return toOutcome(ctx.process.mm.mprotect(addr!, length!, ctx.args.num('prot')));
}

/**
 * mmap_file(fd, length, prot): the handle is a readable file (checked by its argument type);
 * only a regular file of the base image is disk-backed (MM.MMAPFILE.BACKING, MM.MMAPFILE.TMPFS).
 */
export function sysMmapFile(ctx: SyscallContext): HandlerResult {
  const object = ctx.args.fd('fd').handle!.object;
  const node = object instanceof FileObject ? object.file.node : null;
  if (node === null || node.kind !== 'file' || node.fs !== 'base') return fail('EACCES', 'MM.MMAPFILE.TMPFS');
  const length = ctx.raw[1]!;
  const contents = node.data.subarray(0, node.size);
  return toOutcome(ctx.process.mm.mmapFile({ contents, name: nodePath(node) ?? node.name }, length, ctx.args.num('prot')));
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const MEMORY_HANDLERS: Readonly<Record<string, Handler>> = {
  sbrk: sysSbrk,
  mmap: sysMmap,
  munmap: sysMunmap,
  mprotect: sysMprotect,
  mmap_file: sysMmapFile,
};
