// Signals: numbers, dispositions, delivery, the handler frame, sigreturn.

import type { Clause } from '../types.js';
import { decide, informative, linux, PROCESS, seed, swiftOs, VFS } from './make.js';

const SIGNAL = swiftOs('kernel/signal/signal.swift');

export const SIGNAL_CLAUSES: readonly Clause[] = [
  decide('SIG.FAULT.CODE', 'A SIGSEGV from a memory fault carries si_code SEGV_MAPERR (1) when no mapping or reservation covers the address and SEGV_ACCERR (2) when one does but its protection forbids the access.', linux('sigaction(2)'), 'The two codes tell a wild pointer from a protection violation (the W^X and guard-page cases).'),
  seed('SIG.ACTION.RECORD', 'POSIX-Shaped Signal Lifecycle', 'sigaction records one of SIG_DFL, SIG_IGN or a handler address for a signal.'),
  seed('SIG.DELIVER.FRAME', 'POSIX-Shaped Signal Lifecycle', 'A handler for a signal to the current process runs when a syscall returns, through a kernel-built signal frame, and comes back through the restorer\'s call to sigreturn.'),
  seed('SIG.KILL.PROBE', 'POSIX-Shaped Signal Lifecycle', 'kill(pid, 0) checks that a positive pid exists without sending anything.'),
  seed('SIG.KILL.RETURN', 'Syscall Table', 'kill returns 0 or a negative errno, unless the signal\'s delivery terminates the caller first.'),
  seed('SIG.KILL.DEFAULT', 'POSIX-Shaped Signal Lifecycle', 'kill(pid, SIGTERM) terminates a child that left the default disposition.'),
  seed('SIG.MASK.FACADE', 'POSIX-Shaped Signal Lifecycle', 'sigprocmask/pthread_sigmask are a user-level facade; the kernel enforces no signal mask.'),
  informative(seed('SIG.UPSTREAM.GAPS', 'POSIX-Shaped Signal Lifecycle', 'Upstream does not yet implement process groups, enforced masks, interrupting blocked calls, or asynchronous handler delivery to other processes; the decisions below fix what Touchstone requires.'),
    'It reports upstream\'s status; the SIG.* decisions it points to are what the suite checks.'),
  decide('SIG.NUMBERS', 'Signals are numbered 1..31 with the Linux generic numbering (SIGINT 2, SIGKILL 9, SIGSEGV 11, SIGPIPE 13, SIGTERM 15, SIGCHLD 17, ...); SIG_DFL is 0 and SIG_IGN is 1.',
    SIGNAL, 'swift-os uses these values and a 32-entry disposition table.'),
  decide('SIG.NUMBER.INVALID', 'A signal number outside 1..31 (or 0 where probing is not allowed) fails with EINVAL.', linux('kill(2)'), 'swift-os silently ignores it; EINVAL is the POSIX answer.'),
  decide('SIG.UNCATCHABLE', 'sigaction on SIGKILL or SIGSTOP fails with EINVAL.', linux('sigaction(2)'), 'POSIX; a process must not be able to make itself unkillable.'),
  decide('SIG.ACTION.NORESTORER', 'sigaction with a handler address (not SIG_DFL/SIG_IGN) and restorer 0 fails with EINVAL.', SIGNAL, 'swift-os keeps such a signal pending forever; refusing up front is clearer.'),
  decide('SIG.ACTION.PERPROCESS', 'Dispositions and restorers belong to the process and are shared by its threads.', linux('signal(7)'), 'swift-os keeps one global table (an acknowledged shortcut); per-process is the POSIX model.'),
  decide('SIG.DEFAULT.ACTION', 'The default action is termination for every signal except SIGCHLD, SIGCONT, SIGURG, SIGWINCH and the stop signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU), which are ignored; there are no core dumps and no stopped state.',
    linux('signal(7)'), 'No job control exists, so stop signals cannot stop; the rest follows Linux.'),
  decide('SIG.IGN.DISCARD', 'A signal sent while its disposition is SIG_IGN is discarded, not left pending; setting SIG_IGN discards a pending instance.', SIGNAL, 'swift-os never marks an ignored signal pending.'),
  decide('SIG.PENDING.COALESCE', 'Each signal has one pending bit per process: sending an already-pending signal has no further effect.', SIGNAL, 'swift-os keeps a pending mask.'),
  decide('SIG.DELIVER.WHEN', 'Pending signals are acted on whenever a thread of the target process next returns to EL0 (after any syscall or a preemption), lowest signal number first; a signal to the caller itself is acted on before kill returns to it.',
    SIGNAL, 'swift-os delivers at syscall return; extending it to every return to EL0 gives remote delivery a deterministic point.'),
  decide('SIG.DELIVER.THREAD', 'A signal to a process is taken by its initial thread while it is alive, otherwise by its lowest-numbered thread.', linux('signal(7)'), 'A fixed choice keeps schedules replayable.'),
  decide('SIG.INTR', 'A thread blocked in a call marked blocking is woken by a signal with a handler: the call fails with EINTR (or returns its partial count) and the handler runs on the way out; a signal whose action is terminate ends the process instead.',
    VFS, 'swift-os interrupts pty reads with EINTR; doing it for every blocking call makes signal cases terminate. SA_RESTART does not exist.'),
  decide('SIG.FRAME.LAYOUT', 'To run a handler the kernel writes an 800-byte sigframe at (SP - 800) & ~15: magic 0x53494746, signo, x0..x30, SP, PC, PSTATE, FPSR, FPCR and q0..q31 of the interrupted context.',
    linux('sigreturn(2)'), 'The seed says only "kernel-built frame"; a documented layout lets any implementation and any handler agree, and saving FP/SIMD state keeps compiled handlers safe.'),
  decide('SIG.FRAME.ENTRY', 'The handler starts with x0 = signal number, x1 = 0, x2 = the frame address, x30 = the restorer, SP = the frame address and PC = the handler.',
    linux('sigaction(2)'), 'A C handler void h(int) works unchanged and returns into the restorer.'),
  decide('SIG.RETURN.RESTORE', 'sigreturn reads the frame at the current SP and restores x0..x30, SP, PC, NZCV, FPSR, FPCR and q0..q31 from it; execution continues at the saved PC with x0 as saved.',
    linux('sigreturn(2)'), 'The restorer is entered with SP back at the frame, as AAPCS64 returns leave it.'),
  decide('SIG.RETURN.BADFRAME', 'If the frame at SP is unreadable or its magic is wrong, sigreturn terminates the process with SIGSEGV.', linux('sigreturn(2)'), 'A corrupt frame cannot be resumed safely.'),
  decide('SIG.KILL.PERM', 'A process may signal another only if both have the same effective principal or the sender holds capConsole; otherwise EPERM (also for the 0 probe).',
    linux('kill(2)'), 'The seed is silent; this is the Unix rule mapped onto principals.'),
  decide('SIG.KILL.NOSUCH', 'kill to a pid that names no live or zombie process fails with ESRCH; a zombie accepts the signal with no effect.', linux('kill(2)'), 'POSIX.'),
  decide('SIG.KILL.NOGROUPS', 'kill with pid <= 0 fails with EINVAL.', linux('kill(2)'), 'There are no process groups or broadcast.'),
  decide('SIG.KILL.SELF', 'kill(getpid(), sig) is legal; with a terminating action the caller never sees kill return.', PROCESS, 'swift-os delivers to the caller at once.'),
  decide('SIG.FAULT.THREAD', 'The signal of a synchronous fault goes to the faulting thread: its handler runs on that thread, with the faulting context in the frame.',
    linux('signal(7)'), 'A hardware-generated signal is thread-directed; running the handler on another thread would leave the faulting one re-faulting.'),
  decide('SIG.FRAME.NOSPACE', 'If the frame cannot be written below SP (unmapped or read-only memory), the handler does not run and the process is terminated with SIGSEGV.',
    linux('signal(7)'), 'Linux forces SIGSEGV when it cannot set up a signal frame; there is no alternate signal stack.'),
  decide('SIG.DELIVER.NESTED', 'Handlers run with no signal blocked: a signal that becomes pending while a handler runs, the same one included, is delivered when that handler next returns to EL0, on a new frame below the current one.',
    linux('sigaction(2)'), 'The kernel keeps no mask (SIG.MASK.FACADE), so every handler behaves as with SA_NODEFER.'),
  decide('SIG.FAULTS', 'A data or instruction abort raises SIGSEGV, an undefined instruction SIGILL, a misaligned PC (a branch to an address that is not a multiple of 4) or a misaligned exclusive/atomic access SIGBUS, and brk SIGTRAP; if the signal has a handler it runs, otherwise the process terminates. SP alignment is not checked: like qemu-aarch64 user mode, against which the emulator is checked instruction by instruction, a load or store through a misaligned SP behaves as any other access.',
    linux('signal(7)'), 'Synchronous faults follow the Linux mapping so probes can catch them.'),
];

