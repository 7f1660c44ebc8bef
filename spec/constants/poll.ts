// poll events.

import type { ConstGroup } from '../types.js';
import { fromSeed } from './source.js';

export const POLL_EVENTS: ConstGroup = {
  name: 'POLL_EVENTS',
  kind: 'flags',
  members: [
    { name: 'POLLIN', value: 0x001 },
    { name: 'POLLOUT', value: 0x004 },
    { name: 'POLLERR', value: 0x008, note: 'reported whether requested or not' },
    { name: 'POLLHUP', value: 0x010, note: 'reported whether requested or not' },
    { name: 'POLLNVAL', value: 0x020, note: 'reported whether requested or not' },
  ],
  source: fromSeed('Poll API'),
};
