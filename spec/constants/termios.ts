// termios local flags and tcsetattr actions.

import type { ConstGroup } from '../types.js';
import { fromLinux, fromSeed } from './source.js';

export const TERMIOS_LFLAGS: ConstGroup = {
  name: 'TERMIOS_LFLAGS',
  kind: 'flags',
  members: [
    { name: 'ICANON', value: 1 << 0, note: 'canonical line mode' },
    { name: 'ECHO', value: 1 << 1, note: 'echo input' },
    { name: 'ISIG', value: 1 << 2, note: 'Ctrl-C raises SIGINT at the foreground process' },
  ],
  source: fromSeed('Terminal API'),
};

export const TCSETATTR_ACTIONS: ConstGroup = {
  name: 'TCSETATTR_ACTIONS',
  kind: 'enum',
  members: [
    { name: 'TCSANOW', value: 0, note: 'seed' },
    { name: 'TCSADRAIN', value: 1, note: 'decision: accepted, applied immediately' },
    { name: 'TCSAFLUSH', value: 2, note: 'decision: accepted, applied immediately, pending input discarded' },
  ],
  source: fromLinux('termios(3)'),
};
