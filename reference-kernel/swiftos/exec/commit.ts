// The point of no return of execve, and the start of a spawned child.
import { HandleTable } from '../handles.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import { fail, type Outcome } from '../result.js';
import { Thread } from '../thread.js';
import type { LoadedProgram } from './program.js';

/**
 * Replaces `thread`'s process image with `prog` (PROC.EXEC.REPLACE): every other thread ends
 * (PROC.EXEC.THREADS), close-on-exec handles close (PROC.EXEC.CLOEXEC), the old address space
 * is freed, caught signals reset (PROC.EXEC.SIGNALS), and the process continues at the new entry
 * in a thread whose id is the pid (PROC.EXEC.PID). Call only once nothing can fail any more.
 */
export function commitExec(kernel: Kernel, thread: Thread, prog: LoadedProgram): void {
  const p = thread.process;
  for (const other of p.liveThreads) if (other !== thread) kernel.exitThread(other);
  const table = kernel.handles(p);
  for (const [fd, h] of table.entries()) if (h.cloexec) table.close(fd);
  const old = p.mm;
  p.mm = prog.mm;
  old.dispose();
  p.argv = prog.argv;
  p.identity = prog.identity;
  p.signals.resetForExec();
  if (thread.tid === p.pid) {
    kernel.cpu.space = p.space;
    kernel.cpu.restoreContext(prog.context);
    return;
  }
  // From a non-initial thread: that thread ends and the image starts in the process's initial
  // thread, so that exit ends the process again (THR.EXIT.MAIN).
  kernel.exitThread(thread);
  p.threads.splice(0, p.threads.length);
  const leader = new Thread(p.pid, p, prog.context);
  p.threads.push(leader);
  kernel.scheduler.makeRunnable(leader);
}

/**
 * Creates the child of a spawn call running `prog` with the handles `install` puts into its
 * empty table: cwd and confinement from the parent (PROC.SPAWN.CWD), dispositions as after an
 * exec (PROC.SPAWN.SIGNALS). Fails with EAGAIN (and frees `prog`) when the table is full.
 */
export function startChild(kernel: Kernel, parent: Process, prog: LoadedProgram, install: (table: HandleTable) => void): Process | Outcome {
  const table = new HandleTable(kernel.handles(parent).limit);
  const child = kernel.createProcess(parent, prog.mm, prog.argv, prog.identity, table);
  if (child === 'EAGAIN') {
    prog.mm.dispose();
    return fail('EAGAIN', 'PROC.TABLE.FULL');
  }
  install(table);
  child.signals = parent.signals.forkCopy();
  child.signals.resetForExec();
  kernel.startThread(child, prog.context);
  return child;
}
