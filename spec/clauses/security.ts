// Capabilities, identities, login, setuid, confinement.

import type { Clause } from '../types.js';
import { decide, linux, PROCESS, seed, swiftOs, SYSCALL_H, VFS } from './make.js';

export const SECURITY_CLAUSES: readonly Clause[] = [
  seed('SEC.CAPS', 'Capabilities', 'Processes carry capability bits: capConsole, capSpawn, capFsRead, capTmpWrite, capProcessInspect, capNet, capLogExport (bits 0..6).'),
  seed('SEC.PRINCIPALS', 'Seeded Principals', 'The seeded principals are 1 root (caps 0x3f), 2 user (0x0e) and 3 guest (0x02).'),
  seed('SEC.INFO.RECORD', 'Capabilities', 'security_info writes a record of principal, session and capability mask.'),
  seed('SEC.LOGIN.REPLACE', 'Capabilities', 'login(principal, session, caps) replaces the calling process\'s context, and only when the caller holds capConsole.'),
  seed('SEC.INFOEX.FIELDS', 'Capabilities', 'security_info_ex reports the effective identity (what the process can do) and the real identity (who invoked it).'),
  seed('SEC.INFOEX.EQUAL', 'Capabilities', 'Effective and real identity are equal for an ordinary process and differ only after a setuid exec.'),
  seed('SEC.SETUID.EXEC', 'Capabilities', 'Exec of a read-only base-image file with the setuid bit (04000) gives the process the file owner\'s effective identity with full root authority and keeps the invoker as the real identity.'),
  seed('SEC.SETUID.TMPFS', 'Capabilities', 'The setuid bit is honoured only on read-only base-image files, never on tmpfs.'),
  seed('SEC.SPAWNCAP', 'Capabilities', 'capSpawn is the launch authority bit of the identity model; it is not a Linux-style execute permission.'),
  seed('SEC.LOGEXPORT', 'Capabilities', 'capLogExport gates log_read and log_stats; the seeded accounts do not hold it.'),
  seed('SEC.CONFINE.NARROW', 'Filesystem Capabilities', 'confine narrows the process to a subtree.'),
  seed('SEC.CONFINE.WIDEN', 'Filesystem Capabilities', 'Confinement only narrows: a confined process cannot widen its root.'),
  decide('SEC.CAP.ERRNO', 'A missing capability fails with EACCES when it guards access to an object or resource (open, path mutation, sockets, devices, names, logs, shared memory) and with EPERM when it guards a change of system or identity state (login, reboot, updates).',
    SYSCALL_H, 'swift-os answers the former with EACCES and documents EPERM for login, reboot and the update calls; the row\'s capability gate names which applies.'),
  decide('SEC.CONFINE.WIDEN.ERRNO', 'confine to a directory outside the current confinement fails with EACCES.', VFS, 'The swift-os errno.'),
  decide('SEC.LOGIN.CAP', 'login without capConsole fails with EPERM.', SYSCALL_H, 'The swift-os header documents -1 EPERM for a non-console caller.'),
  decide('SEC.LOGIN.EXEC', 'The context set by login survives execve.', SYSCALL_H, 'The swift-os header says so; it is how console-login hands over to a shell.'),
  decide('SEC.LOGIN.REAL', 'login sets both the effective and the real identity to the new context.', swiftOs('kernel/security/security.swift'), 'After sudo logs in as the target, the target is who runs the command.'),
  decide('SEC.LOGIN.THREADS', 'The security context belongs to the process: login in one thread changes it for all threads.', linux('credentials(7)'), 'One identity per process keeps checks simple.'),
  decide('SEC.LOGIN.CAPBITS', 'login caps with bits outside CAPABILITIES fail with EINVAL.', linux('errno(3)'), 'Unknown authority bits must not be silently stored.'),
  decide('SEC.INFO.EFFECTIVE', 'security_info reports the effective identity.', PROCESS, 'The swift-os record.'),
  decide('SEC.CONFINE.CWD', 'If the current directory lies outside the new confinement root, it moves to that root.', VFS, 'swift-os does this.'),
  decide('SEC.CONFINE.INHERIT', 'fork, spawn and threads inherit the confinement; exec keeps it.', VFS, 'A confined parent\'s children stay confined.'),
  decide('SEC.CONFINE.NOTDIR', 'confine of a non-directory fails with ENOTDIR.', VFS, 'swift-os answers ENOTDIR.'),
  decide('SEC.INSPECT.NOTENFORCED', 'psinfo and procstat need no capability; capProcessInspect is carried but not checked.', swiftOs('kernel/user/process.swift'), 'swift-os documents capProcessInspect as a scaffold bit.'),
  decide('SEC.SETUID.IDENTITY', 'After a setuid exec or spawn the effective identity is the file owner\'s principal with caps 0x3f (root\'s) in the caller\'s session; the real identity is the caller\'s real identity (its effective one unless an earlier setuid exec set another).',
    linux('execve(2)'), 'Like set-user-ID on Linux, only the effective identity changes and the real one stays the invoker\'s, so /bin/sudo can read who ran it (SEC.INFOEX.FIELDS).'),
  decide('SEC.SPAWNCAP.NOTENFORCED', 'spawn, fork and execve do not check capSpawn.', swiftOs('kernel/user/process.swift'), 'The seed says not to treat it as execute permission; swift-os does not enforce it.'),
  decide('SEC.BOOT.CONTEXT', 'The first process runs as principal 1, session 1, caps 0x3f unless the boot options give another identity.', swiftOs('kernel/security/security.swift'), 'Root as in the seeded principals; cases choose other identities through boot options.'),
];
