// Process and system statistics, kernel log, entropy, power control, event counters.

import type { Clause } from '../types.js';
import { decide, linux, PROCESS, seed, swiftOs, VFS } from './make.js';

const LOG = swiftOs('kernel/log/log.swift');

export const SYSTEM_CLAUSES: readonly Clause[] = [
  seed('SYS.PSINFO.RECORDS', 'psinfo', 'psinfo writes fixed 32-byte ps_entry records (pid, ppid, state, name[20]).'),
  seed('SYS.PSINFO.TOTAL', 'Syscall Table', 'psinfo and procstat return the number of processes.'),
  seed('SYS.PROCSTAT.RECORDS', 'procstat', 'procstat writes 56-byte records (pid, ppid, state, principal, cpu ticks, start tick, resident bytes, name[16]).'),
  seed('SYS.SYSINFO.LEGACY', 'sysinfo', 'sysinfo with capacity 0 writes the legacy 64-byte record.'),
  seed('SYS.SYSINFO.FULL', 'sysinfo', 'sysinfo with capacity of at least 200 writes the full 200-byte record with per-CPU counters.'),
  seed('SYS.SYSINFO.PREFIX', 'sysinfo', 'The first 64 bytes of the full record are the legacy record.'),
  seed('SYS.SYSINFO.CPUS', 'sysinfo', 'cpu_count is clamped to the platform CPU count and to 8; cpu_capacity is 8; per-CPU entries at or above cpu_count are zero.'),
  seed('SYS.LOG.CAP', 'Logging', 'log_read and log_stats need capLogExport.'),
  seed('SYS.LOG.STATS', 'Logging', 'log_stats writes a 32-byte record: capacity, available, total_written, overwritten (u64 each).'),
  seed('SYS.REBOOT.CAP', 'Power Control', 'reboot needs capConsole: other callers get EPERM.'),
  seed('SYS.REBOOT.SYNC', 'Power Control', 'reboot flushes /data, then resets or powers off; on success it does not return.'),
  seed('SYS.REBOOT.NOPSCI', 'Power Control', 'Without a PSCI conduit reboot fails with ENOSYS (-38).'),
  seed('SYS.RANDOM.FILL', 'Runtime Entropy', 'random fills the buffer with runtime entropy and returns the bytes written.'),
  seed('EVT.CREATE', 'POSIX-Shaped Event Counters', 'eventfd (call 71) creates an event counter handle with an initial value.'),
  seed('EVT.READ.COUNTER', 'POSIX-Shaped Event Counters', 'Reads and writes transfer one 64-bit little-endian counter value; a read returns the counter and resets it to 0.'),
  seed('EVT.READ.SEMAPHORE', 'POSIX-Shaped Event Counters', 'With EFD_SEMAPHORE a read decrements the counter by one and returns 1.'),
  seed('EVT.READ.EMPTY', 'POSIX-Shaped Event Counters', 'A non-blocking read of a zero counter fails with EAGAIN; a blocking one waits.'),
  seed('EVT.WRITE.ADD', 'POSIX-Shaped Event Counters', 'A write adds its 64-bit value to the counter.'),
  decide('EVT.FLAGS', 'eventfd takes EFD_SEMAPHORE 0x1, EFD_CLOEXEC 0x200 and EFD_NONBLOCK 0x4000 (the open-flag bits); other bits fail EINVAL. initval is an unsigned 32-bit value.',
    VFS, 'These are the swift-os kernel values (the newlib header\'s 0x40000 is translated by compat).'),
  decide('EVT.READ.SHORT', 'read of fewer than 8 bytes from an eventfd fails with EINVAL.', VFS, 'swift-os rejects short reads.'),
  decide('EVT.WRITE.INVALID', 'write of fewer than 8 bytes, or of the value 0xFFFF_FFFF_FFFF_FFFF, fails with EINVAL.', VFS, 'swift-os rejects both.'),
  decide('EVT.WRITE.OVERFLOW', 'A write that would push the counter above 0xFFFF_FFFF_FFFF_FFFE blocks until a read makes room, or fails EAGAIN when non-blocking.', VFS, 'The swift-os and Linux rule.'),
  decide('EVT.NOMEM', 'eventfd fails with ENOMEM when no counter can be allocated.', VFS, 'swift-os has a fixed counter table.'),
  decide('EVT.FSTAT', 'fstat on an eventfd reports S_IFIFO|0666 and size 0.', VFS, 'The swift-os fstat.'),
  decide('SYS.SYSINFO.SMALL', 'sysinfo with capacity 1..63 fails with EINVAL; 64..199 writes the legacy record.', PROCESS, 'A buffer that cannot hold either layout is an error; capacity 0 keeps its seed meaning.'),
  decide('SYS.PSINFO.THREADS', 'psinfo and procstat list processes (zombies included, threads not); records come in increasing pid order; the return value counts all processes even when capacity is smaller.',
    PROCESS, 'swift-os counts every slot; threads are not processes in Touchstone (THR.CREATE.ID).'),
  decide('SYS.PROCNAME', 'A record\'s name is the program\'s argv[0] at its last exec (or its parent\'s name after fork), truncated to the field size minus one and NUL-padded; "?" when argv is empty.', PROCESS, 'The swift-os process name.'),
  decide('SYS.LOG.READ', 'log_read copies the newest whole records that fit in cap (at most max_count when non-zero), oldest first, and returns the bytes written.', LOG, 'The seed says it exports a tail of the log ring.'),
  decide('SYS.LOG.FORMAT', 'Each exported record is one text line: sequence number, level, subsystem, message, separated by single spaces and ended by a newline.', LOG, 'Seed 000: machine-readable data with a stated grammar.'),
  decide('SYS.LOG.NOCONSUME', 'Reading the log does not remove records.', LOG, 'Several readers can export the same tail.'),
  decide('SYS.RANDOM.DETERMINISTIC', 'The reference kernel fills random (and /dev/random) from a PRNG seeded by the boot options; cap above RANDOM_MAX fails EINVAL.', linux('getrandom(2)'), 'Determinism; a per-call bound like getrandom\'s.'),
  decide('SYS.REBOOT.OUTCOME', 'In the reference kernel a successful reboot ends the run with the outcome "reboot" or "poweroff"; an unknown cmd fails EINVAL.', swiftOs('kernel/power/power.swift'), 'There is no machine to reset; the outcome records what happened.'),
];
