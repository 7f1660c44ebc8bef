// Terminals and pseudo-terminals.

import type { Clause } from '../types.js';
import { decide, linux, seed, swiftOs, VFS } from './make.js';

const PTY = swiftOs('kernel/tty/pty.swift');

export const TTY_CLAUSES: readonly Clause[] = [
  seed('TTY.ATTR.LFLAG', 'Terminal API', 'termios is four 32-bit flag words; only c_lflag is interpreted.'),
  seed('TTY.CANON', 'Terminal API', 'ICANON selects canonical (line) input.'),
  seed('TTY.ECHO', 'Terminal API', 'ECHO echoes input back to the terminal output.'),
  seed('TTY.ISIG', 'Terminal API', 'ISIG makes signal-generating input such as Ctrl-C raise a signal (SIGINT) at the terminal\'s foreground process.'),
  seed('TTY.ATTR.ACTIONS', 'Terminal API', 'TCSANOW applies the attributes immediately.'),
  seed('TTY.PTY.OPEN', 'Syscall Table', 'openpty allocates a pseudo-terminal pair and writes the master and slave handles to the two pointers.'),
  seed('TTY.PTY.FG.SET', 'Syscall Table', 'pty_set_foreground names the process that terminal-generated signals go to, through either end of the pair.'),
  seed('TTY.PTY.FG.CLEAR', 'Syscall Table', 'pty_set_foreground with pid 0 clears the foreground process.'),
  decide('TTY.ATTR.GET', 'tcgetattr writes c_iflag, c_oflag and c_cflag as 0 and c_lflag as the terminal\'s current local flags.', swiftOs('kernel/syscall/syscall.swift'), 'The swift-os tcgetattr.'),
  decide('TTY.ATTR.SET', 'tcsetattr stores c_lflag (all 32 bits) and ignores the other words.', swiftOs('kernel/syscall/syscall.swift'), 'The swift-os tcsetattr.'),
  decide('TTY.ATTR.NOTTY', 'tcgetattr, tcsetattr and pty_set_foreground on a handle that is not a terminal fail with ENOTTY.', linux('tcgetattr(3)'), 'swift-os ignores the handle; ENOTTY is the POSIX errno.'),
  decide('TTY.ATTR.PERTERMINAL', 'The console and each pseudo-terminal keep their own attributes; both ends of a pty pair address the same attributes.', PTY, 'swift-os keeps a per-pty line discipline.'),
  decide('TTY.ATTR.ACTIONS.OTHERS', 'TCSADRAIN (1) and TCSAFLUSH (2) are accepted and applied at once; TCSAFLUSH also discards unread input; other values fail EINVAL.', linux('termios(3)'), 'Output is never queued, so draining is immediate.'),
  decide('TTY.READ.CANON', 'In canonical mode a read returns at most one line (up to and including the newline).', VFS, 'swift-os stops at the newline.'),
  decide('TTY.WRITE.CONSOLE', 'Bytes written to the console handle appear on the console output unchanged and the write returns count.', VFS, 'swift-os writes straight to the UART.'),
  decide('TTY.PTY.MASTER.WRITE', 'Bytes written to the master are input to the slave\'s line discipline (echo, canonical editing, ISIG).', VFS, 'swift-os feeds master writes through the line discipline.'),
  decide('TTY.PTY.MASTER.READ', 'Reading the master returns what programs wrote to the slave (plus echo).', VFS, 'The swift-os pty.'),
  decide('TTY.PTY.ONLCR', 'A newline written to the slave reaches the master as CR LF.', VFS, 'swift-os applies ONLCR.'),
  decide('TTY.PTY.HUP', 'When every handle to one side is closed, reads on the other side return the bytes already queued and then 0, writes fail EPIPE (no SIGPIPE), and poll reports POLLHUP.', VFS, 'The swift-os pty end-of-file rules.'),
  decide('TTY.PTY.READ.EMPTY', 'A read on a pty end with nothing to return (a slave with no readable byte, which in canonical mode means no complete line; a master with no queued output) while the other side is open blocks until input arrives or the other side closes (TTY.PTY.HUP), or fails EAGAIN at once when the end is O_NONBLOCK. The console never blocks and never fails EAGAIN: at the end of its input a read returns 0 (TTY.CONSOLE.INPUT).',
    VFS, 'The swift-os pty read loops return EAGAIN for a non-blocking empty read; the console\'s input is finite in the reference machine.'),
  decide('TTY.PTY.ISIG.NOFG', 'Without a live foreground process, Ctrl-C written to the master is ordinary input even with ISIG set.', PTY, 'swift-os passes Ctrl-C through when no foreground is set.'),
  decide('TTY.PTY.WRITE.ROOM', 'A slave write stores as many bytes as fit in the 4096-byte output buffer (a newline takes two) and returns their count; when none fit it blocks until the master reads, or fails EAGAIN with O_NONBLOCK. A master write never blocks.',
    VFS, 'swift-os waits for room on the slave side and never on the master side; a partial count keeps the re-run model of the reference kernel.'),
  decide('TTY.LINE.EDIT', 'In canonical mode DEL (0x7f) and BS (0x08) erase the last byte of the unfinished line (echoed as BS SP BS when a byte was erased), CR or LF ends the line, which becomes readable with LF (echoed as CR LF), and other bytes are echoed as they are. With ISIG, Ctrl-C (0x03) discards the unfinished line, is echoed as "^C" CR LF, and is not input. Without ICANON every byte is readable at once and echoed as it is.',
    swiftOs('kernel/tty/tty.swift'), 'The swift-os console and pty line discipline.'),
  decide('TTY.LINE.LIMITS', 'An unfinished line holds at most 256 bytes on the console and 1024 on a pty; readable input at most 1024 bytes; pty output at most 4096 bytes. Input or echo beyond these is dropped.',
    PTY, 'The swift-os buffer sizes; a full buffer drops input as a real terminal does under flow control.'),
  decide('TTY.CANON.SWITCH', 'Changing ICANON moves no input: readable bytes stay readable, and an unfinished line stays unread until ICANON is set again or TCSAFLUSH discards it.', PTY, 'swift-os keeps the edit buffer across mode changes.'),
  decide('TTY.CONSOLE.DEFAULTS', 'The console starts with c_lflag = ICANON | ECHO | ISIG.', swiftOs('kernel/tty/tty.swift'), 'The swift-os console defaults.'),
  decide('TTY.CONSOLE.INPUT', 'The console\'s input is the boot option\'s bytes, typed on demand: a read feeds them one at a time through the line discipline until it can return a line (canonical) or its count of bytes (otherwise), and echo goes to the console output as they are fed. When the input is used up an unfinished line is returned as it is, and later reads return 0 without blocking.',
    { kind: 'touchstone', note: 'console input is a finite boot option' }, 'A scripted console needs a typing order; typing on demand puts echo where a person\'s typing would appear.'),
  decide('TTY.CONSOLE.ISIG', 'With ISIG, Ctrl-C in the console input raises SIGINT at the process whose read consumes it; unless the signal is ignored, that read then returns the bytes it already has, or fails EINTR when it has none.',
    swiftOs('kernel/tty/tty.swift'), 'swift-os signals the foreground process, which on the console is the reader.'),
  decide('TTY.PTY.DEFAULTS', 'A new pseudo-terminal starts with c_lflag = ICANON | ECHO | ISIG.', PTY, 'Interactive defaults.'),
  decide('TTY.PTY.NOMEM', 'openpty fails with ENOMEM when no pseudo-terminal can be allocated.', VFS, 'swift-os answers ENOMEM.'),
  decide('TTY.PTY.FG.NOSUCH', 'pty_set_foreground with a pid that names no live process fails with ESRCH.', linux('tcsetpgrp(3)'), 'swift-os stores any value; failing is safer.'),
];
