// Resolving and loading a program for execve and the spawn calls: the path checks
// (PROC.EXEC.NOENT, PROC.EXEC.NOTEXEC, confinement), the image checks (PROC.EXEC.NOEXEC,
// MM.WX.ELF, PROC.EXEC.RANGE, PROC.EXEC.NOMEM) and the identity the image runs with
// (SEC.SETUID.EXEC, SEC.SETUID.TMPFS). Nothing changes until the caller commits the result.
import { ElfError, readElf } from '../../../cpu/elf/index.js';
import type { CpuContext } from '../../../cpu/cpu.js';
import type { AddressSpace } from '../../../cpu/memory/address-space.js';
import { PAGE_SIZE } from '../../../cpu/memory/physical.js';
import { constValue, SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import { loadSwiftosImage, type ArgString } from '../loader.js';
import type { MemoryManager } from '../mm/index.js';
import type { Identity, Process } from '../process.js';
import { fail, type Outcome } from '../result.js';
import { nodePath, pathFromBytes, type FileNode } from '../vfs/index.js';

const ANY_EXEC_BIT = 0o111;
const SETUID_BIT = 0o4000;
const STACK_BYTES = constValue('ADDRESS_SPACE', 'USER_STACK_PAGES') * PAGE_SIZE;
const VECTOR_MAX = Math.max(constValue('LIMITS', 'ARGV_MAX'), constValue('LIMITS', 'ENVP_MAX'));
const VECTOR_BYTES_MAX = constValue('LIMITS', 'ARG_BYTES_MAX');

/** What the new image gets: argv as the process shows it, and the exact argv and envp bytes. */
export interface ProgramArgs {
  /** argv as text (Process.argv: psinfo, /proc). */
  readonly names: readonly string[];
  readonly argv: readonly ArgString[];
  readonly envp: readonly ArgString[];
}

/** A loaded image, not yet given to any process: commit it or `mm.releaseAll()` it. */
export interface LoadedProgram {
  readonly mm: MemoryManager;
  /** The registers the image starts with (PROC.ENTRY.REGS). */
  readonly context: CpuContext;
  /** The identity it runs with: the caller's, or elevated by a setuid base-image file. */
  readonly identity: Identity;
  readonly argv: readonly string[];
}

/**
 * Resolves `path` for `caller`, checks that it names a runnable image and loads it into a fresh
 * address space with `argv` and `envp` on its initial stack. A failure changes nothing.
 */
export function loadProgram(
  kernel: Kernel,
  caller: Process,
  path: Uint8Array,
  args: ProgramArgs,
): LoadedProgram | Outcome {
  const found = kernel.vfs.lookup(pathFromBytes(path), kernel.caller(caller));
  if (!found.ok) return fail(found.errno, found.errno === 'ENOENT' ? 'PROC.EXEC.NOENT' : found.clause);
  const node = found.value;
  if (node.kind !== 'file' || (node.mode & ANY_EXEC_BIT) === 0) return fail('EACCES', 'PROC.EXEC.NOTEXEC');
  const bytes = node.data.subarray(0, node.size);
  const name = nodePath(node) ?? node.name;
  const wx = checkWx(bytes, name);
  if (wx) return wx;
  // The argument limits keep the initial stack block far inside the stack; this only guards the loader.
  if (stackBlockBytes(args) > STACK_BYTES) return fail('E2BIG', 'ABI.ARGV.TOOBIG');
  const loaded = loadSwiftosImage(kernel.phys, bytes, name, args.argv, args.envp);
  if (!loaded.ok) return fail(loaded.errno, loaded.clause);
  return {
    mm: loaded.mm,
    context: kernel.entryContext(loaded.entry, loaded.sp, args.argv.length, loaded.argvAt, loaded.envpAt),
    identity: execIdentity(caller.identity, node),
    argv: args.names,
  };
}

/** Bytes of the initial stack block the loader builds (PROC.ENTRY.STACK). */
function stackBlockBytes(args: ProgramArgs): number {
  const length = (s: ArgString): number => (typeof s === 'string' ? new TextEncoder().encode(s).length : s.length) + 1;
  const strings = [...args.argv, ...args.envp].reduce((n, s) => n + length(s), 0);
  return 8 * (args.argv.length + args.envp.length + 5) + strings + 16;
}

/**
 * The exact bytes of the strings of a vector that argument validation accepted (so every
 * pointer and string is readable and within the limits); [] for NULL. Null if it changed since.
 */
export function vectorBytes(space: AddressSpace, addr: number): Uint8Array[] | null {
  const out: Uint8Array[] = [];
  if (addr === 0) return out;
  for (let i = 0; i <= VECTOR_MAX; i++) {
    const slot = space.copyIn(addr + 8 * i, 8);
    if (slot === null) return null;
    const p = new DataView(slot.buffer, slot.byteOffset, 8).getBigUint64(0, true);
    if (p === 0n) return out;
    const s = p < 2n ** 53n ? space.readCString(Number(p), VECTOR_BYTES_MAX + 1) : null;
    if (s === null) return null;
    out.push(s);
  }
  return null;
}

/**
 * MM.WX.ELF: no segment may be both writable and executable, and no page may end up so when
 * segments share it (the loader gives a page the union of its segments' permissions). The ELF
 * reader returns segments sorted and disjoint, so only a segment's first and last pages can be
 * shared. An image the reader refuses is left to the loader (PROC.EXEC.NOEXEC).
 */
function checkWx(bytes: Uint8Array, name: string): Outcome | null {
  let segments;
  try {
    segments = readElf(bytes, name).segments;
  } catch (err) {
    if (err instanceof ElfError) return null;
    throw err;
  }
  let page = -1;
  let writable = false;
  let executable = false;
  for (const s of segments) {
    if (s.writable && s.executable) return fail('ENOEXEC', 'MM.WX.ELF');
    const first = Math.floor(s.vaddr / PAGE_SIZE);
    const last = Math.ceil((s.vaddr + s.memsz) / PAGE_SIZE) - 1;
    if (first === page) {
      writable ||= s.writable;
      executable ||= s.executable;
      if (writable && executable) return fail('ENOEXEC', 'MM.WX.ELF');
    }
    if (first !== page || last !== first) {
      page = last;
      writable = s.writable;
      executable = s.executable;
    }
  }
  return null;
}

/**
 * SEC.SETUID.EXEC: a base-image file with the setuid bit runs as its owner with root's
 * capabilities; the session and the real identity (the invoker's, kept across further setuid
 * execs) stay (SEC.SETUID.IDENTITY). On tmpfs the bit means nothing (SEC.SETUID.TMPFS).
 */
export function execIdentity(current: Identity, node: FileNode): Identity {
  if (node.fs !== 'base' || (node.mode & SETUID_BIT) === 0) return current;
  const real = current.real ?? { principal: current.principal, session: current.session, caps: current.caps };
  return { principal: node.owner, session: current.session, caps: SEEDED_PRINCIPAL_CAPS.root, real };
}
