// Shared by the net area's generators: the spec's numbers for the simulated network, message
// records laid out with the spec's layouts, and small guest helpers (sockets, fork and reap,
// record checks). Cases are derived cases: their rows and clauses come from their build.

import {
  CAP_BITS, constValue, encodeLayout, layout, NET_IPV6, SEEDED_PRINCIPAL_CAPS,
} from '../../../spec/index.js';
import type { BootSpec, CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase, type DerivedCaseSpec } from '../../program/derived-case.js';

export const AREA = 'net';

const c = (group: string, name: string): number => constValue(group, name);
export const AF_INET = c('ADDRESS_FAMILIES', 'AF_INET');
export const AF_INET6 = c('ADDRESS_FAMILIES', 'AF_INET6');
export const SOCK_STREAM = c('SOCKET_TYPES', 'SOCK_STREAM');
export const SOCK_DGRAM = c('SOCKET_TYPES', 'SOCK_DGRAM');
export const IPPROTO_TCP = c('IP_PROTOCOLS', 'IPPROTO_TCP');
export const IPPROTO_UDP = c('IP_PROTOCOLS', 'IPPROTO_UDP');
export const O_NONBLOCK = c('OPEN_FLAGS', 'O_NONBLOCK');
export const O_RDWR = c('OPEN_ACCESS', 'O_RDWR');
export const F_GETFL = c('FCNTL_CMDS', 'F_GETFL');
export const F_SETFL = c('FCNTL_CMDS', 'F_SETFL');
export const F_GETFD = c('FCNTL_CMDS', 'F_GETFD');
export const SIGPIPE = c('SIGNALS', 'SIGPIPE');
export const SIG_IGN = c('SIG_HANDLERS', 'SIG_IGN');

export const SOCKET_MAX = c('NET_LIMITS', 'SOCKET_MAX');
export const UDP_QUEUE_MAX = c('NET_LIMITS', 'UDP_QUEUE_MAX');
export const UDP_PAYLOAD_MAX = c('NET_LIMITS', 'UDP_PAYLOAD_MAX');
export const TCP_BUFFER = c('NET_LIMITS', 'TCP_BUFFER');
export const NET_TIMEOUT_S = c('NET_LIMITS', 'NET_TIMEOUT_MS') / 1000;
export const EPHEMERAL = c('NET_LIMITS', 'EPHEMERAL_PORT_MIN');
export const DNS_PORT = c('NET_LIMITS', 'DNS_PORT');

export const IPV4 = c('NET_ADDRESSES', 'NET_IPV4') >>> 0;
export const MASK4 = c('NET_ADDRESSES', 'NET_MASK4') >>> 0;
export const GATEWAY4 = c('NET_ADDRESSES', 'NET_GATEWAY4') >>> 0;
export const DNS4 = c('NET_ADDRESSES', 'NET_DNS4') >>> 0;
export const LOOPBACK = c('NET_ADDRESSES', 'NET_LOOPBACK4') >>> 0;
export const PREFIX6 = c('NET_ADDRESSES', 'NET_PREFIX6');
export const IPV6 = NET_IPV6.address;
export const GATEWAY6 = NET_IPV6.gateway;
export const LOOPBACK6 = NET_IPV6.loopback;

/** init without capNet (the seeded root capabilities less it). */
export const NO_NET: BootSpec = { identity: { principal: 1, session: 1, caps: SEEDED_PRINCIPAL_CAPS.root & ~CAP_BITS.capNet } };
export const DOWN: BootSpec = { network: { up: false } };

