// The net area: sockets, datagrams, connections, resolve and netinfo on the reference machine's
// simulated network (NET.*). Each family's cases come from its tables (socket.ts, info.ts,
// udp.ts, tcp.ts); the errors area adds the rows' argument and state errors.

import type { CaseDef, Generator } from '../../model.js';
import { infoCases } from './info.js';
import { socketCases } from './socket.js';
import { tcpCases } from './tcp.js';
import { udpCases } from './udp.js';

export function netCases(): CaseDef[] {
  return [...socketCases(), ...infoCases(), ...udpCases(), ...tcpCases()];
}

export const netGenerator: Generator = { area: 'net', cases: (): readonly CaseDef[] => netCases() };
