// netinfo (NET.NETINFO.*, NET.MACHINE) and resolve (NET.RESOLVE.*): the status record of the
// simulated interface, and the machine's DNS server with its table of names.

import type { CaseDef } from '../../model.js';
import { defaultNetinfo, DNS4, DNS_PORT, dotted, LOOPBACK, netCase, NETINFO } from './kit.js';

function netinfoCases(): CaseDef[] {
  return [NETINFO.size, 64, 4096].map((cap) => netCase({
    id: `netinfo/snapshot/cap-${cap}`,
    description: `netinfo with capacity ${cap} writes the 56-byte record of the interface (READY|DHCP4|STATIC6|GW6, 10.0.2.15/24, fec0::15/64) and nothing past it`,
    build({ p }) {
      const buf = p.bytes(new Uint8Array(cap + 8).fill(0x5a), 8);
      p.sys('netinfo', buf, cap);
      p.expectEq('netinfo returns 0', ['NET.NETINFO.SNAPSHOT'], 0);
      p.expectMem('the record: flags 0xf, host-order IPv4 fields, network-order IPv6 fields', ['NET.NETINFO.SNAPSHOT', 'NET.NETINFO.FLAGS', 'NET.MACHINE', 'NET.HOSTORDER'],
        buf, defaultNetinfo());
      p.expectMem('the bytes after the record are untouched', ['NET.NETINFO.SNAPSHOT'], buf + NETINFO.size, new Uint8Array(cap + 8 - NETINFO.size).fill(0x5a));
      p.sys('netinfo', buf, cap);
      p.expectMem('a second snapshot is the same', ['NET.NETINFO.SNAPSHOT', 'NET.MACHINE'], buf, defaultNetinfo());
    },
  })).concat([netCase({
    id: 'netinfo/snapshot/short',
    description: 'netinfo with a capacity below 56 fails EINVAL and writes nothing',
    build({ p }) {
      const buf = p.bytes(new Uint8Array(64).fill(0x5a), 8);
      for (const cap of [0, 1, NETINFO.size - 1]) {
        p.sys('netinfo', buf, cap);
        p.expectErrno(`capacity ${cap} fails EINVAL`, ['NET.NETINFO.SNAPSHOT', 'ABI.LENGTH.BOUNDS'], 'EINVAL');
      }
      p.expectMem('the buffer is untouched', ['NET.NETINFO.SNAPSHOT'], buf, new Uint8Array(64).fill(0x5a));
    },
  })]);
}

const HOSTS: Readonly<Record<string, number>> = { 'db.example': 0xc0a8_0105, 'Mixed.Case.Example': 0x0a00_0263, 'x': 0x0101_0101 };

interface Query {
  readonly variant: string;
  readonly name: string;
  readonly server?: number;
  readonly port?: number;
  readonly expect: number;
  readonly what: string;
  readonly clauses: readonly string[];
}

const QUERIES: readonly Query[] = [
  { variant: 'localhost', name: 'localhost', expect: LOOPBACK, what: 'localhost is 127.0.0.1', clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES', 'NET.HOSTORDER'] },
  { variant: 'localhost-upper', name: 'LOCALHOST', expect: LOOPBACK, what: 'names match without regard to ASCII case', clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES'] },
  { variant: 'host-option', name: 'db.example', expect: HOSTS['db.example']!, what: 'a name the boot option adds', clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES', 'NET.HOSTORDER'] },
  { variant: 'host-option-case', name: 'mixed.CASE.example', expect: HOSTS['Mixed.Case.Example']!, what: 'a boot-option name in another case', clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES'] },
  { variant: 'one-byte', name: 'x', expect: HOSTS['x']!, what: 'a one-byte name', clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES'] },
  { variant: 'dns-server', name: 'localhost', server: DNS4, port: DNS_PORT, expect: LOOPBACK, what: `the DNS server named explicitly (${dotted(DNS4)}:${DNS_PORT})`, clauses: ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES'] },
  { variant: 'unknown', name: 'nowhere.example', expect: 0, what: 'an unknown name', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'prefix', name: 'localhos', expect: 0, what: 'a prefix of a known name', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'trailing-dot', name: 'localhost.', expect: 0, what: 'a known name with a trailing dot', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'dotted-quad', name: '127.0.0.1', expect: 0, what: 'an address written as a name', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'other-server', name: 'localhost', server: 0x0808_0808, expect: 0, what: 'a query to another server (8.8.8.8)', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'loopback-server', name: 'localhost', server: LOOPBACK, expect: 0, what: 'a query to 127.0.0.1 (no DNS server there)', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'other-port', name: 'localhost', port: 5353, expect: 0, what: 'a query to port 5353', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'port-range', name: 'localhost', port: 65536, expect: 0, what: 'server_port 65536 (out of range)', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.ERRORS'] },
  { variant: 'empty', name: '', expect: 0, what: 'an empty name', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.ERRORS'] },
  { variant: 'max-length', name: 'a'.repeat(255), expect: 0, what: 'an unknown 255-byte name (not too long)', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'] },
  { variant: 'too-long', name: 'a'.repeat(256), expect: 0, what: 'a 256-byte name', clauses: ['NET.RESOLVE.FAIL', 'NET.RESOLVE.ERRORS'] },
];

function resolveCases(): CaseDef[] {
  const out: CaseDef[] = QUERIES.map((q) => netCase({
    id: `resolve/${q.variant}`,
    boot: { network: { hosts: HOSTS } },
    description: `resolve: ${q.what} gives ${q.expect === 0 ? '0 (failure, no errno)' : dotted(q.expect)}`,
    build({ p }) {
      p.sys('resolve', p.str(q.name), q.server ?? 0, q.port ?? 0);
      p.expectEq(`resolve returns 0x${q.expect.toString(16)}`, q.clauses, q.expect);
    },
  }));
  for (const [variant, addr, what] of [['null', 0, 'NULL'], ['unmapped', 0x8800_0000, 'an unmapped address'], ['kernel', 0xffff_0000_0000_0000n, 'a kernel-half address']] as const) {
    out.push(netCase({
      id: `resolve/name-${variant}`,
      description: `resolve with name = ${what} returns 0 (no errno)`,
      build({ p }) {
        p.sys('resolve', addr, 0, 0);
        p.expectEq('resolve returns 0', ['NET.RESOLVE.FAIL', 'NET.RESOLVE.ERRORS', 'ABI.VALUERET'], 0);
      },
    }));
  }
  out.push(netCase({
    id: 'resolve/no-hosts-option',
    description: 'without the hosts boot option only localhost resolves',
    build({ p }) {
      p.sys('resolve', p.str('db.example'), 0, 0);
      p.expectEq('db.example is unknown: 0', ['NET.RESOLVE.FAIL', 'NET.RESOLVE.NAMES'], 0);
      p.sys('resolve', p.str('localhost'), 0, 0);
      p.expectEq('localhost is 127.0.0.1', ['NET.RESOLVE.VALUE', 'NET.RESOLVE.NAMES'], LOOPBACK);
    },
  }));
  return out;
}

export function infoCases(): CaseDef[] {
  return [...netinfoCases(), ...resolveCases()];
}