/** Dotted quad of a host-order IPv4, for descriptions. */
export function dotted(ip: number): string {
  return [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.');
}

/** The compressed text form of a 16-byte IPv6 address, for descriptions. */
export function v6text(b: readonly number[]): string {
  const words = Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** A case of the net area (rows and clauses derived from its build). */
export function netCase(spec: DerivedCaseSpec): CaseDef {
  return derivedCase(AREA, spec);
}

// ---- guest helpers -------------------------------------------------------------------------

/** socket(domain, type, proto) into a fresh variable register. */
export function socket(p: CaseProgram, domain = AF_INET, type = SOCK_DGRAM, proto = 0): Reg {
  const r = p.variable();
  p.sys('socket', domain, type, proto).save(r);
  return r;
}

/** A TCP socket bound to `port` and listening with `backlog`. */
export function listener(p: CaseProgram, port: number, backlog = 4, domain = AF_INET): Reg {
  const s = socket(p, domain, SOCK_STREAM);
  p.sys('bind', s, port).sys('listen', s, backlog);
  return s;
}

/** fcntl(fd, F_SETFL, O_NONBLOCK). */
export function nonblock(p: CaseProgram, fd: Reg): void {
  p.sys('fcntl', fd, F_SETFL, O_NONBLOCK);
}

/**
 * fork: the child runs `child`, which must end the process with exit (it makes no assertions;
 * it reports through its exit code); the parent goes on with the child's pid in the returned register.
 */
export function fork(p: CaseProgram, child: () => void): Reg {
  p.sys('fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.brk(1);
  p.a.bind(parent);
  const pid = p.variable();
  p.save(pid);
  return pid;
}

/** In a child: exit(code) when x0 is not 0 (a failed step), else go on. */
export function exitUnlessZero(p: CaseProgram, code: number): void {
  const ok = p.a.label();
  p.a.cbz(0, ok);
  p.exit(code);
  p.a.bind(ok);
}

/** waitpid(pid) and assert the child exited with `code` (PROC.WAIT.STATUS). */
export function reap(p: CaseProgram, pid: Reg, code: number, description: string, clauses: readonly string[]): void {
  const st = p.space(8, 8);
  p.sys('waitpid', pid, st, 0);
  p.loadInt(11, st);
  p.expectEq(description, [...clauses, 'PROC.WAIT.STATUS'], (code & 0xff) << 8, 11);
}

/** x`rd` = x`rn` - x`rm`. */
export function sub(p: CaseProgram, rd: number, rn: number, rm: number): void {
  p.a.inst('SUB_sreg', { sf: 1, shift: 0, Rm: rm, imm6: 0, Rn: rn, Rd: rd });
}

// ---- records --------------------------------------------------------------------------------

export const UDP_MSG = layout('udp_msg');
export const UDP_MSG_V6 = layout('udp_msg_v6');
export const NETINFO = layout('netinfo');
const enc = new TextEncoder();

export function bytesOf(s: string): Uint8Array {
  return enc.encode(s);
}

/** A destination or source: host-order IPv4, or 16 bytes of IPv6. */
export type Addr = number | readonly number[];

export interface Msg {
  readonly buf?: number | bigint;
  readonly len?: number;
  readonly addr?: Addr;
  readonly port?: number;
}

/** The bytes of a udp_msg (IPv4 address) or udp_msg_v6 (IPv6 address) record; scope 0. */
export function msgBytes(m: Msg): Uint8Array {
  const base = { buf: BigInt(m.buf ?? 0), len: m.len ?? 0, port: m.port ?? 0 };
  if (typeof m.addr === 'object') return encodeLayout(UDP_MSG_V6, { ...base, ip6: Uint8Array.from(m.addr), scope: 0 });
  return encodeLayout(UDP_MSG, { ...base, ip: m.addr ?? 0 });
}

/** A message record in the data segment; returns its address. */
export function msg(p: CaseProgram, m: Msg): number {
  return p.bytes(msgBytes(m), 8);
}

/** The netinfo record of the default machine (NET.MACHINE, NET.NETINFO.FLAGS). */
export function defaultNetinfo(): Uint8Array {
  return encodeLayout(NETINFO, {
    flags: 0xf, ipv4: IPV4, gateway4: GATEWAY4, dns4: DNS4, mask4: MASK4,
    ipv6: Uint8Array.from(IPV6), gateway6: Uint8Array.from(GATEWAY6), prefix6: PREFIX6,
  });
}

/** Deterministic payload bytes. */
export function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
