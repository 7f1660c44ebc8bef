import {
  commitExec, installHandles, loadProgram, planHandles, resumeSyncSpawn, startChild, vectorBytes, waitForSpawned,
  type PlannedHandle, type ProgramArgs,
} from '../exec/index.js';
import { Process } from '../process.js';
import { fail, NO_RETURN, ok, type HandlerResult, type Outcome } from '../result.js';
import type { Handler, SyscallContext } from './context.js';

const STDIO = [0, 1, 2];

/** execve: all checks first (PROC.EXEC.FAILSAFE), then the new image replaces the old. */
export function sysExecve(ctx: SyscallContext): HandlerResult {
  const args = programArgs(ctx, true);
  if ('ret' in args) return args;
  const prog = loadProgram(ctx.kernel, ctx.process, ctx.args.string('path').bytes!, args);
  if ('ret' in prog) return prog;
  commitExec(ctx.kernel, ctx.thread, prog);
  return NO_RETURN;
}

/** spawn: the child gets copies of fds 0, 1 and 2 (PROC.SPAWN.STDIO); the caller waits for it. */
export function sysSpawn(ctx: SyscallContext): HandlerResult {
  const resumed = resumeSyncSpawn(ctx.kernel, ctx.thread, ctx.raw);
  if (resumed) return resumed;
  const parentTable = ctx.kernel.handles(ctx.process);
  const stdio: PlannedHandle[] = [];
  for (const fd of STDIO) {
    const h = parentTable.get(fd);
    if (h) stdio.push({ target: fd, handle: { object: h.object, rights: h.rights, cloexec: false } });
  }
  return spawnAndWait(ctx, stdio);
}

/** spawn_handles: exactly the listed handles (PROC.SPAWNH.EMPTY); the caller waits for the child. */
export function sysSpawnHandles(ctx: SyscallContext): HandlerResult {
  const resumed = resumeSyncSpawn(ctx.kernel, ctx.thread, ctx.raw);
  if (resumed) return resumed;
  const planned = plannedFromArgs(ctx);
  return 'ret' in planned ? planned : spawnAndWait(ctx, planned);
}

/** spawn_handles_async: as spawn_handles, but returns the pid of a waitable child at once. */
export function sysSpawnHandlesAsync(ctx: SyscallContext): HandlerResult {
  const planned = plannedFromArgs(ctx);
  if ('ret' in planned) return planned;
  const child = spawn(ctx, planned);
  return child instanceof Process ? ok(child.pid, 'PROC.SPAWNH.ASYNC') : child;
}

function plannedFromArgs(ctx: SyscallContext): PlannedHandle[] | Outcome {
  const specs = ctx.args.array('specs');
  return planHandles(ctx.kernel.handles(ctx.process), specs.bytes!, specs.count);
}

function spawnAndWait(ctx: SyscallContext, handles: readonly PlannedHandle[]): HandlerResult {
  const child = spawn(ctx, handles);
  return child instanceof Process ? waitForSpawned(ctx.kernel, ctx.thread, ctx.raw, child) : child;
}

/** Loads the image (empty environment: PROC.EXEC.NOENV) and starts the child with `handles`. */
function spawn(ctx: SyscallContext, handles: readonly PlannedHandle[]): Process | Outcome {
  const args = programArgs(ctx, false);
  if ('ret' in args) return args;
  const prog = loadProgram(ctx.kernel, ctx.process, ctx.args.string('path').bytes!, args);
  if ('ret' in prog) return prog;
  return startChild(ctx.kernel, ctx.process, prog, (table) => installHandles(table, handles));
}

/** argv (and envp for execve) as validated, with the exact bytes the new stack gets (PROC.EXEC.ENV). */
function programArgs(ctx: SyscallContext, withEnv: boolean): ProgramArgs | Outcome {
  const argv = ctx.args.strings('argv');
  const argvBytes = vectorBytes(ctx.process.space, argv.addr);
  const envpBytes = withEnv ? vectorBytes(ctx.process.space, ctx.args.strings('envp').addr) : [];
  if (argvBytes === null || envpBytes === null) return fail('EFAULT', 'ABI.FAULT');
  return { names: argv.items ?? [], argv: argvBytes, envp: envpBytes };
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const SPAWN_HANDLERS: Readonly<Record<string, Handler>> = {
  execve: sysExecve,
  spawn: sysSpawn,
  spawn_handles: sysSpawnHandles,
  spawn_handles_async: sysSpawnHandlesAsync,
};
