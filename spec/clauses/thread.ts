// Threads and futexes.

import type { Clause } from '../types.js';
import { decide, linux, PROCESS, seed, swiftOs } from './make.js';

const FUTEX = swiftOs('kernel/sched/futex.swift');

export const THREAD_CLAUSES: readonly Clause[] = [
  seed('THR.CREATE.SHARE', 'Threads And Futexes', 'A new thread shares the address space of its process.'),
  seed('THR.EXIT.THREAD', 'Threads And Futexes', 'The entry function is called with arg and must end by calling thread exit (the exit call).'),
  seed('THR.FUTEX.WAIT', 'Threads And Futexes', 'SWIFTOS_FUTEX_WAIT (0) blocks while *uaddr equals val.'),
  seed('THR.FUTEX.WAKE', 'Threads And Futexes', 'SWIFTOS_FUTEX_WAKE (1) wakes up to val waiters and returns how many it woke.'),
  decide('THR.CREATE.REGS', 'The thread starts at entry with x0 = arg, SP = stack_top, x30 = 0 and every other register zero.', swiftOs('kernel/arch/aarch64/user_entry.S'), 'The swift-os thread trampoline.'),
  decide('THR.CREATE.ENTRY', 'entry must lie in an executable mapping, else EFAULT.', PROCESS, 'swift-os answers EFAULT for an unmapped entry; requiring EXEC is the W^X-consistent check.'),
  decide('THR.CREATE.STACK', 'The 16 bytes below stack_top must be writable, else EFAULT.', PROCESS, 'The swift-os check.'),
  decide('THR.CREATE.ID', 'The thread id is a number from the pid space, distinct from every live pid and thread id; it is not a pid (kill, waitpid and pidfd_open reject it).',
    PROCESS, 'swift-os takes ids from its process table.'),
  decide('THR.CREATE.NOMEM', 'thread_create fails with ENOMEM when no kernel stack can be allocated.', PROCESS, 'swift-os answers ENOMEM.'),
  decide('THR.EXIT.MAIN', 'exit from the initial thread ends the whole process (every thread) with that status; exit from another thread ends only that thread and its status is discarded.',
    linux('exit_group(2)'), 'C programs return from main into exit and expect the process to end; swift-os threads end alone.'),
  decide('THR.RETURN.FAULT', 'A thread that returns from its entry function jumps to x30 = 0, faults, and the process dies of SIGSEGV.', swiftOs('kernel/arch/aarch64/user_entry.S'), 'Follows from THR.CREATE.REGS; the seed says entries must call exit.'),
  decide('THR.HANDLES.SHARED', 'All threads of a process share one handle table, current directory and security context.', linux('pthreads(7)'), 'swift-os snapshots the table (a stated shortcut); sharing is what thread libraries assume.'),
  decide('THR.GETPID', 'getpid returns the process id in every thread.', linux('getpid(2)'), 'POSIX.'),
  decide('THR.FUTEX.MISMATCH', 'FUTEX_WAIT returns 0 at once when *uaddr != val (compared atomically with enqueueing).', swiftOs('kernel/sched/futex.swift'), 'swift-os returns 0, not EAGAIN; callers loop either way.'),
  decide('THR.FUTEX.ORDER', 'FUTEX_WAKE wakes waiters in the order they started waiting.', FUTEX, 'FIFO order keeps schedules reproducible.'),
  decide('THR.FUTEX.PRIVATE', 'FUTEX_PRIVATE_FLAG (128) may be OR-ed into op and is ignored; any other op value fails with EINVAL.', FUTEX, 'swift-os strips the private flag.'),
  decide('THR.FUTEX.KEY', 'Waiters are keyed by (process, address): only threads of the same process wake each other.', FUTEX, 'swift-os keys the queue by user VA within a process.'),
  decide('THR.FUTEX.FAULT', 'uaddr must be a readable mapped word, else EFAULT; uaddr not 4-byte aligned fails EINVAL.', linux('futex(2)'), 'swift-os answers EINVAL for bad addresses; see ABI.FAULT.'),
];
