// Touchstone extensions: process handles (seed 000), procfs with grammars (seeds 000, 003),
// timers as files (seed 003).

import type { Clause } from '../types.js';
import { decide, fromSeed, linux, SYSCALL_H } from './make.js';

const RACE = fromSeed('000', 'Manything is a race');
const PROCFS_SRC = fromSeed('003', 'API filesystems');
const TIMERS = fromSeed('003', 'Objects as file descriptors');

export const EXTENSION_CLAUSES: readonly Clause[] = [
  decide('EXT.NUMBERING', 'Extension calls are numbered from 200 (pidfd 200-202, timerfd 203-205), leaving 105-199 to upstream SwiftOS.',
    SYSCALL_H, 'The upstream table keeps growing and has renumbered before; a gap avoids collisions when differential-testing a newer kernel.'),
  decide('EXT.PIDFD.WHY', 'Process handles exist so a program can match a process and then signal it without the pid being reused in between.',
    RACE, 'Seed 000: with only integer pids a correct killall is impossible; a handle fixes it.'),
  decide('PIDFD.OPEN', 'pidfd_open(pid, flags) returns a pidfd naming that process (live or zombie); PIDFD_NONBLOCK and PIDFD_CLOEXEC are the only flags.', linux('pidfd_open(2)'), 'The Linux call, with SwiftOS flag bits.'),
  decide('PIDFD.OPEN.NOSUCH', 'pidfd_open of a pid that names no process (or names a thread) fails with ESRCH.', linux('pidfd_open(2)'), 'Linux errno.'),
  decide('PIDFD.IDENTITY', 'A pidfd keeps naming the process it was opened on; after that process is reaped and its pid reused, the pidfd does not name the new process.',
    RACE, 'This is the point of the handle.'),
  decide('PIDFD.NOREAP', 'A pidfd does not reap: only the parent\'s waitpid does, and holding a pidfd does not keep the pid reserved after reaping.', linux('pidfd_open(2)'), 'Keeps waitpid the single reaping path.'),
  decide('PIDFD.RIGHTS', 'A new pidfd holds READ, WRITE, DUPLICATE, TRANSFER and GETATTR; WRITE allows signalling, GETATTR reading attributes.', RACE, 'Maps process operations onto the existing rights; a read-only pidfd can observe but not signal.'),
  decide('PIDFD.POLL', 'A pidfd is POLLIN (with READ) once its process has ended (zombie or reaped).', linux('pidfd_open(2)'), 'Lets an event loop wait for a non-child.'),
  decide('PIDFD.READ', 'read and write on a pidfd fail with EINVAL.', linux('pidfd_open(2)'), 'There is no byte stream.'),
  decide('PIDFD.THREAD', 'Thread ids are not accepted by pidfd_open.', linux('pidfd_open(2)'), 'Threads are not processes (THR.CREATE.ID).'),
  decide('PIDFD.SIGNAL', 'pidfd_send_signal(fd, sig, 0) sends sig to the handle\'s process with kill\'s rules (SIG.KILL.PERM, 0 probes); flags must be 0.', linux('pidfd_send_signal(2)'), 'The Linux call.'),
  decide('PIDFD.SIGNAL.ORDER', 'pidfd_send_signal checks, after its arguments, first that the process has not ended (ESRCH), then permission (EPERM); sig 0 then returns 0 without sending.', linux('pidfd_send_signal(2)'),
    'Linux looks the task up before checking permission; an ended process never leaks whether it could have been signalled.'),
  decide('PIDFD.NONBLOCK', 'PIDFD_NONBLOCK sets O_NONBLOCK on the pidfd (F_GETFL reports it) and PIDFD_CLOEXEC marks the new handle close-on-exec; no pidfd call blocks, so O_NONBLOCK has no other effect.', linux('pidfd_open(2)'),
    'Linux uses PIDFD_NONBLOCK only for waitid, which Touchstone does not offer on a pidfd.'),
  decide('PIDFD.SIGNAL.EXITED', 'Signalling a process that has ended (zombie or reaped) through its pidfd fails with ESRCH.', linux('pidfd_send_signal(2)'), 'Linux errno; a signal can never reach a later process with the same pid.'),
  decide('PIDFD.INFO', 'pidfd_getinfo fills a procstat record for the handle\'s process.', RACE, 'Seed 000 reads attributes through the same handle it signals through.'),
  decide('PIDFD.INFO.REAPED', 'pidfd_getinfo on a zombie reports state PROC_ZOMBIE; once reaped it fails with ESRCH.', RACE, 'The record must never describe a different process.'),
  decide('PROCFS.MOUNT', '/proc is a read-only synthetic filesystem opened with the ordinary calls; reading it needs capFsRead like any read, and writes or creations fail EROFS.', PROCFS_SRC, 'Seed 003: process state as files; seed 000: but with specified formats.'),
  decide('PROCFS.DIRS', '/proc holds a directory per process (zombies included) named by its decimal pid, and /proc/self for the caller; threads have no directory.', PROCFS_SRC, 'The usual procfs shape.'),
  decide('PROCFS.GRAMMAR', 'Every /proc file has an EBNF grammar in spec/procfs.ts; the kernel\'s output must parse with it.', fromSeed('000', 'EBNF results'), 'Seed 000 asks for EBNF-specified /proc formats so parsers can be generated.'),
  decide('PROCFS.CMDLINE', '/proc/<pid>/cmdline is the argv strings, each followed by one NUL (so it always ends with a NUL, and is empty for an empty argv).', fromSeed('000', '“Everything is bytes'), 'Answers seed 000\'s quiz question once and for all.'),
  decide('PROCFS.STATUS', '/proc/<pid>/status is one "key=value" line per field (pid, ppid, state, principal, name, cpu_ticks, start_tick, res_bytes), always in that order, each ending with a newline.',
    fromSeed('000', '“Everything is bytes'), 'One separator, one terminator, fixed order: no tabs-or-spaces guessing.'),
  decide('PROCFS.HANDLES', '/proc/<pid>/handles lists the process\'s open handles, one line each: number, kind, rights mask, close-on-exec marker.', PROCFS_SRC,
    'Seed 003 shows inspecting open files through /proc; a one-line-per-handle format with a grammar replaces symlink tricks.'),
  decide('PROCFS.STAT.SIZE', 'fstat/stat of a /proc file reports as st_size exactly the number of bytes a full read of it returns at that moment.', PROCFS_SRC, 'Seed 003 notes that synthetic files usually lie about their size; this one does not.'),
  decide('PROCFS.SNAPSHOT', 'A /proc file\'s content is computed when it is opened; reads on that handle see that snapshot.', PROCFS_SRC, 'Consistent reads in pieces.'),
  decide('TFD.CREATE', 'timerfd_create(clockid, flags) returns a disarmed timer handle on CLOCK_REALTIME or CLOCK_MONOTONIC; TFD_NONBLOCK and TFD_CLOEXEC are the only flags.', TIMERS, 'Seed 003: timers as handles that can be polled and inherited like files.'),
  decide('TFD.READ.EXPIRATIONS', 'read of at least 8 bytes returns the number of expirations since the last read or settime as a 64-bit little-endian value and resets it to 0.', TIMERS, 'Seed 003: the overrun count is the read result.'),
  decide('TFD.READ.BLOCK', 'With no expiration pending a read blocks until the next one, or fails EAGAIN when non-blocking.', TIMERS, 'Seed 003: waiting for a timer is reading it.'),
  decide('TFD.READ.SHORT', 'read of 1 to 7 bytes fails with EINVAL (count 0 returns 0, as on every handle: FD.READ.ZERO).', linux('timerfd_create(2)'), 'Linux errno; the count-0 rule is the same for every handle kind.'),
  decide('TFD.POLL', 'A timerfd is POLLIN (with READ) while its expiration count is non-zero.', TIMERS, 'Seed 003: timers usable in a poll loop.'),
  decide('TFD.INHERIT', 'A timerfd is inherited like any handle: fork copies it (the timer is shared), exec closes it only when close-on-exec, spawn_handles passes it explicitly.', TIMERS, 'Seed 003: inheritance controlled with the standard close/CLOEXEC tools.'),
  decide('TFD.FSTAT', 'fstat on a timerfd reports S_IFIFO|0666 and size 0.', TIMERS, 'Same as other anonymous objects (FD.FSTAT.KINDS).'),
  decide('TFD.CLOCK', 'CLOCK_MONOTONIC is the virtual time since boot in ns; CLOCK_REALTIME is the TIME.EPOCH wall clock in ns (boot epoch plus the same virtual time). Neither can be set, so the two differ by a constant and an absolute expiration never moves.',
    TIMERS, 'The reference kernel\'s clocks are virtual (TIME.VIRTUAL); with no clock_settime, Linux\'s cancel-on-set cases cannot arise.'),
  decide('TFD.SETTIME.ARM', 'timerfd_settime with a non-zero it_value arms the timer to expire after it_value (relative), or at it_value on the timer\'s clock with TFD_TIMER_ABSTIME.', linux('timerfd_create(2)'), 'The Linux semantics.'),
  decide('TFD.SETTIME.DISARM', 'A zero it_value disarms the timer.', linux('timerfd_create(2)'), 'Linux.'),
  decide('TFD.SETTIME.ABS', 'An absolute time already in the past expires at once.', linux('timerfd_create(2)'), 'Linux.'),
  decide('TFD.SETTIME.INTERVAL', 'A non-zero it_interval re-arms the timer after each expiration; expirations missed while nobody reads accumulate in the count.', linux('timerfd_create(2)'), 'Linux.'),
  decide('TFD.SETTIME.RANGE', 'A negative seconds field or a nanoseconds field outside 0..999999999 fails with EINVAL.', linux('timerfd_create(2)'), 'Linux.'),
  decide('TFD.SETTIME.RESET', 'settime resets the expiration count to 0 and, when old_value is not NULL, first writes the previous setting there.', linux('timerfd_create(2)'), 'Linux.'),
  decide('TFD.GETTIME', 'timerfd_gettime writes the interval and the time left to the next expiration (zeros when disarmed).', linux('timerfd_create(2)'), 'Linux.'),
];
