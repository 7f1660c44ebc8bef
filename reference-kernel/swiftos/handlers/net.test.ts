import { describe, expect, it } from 'vitest';
import {
  CAP_BITS, constValue, decodeLayout, encodeLayout, layout, NET_IPV6, rightsMask, SEEDED_PRINCIPAL_CAPS, type ErrnoName,
} from '../../../spec/index.js';
import { Socket } from '../objects/socket.js';
import { Prog } from '../testkit.js';
import { call, err, POLL, pollfds, report, timedRun, type TimedOptions, type TimedRun } from './events.testkit.js';

const c = (g: string, n: string): number => constValue(g, n);
const AF_INET = c('ADDRESS_FAMILIES', 'AF_INET');
const AF_INET6 = c('ADDRESS_FAMILIES', 'AF_INET6');
const STREAM = c('SOCKET_TYPES', 'SOCK_STREAM');
const DGRAM = c('SOCKET_TYPES', 'SOCK_DGRAM');
const TCP = c('IP_PROTOCOLS', 'IPPROTO_TCP');
const UDP = c('IP_PROTOCOLS', 'IPPROTO_UDP');
const O_NONBLOCK = c('OPEN_FLAGS', 'O_NONBLOCK');
const F_SETFL = c('FCNTL_CMDS', 'F_SETFL');
const F_GETFL = c('FCNTL_CMDS', 'F_GETFL');
const O_RDWR = c('OPEN_ACCESS', 'O_RDWR');
const SIGPIPE = c('SIGNALS', 'SIGPIPE');
const LOOPBACK = c('NET_ADDRESSES', 'NET_LOOPBACK4');
const IPV4 = c('NET_ADDRESSES', 'NET_IPV4');
const SOCKET_MAX = c('NET_LIMITS', 'SOCKET_MAX');
const QUEUE = c('NET_LIMITS', 'UDP_QUEUE_MAX');
const PAYLOAD_MAX = c('NET_LIMITS', 'UDP_PAYLOAD_MAX');
const TCP_BUFFER = c('NET_LIMITS', 'TCP_BUFFER');
const TIMEOUT_NS = c('NET_LIMITS', 'NET_TIMEOUT_MS') * 1_000_000;
const EPHEMERAL = c('NET_LIMITS', 'EPHEMERAL_PORT_MIN');
const SOCKET_RIGHTS = rightsMask(['READ', 'WRITE', 'DUPLICATE', 'TRANSFER', 'GETATTR', 'SETATTR']);
const enc = new TextEncoder();
const NO_NET = { principal: 1, session: 1, caps: SEEDED_PRINCIPAL_CAPS.root & ~CAP_BITS.capNet };

/** A udp_msg (or udp_msg_v6) record; returns its address. */
function msg(p: Prog, v: { buf?: number | bigint; len?: number; ip?: number; ip6?: readonly number[]; port?: number }): number {
  if (v.ip6 !== undefined) {
    return p.bytes(encodeLayout(layout('udp_msg_v6'), { buf: BigInt(v.buf ?? 0), len: v.len ?? 0, ip6: Uint8Array.from(v.ip6), port: v.port ?? 0, scope: 0x7777 }), 8);
  }
  return p.bytes(encodeLayout(layout('udp_msg'), { buf: BigInt(v.buf ?? 0), len: v.len ?? 0, ip: v.ip ?? 0, port: v.port ?? 0, pad: 0 }), 8);
}

/** socket(...) kept in `reg`. */
function sock(p: Prog, reg: number, domain = AF_INET, type = DGRAM, proto = 0): void {
  call(p, 'socket', domain, type, proto).keep(reg);
}

/** fork: the child runs `child` (which must exit), the parent goes on. */
function fork(p: Prog, child: () => void): void {
  call(p, 'fork');
  const parent = p.a.label();
  p.a.cbnz(0, parent);
  child();
  p.a.brk(1);
  p.a.bind(parent);
}

function run(p: Prog, opts: TimedOptions = {}): TimedRun {
  p.exit(0);
  const r = timedRun(p, opts);
  expect(r.result.verdict, r.trace.slice(-12).join('\n')).toEqual({ kind: 'exit', status: 0 });
  return r;
}

const e = (n: ErrnoName): bigint => err(n);

describe('socket (NET.SOCKET.*, NET.CAP, NET.NOMEM, NET.DOWN)', () => {
  it('NET.SOCKET.CREATE, NET.SOCKET.PROTO: every domain × type × proto: 0 or the matching protocol makes a socket, a mismatch fails EINVAL', () => {
    const combos: [number, number, number, boolean][] = [];
    for (const d of [AF_INET, AF_INET6]) {
      for (const t of [STREAM, DGRAM]) for (const pr of [0, TCP, UDP]) combos.push([d, t, pr, pr === 0 || pr === (t === STREAM ? TCP : UDP)]);
    }
    const p = new Prog();
    for (const [d, t, pr] of combos) {
      call(p, 'socket', d, t, pr);
      const skip = p.a.label();
      p.a.tbnz(0, 63, skip);
      call(p, 'close', 3);
      p.a.bind(skip);
    }
    const r = run(p);
    expect(r.rets('socket')).toEqual(combos.map(([, , , okay]) => (okay ? 3n : e('EINVAL'))));
  });

  it('NET.SOCKET.CREATE: the new handle is a socket with the default rights, no CLOEXEC, F_GETFL O_RDWR', () => {
    const p = new Prog();
    sock(p, 19, AF_INET6, STREAM, TCP);
    call(p, 'fcntl', { r: 19 }, F_GETFL, 0);
    const r = run(p, {
      onEvent: (k, ev) => {
        if (ev.name !== 'socket') return;
        const h = k.handles(k.init!).get(Number(ev.ret))!;
        expect(h.object).toBeInstanceOf(Socket);
        expect([(h.object as Socket).family, (h.object as Socket).proto, h.rights, h.cloexec]).toEqual(['inet6', 'tcp', SOCKET_RIGHTS, false]);
      },
    });
    expect(r.call('socket').clause).toBe('NET.SOCKET.CREATE');
    expect(r.call('fcntl').ret).toBe(BigInt(O_RDWR));
  });

  it('NET.CAP, NET.NETINFO.CAP, NET.RESOLVE.ERRORS: without capNet socket and netinfo fail EACCES, resolve returns 0', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'netinfo', p.space(56), 56);
    call(p, 'resolve', p.str('localhost'), 0, 0);
    const r = run(p, { identity: NO_NET });
    expect([r.call('socket').ret, r.call('socket').clause]).toEqual([e('EACCES'), 'NET.CAP']);
    expect([r.call('netinfo').ret, r.call('netinfo').clause]).toEqual([e('EACCES'), 'NET.NETINFO.CAP']);
    expect([r.call('resolve').ret, r.call('resolve').clause]).toEqual([0n, 'NET.CAP']);
  });

  it('NET.NOMEM: 16 sockets are made, the 17th fails ENOMEM; closing one frees its slot', () => {
    const p = new Prog();
    for (let i = 0; i < SOCKET_MAX + 1; i++) sock(p, 19, AF_INET, i % 2 ? STREAM : DGRAM);
    call(p, 'close', 3);
    sock(p, 19);
    const r = run(p);
    const rets = r.rets('socket');
    expect(rets.slice(0, SOCKET_MAX)).toEqual(Array.from({ length: SOCKET_MAX }, (_, i) => BigInt(3 + i)));
    expect(rets[SOCKET_MAX]).toBe(e('ENOMEM'));
    expect(r.call('socket', SOCKET_MAX).clause).toBe('NET.NOMEM');
    expect(rets[SOCKET_MAX + 1]).toBe(3n);
  });

  it('NET.NOMEM: a connect whose server side finds no free slot fails ENOMEM', () => {
    const p = new Prog();
    sock(p, 19, AF_INET, STREAM);
    call(p, 'bind', { r: 19 }, 80);
    call(p, 'listen', { r: 19 }, 5);
    for (let i = 0; i < SOCKET_MAX - 1; i++) sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 80);
    const r = run(p);
    expect([r.call('connect').ret, r.call('connect').clause]).toEqual([e('ENOMEM'), 'NET.NOMEM']);
  });

  it('NET.DOWN: with network.up false socket fails ENETDOWN, resolve returns 0, netinfo writes zeros', () => {
    const p = new Prog();
    sock(p, 19);
    const info = p.bytes(new Uint8Array(56).fill(0xaa));
    call(p, 'netinfo', info, 56);
    report(p, info, 56);
    call(p, 'resolve', p.str('localhost'), 0, 0);
    const r = run(p, { network: { up: false } });
    expect([r.call('socket').ret, r.call('socket').clause]).toEqual([e('ENETDOWN'), 'NET.DOWN']);
    expect([r.call('netinfo').ret, r.call('netinfo').clause]).toEqual([0n, 'NET.DOWN']);
    expect(Array.from(r.console)).toEqual(new Array<number>(56).fill(0));
    expect([r.call('resolve').ret, r.call('resolve').clause]).toEqual([0n, 'NET.DOWN']);
  });
});

describe('netinfo and resolve (NET.NETINFO.*, NET.RESOLVE.*, NET.MACHINE)', () => {
  it('NET.NETINFO.SNAPSHOT, NET.NETINFO.FLAGS, NET.MACHINE: the record names the simulated interface', () => {
    const p = new Prog();
    const info = p.space(64);
    call(p, 'netinfo', info, 64);
    report(p, info, 56);
    const r = run(p);
    expect(r.call('netinfo').clause).toBe('NET.NETINFO.SNAPSHOT');
    const rec = decodeLayout(layout('netinfo'), r.console);
    expect(rec).toEqual({
      flags: 0xf, ipv4: 0x0a00020f, gateway4: 0x0a000202, dns4: 0x0a000203, mask4: 0xffffff00,
      ipv6: Uint8Array.from(NET_IPV6.address), gateway6: Uint8Array.from(NET_IPV6.gateway), prefix6: 64,
    });
  });

  it('NET.RESOLVE.VALUE, NET.RESOLVE.NAMES: localhost and boot-option hosts resolve, in any ASCII case, at the machine\'s DNS server only', () => {
    const p = new Prog();
    const names: [string, number, number, bigint][] = [
      ['localhost', 0, 0, BigInt(LOOPBACK)],
      ['LocalHost', 0x0a000203, 53, BigInt(LOOPBACK)],
      ['db.example', 0, 0, 0xc0a80105n],
      ['DB.EXAMPLE', 0, 0, 0xc0a80105n],
      ['nope.example', 0, 0, 0n],
      ['localhost', 0x08080808, 0, 0n],
      ['localhost', 0, 5353, 0n],
      ['localhost', 0, 70000, 0n],
    ];
    for (const [n, ip, port] of names) call(p, 'resolve', p.str(n), ip, port);
    call(p, 'resolve', p.str('a'.repeat(256)), 0, 0);
    call(p, 'resolve', p.str(''), 0, 0);
    call(p, 'resolve', 0x1000, 0, 0);
    const r = run(p, { network: { hosts: { 'db.example': 0xc0a80105 } } });
    expect(r.rets('resolve')).toEqual([...names.map((x) => x[3]), 0n, 0n, 0n]);
    expect(r.call('resolve', 0).clause).toBe('NET.RESOLVE.VALUE');
    expect(r.call('resolve', 4).clause).toBe('NET.RESOLVE.FAIL');
    expect(r.call('resolve', 7).clause).toBe('ABI.INT.RANGE');
    expect(r.call('resolve', 8).clause).toBe('ABI.STRING.TOOLONG');
    expect(r.call('resolve', 10).clause).toBe('ABI.FAULT');
  });
});

describe('UDP (NET.UDP.*, NET.BIND.*, NET.UNREACH)', () => {
  it('NET.UDP.SEND, NET.UDP.RECV, NET.UDP.DELIVER, NET.HOSTORDER, NET.BIND.PORT: a datagram between two processes, with its source', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'bind', { r: 19 }, 5000);
    fork(p, () => {
      sock(p, 20);
      const data = p.bytes(enc.encode('hello'));
      call(p, 'sendto', { r: 20 }, msg(p, { buf: data, len: 5, ip: LOOPBACK, port: 5000 }));
      p.exit(0);
    });
    const buf = p.space(16);
    const rec = msg(p, { buf, len: 16 });
    call(p, 'recvfrom', { r: 19 }, rec);
    report(p, buf, 5);
    report(p, rec, 20);
    const r = run(p);
    expect([r.call('sendto').ret, r.call('sendto').clause]).toEqual([5n, 'NET.UDP.SEND']);
    expect([r.call('recvfrom').ret, r.call('recvfrom').clause]).toEqual([5n, 'NET.UDP.RECV']);
    expect(new TextDecoder().decode(r.console.slice(0, 5))).toBe('hello');
    expect(decodeLayout(layout('udp_msg'), r.console.slice(5))).toMatchObject({ len: 5, ip: LOOPBACK, port: EPHEMERAL });
  });

  it('NET.UDP.DELIVER: the source address is the one the datagram was sent to; unbound ports drop; a queue holds 4', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'bind', { r: 19 }, 7);
    call(p, 'fcntl', { r: 19 }, F_SETFL, O_NONBLOCK);
    sock(p, 20);
    call(p, 'bind', { r: 20 }, 9);
    call(p, 'sendto', { r: 20 }, msg(p, { ip: IPV4, port: 8 }));
    for (let i = 0; i < QUEUE + 1; i++) call(p, 'sendto', { r: 20 }, msg(p, { ip: i === 0 ? IPV4 : 0x7f000005, port: 7, buf: p.bytes(new Uint8Array([i])), len: 1 }));
    const rec = msg(p, { buf: p.space(4), len: 4 });
    for (let i = 0; i < QUEUE + 1; i++) {
      call(p, 'recvfrom', { r: 19 }, rec);
      report(p, rec, 20);
    }
    const r = run(p);
    expect(r.rets('sendto')).toEqual([0n, 1n, 1n, 1n, 1n, 1n]);
    expect(r.rets('recvfrom')).toEqual([1n, 1n, 1n, 1n, e('EAGAIN')]);
    const recs = r.records('udp_msg');
    expect(recs.slice(0, 2).map((x) => [x['ip'], x['port']])).toEqual([[IPV4, 9], [0x7f000005, 9]]);
  });

  it('NET.UDP.TRUNC: a small capacity gets the first bytes, len is the copied count, the rest is gone', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'bind', { r: 19 }, 7);
    call(p, 'sendto', { r: 19 }, msg(p, { buf: p.bytes(enc.encode('abcdef')), len: 6, ip: LOOPBACK, port: 7 }));
    call(p, 'sendto', { r: 19 }, msg(p, { buf: p.bytes(enc.encode('xy')), len: 2, ip: LOOPBACK, port: 7 }));
    const buf = p.bytes(new Uint8Array(8).fill(0x2e));
    const rec = msg(p, { buf, len: 3 });
    call(p, 'recvfrom', { r: 19 }, rec);
    report(p, buf, 4);
    report(p, rec, 20);
    const rec0 = msg(p, { len: 0 });
    call(p, 'recvfrom', { r: 19 }, rec0);
    const r = run(p);
    expect([r.call('recvfrom').ret, r.call('recvfrom').clause]).toEqual([3n, 'NET.UDP.TRUNC']);
    expect(new TextDecoder().decode(r.console.slice(0, 4))).toBe('abc.');
    expect(decodeLayout(layout('udp_msg'), r.console.slice(4))['len']).toBe(3);
    expect(r.call('recvfrom', 1).ret).toBe(0n);
  });

  it('NET.UDP.V6: AF_INET6 sockets exchange through the 34-byte record over ::1 and fec0::15', () => {
    const p = new Prog();
    sock(p, 19, AF_INET6);
    call(p, 'bind', { r: 19 }, 5000);
    sock(p, 20, AF_INET6);
    call(p, 'bind', { r: 20 }, 6000);
    call(p, 'sendto', { r: 20 }, msg(p, { buf: p.bytes(enc.encode('v6!')), len: 3, ip6: NET_IPV6.address, port: 5000 }));
    call(p, 'sendto', { r: 20 }, msg(p, { buf: p.bytes(enc.encode('lo')), len: 2, ip6: NET_IPV6.loopback, port: 5000 }));
    call(p, 'sendto', { r: 20 }, msg(p, { len: 0, ip6: NET_IPV6.gateway, port: 5000 }));
    sock(p, 21);
    call(p, 'bind', { r: 21 }, 5000);
    const buf = p.space(8);
    for (let i = 0; i < 2; i++) {
      const rec = msg(p, { buf, len: 8, ip6: new Array<number>(16).fill(0xee) });
      call(p, 'recvfrom', { r: 19 }, rec);
      report(p, rec, 34);
    }
    const r = run(p);
    expect(r.rets('sendto')).toEqual([3n, 2n, e('EHOSTUNREACH')]);
    expect(r.rets('bind')).toEqual([0n, 0n, 0n]);
    const recs = r.records('udp_msg_v6');
    expect(recs.map((x) => [x['len'], Array.from(x['ip6'] as Uint8Array), x['port'], x['scope']])).toEqual([
      [3, NET_IPV6.address, 6000, 0], [2, NET_IPV6.loopback, 6000, 0],
    ]);
  });

  it('NET.UNREACH: any address but 127/8 and 10.0.2.15 is unreachable for datagrams and connections', () => {
    const p = new Prog();
    sock(p, 19);
    for (const ip of [0x0a000202, 0x08080808, 0, 0x7effffff, 0x80000001, 0x0a000203]) call(p, 'sendto', { r: 19 }, msg(p, { ip, port: 53 }));
    for (const ip of [0x7f000001, 0x7fffffff, IPV4]) call(p, 'sendto', { r: 19 }, msg(p, { ip, port: 53 }));
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, 0x0a000202, 80);
    const r = run(p);
    expect(r.rets('sendto')).toEqual([...new Array<bigint>(6).fill(e('EHOSTUNREACH')), 0n, 0n, 0n]);
    expect([r.call('connect').ret, r.call('connect').clause]).toEqual([e('EHOSTUNREACH'), 'NET.UNREACH']);
  });

  it('NET.UDP.SIZE, NET.UDP.ONLY: len above 65507 fails EINVAL, a bad buffer EFAULT, TCP sockets EINVAL after the record', () => {
    const p = new Prog();
    sock(p, 19);
    const big = p.space(PAYLOAD_MAX + 1);
    call(p, 'sendto', { r: 19 }, msg(p, { buf: big, len: PAYLOAD_MAX + 1, ip: LOOPBACK, port: 9 }));
    call(p, 'sendto', { r: 19 }, msg(p, { buf: big, len: PAYLOAD_MAX, ip: LOOPBACK, port: 9 }));
    call(p, 'sendto', { r: 19 }, msg(p, { buf: 0x1000, len: 1, ip: LOOPBACK, port: 9 }));
    call(p, 'sendto', { r: 19 }, msg(p, { buf: 0x1000, len: 0, ip: LOOPBACK, port: 9 }));
    call(p, 'recvfrom', { r: 19 }, msg(p, { buf: 0x8000_0000, len: 4 }));
    sock(p, 20, AF_INET, STREAM);
    call(p, 'sendto', { r: 20 }, msg(p, { ip: LOOPBACK, port: 9 }));
    call(p, 'recvfrom', { r: 20 }, msg(p, {}));
    call(p, 'sendto', { r: 20 }, msg(p, { buf: 0x1000, len: 1 }));
    const r = run(p);
    expect(r.rets('sendto')).toEqual([e('EINVAL'), BigInt(PAYLOAD_MAX), e('EFAULT'), 0n, e('EINVAL'), e('EFAULT')]);
    expect(r.call('sendto', 0).clause).toBe('NET.UDP.SIZE');
    expect(r.call('sendto', 4).clause).toBe('NET.UDP.ONLY');
    expect(r.rets('recvfrom')).toEqual([e('EFAULT'), e('EINVAL')]);
  });

  it('NET.UDP.SIZE: with len 0 the buffer is not looked at, and recvfrom writes it back as given (a kernel-half address too)', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'bind', { r: 19 }, 7);
    const kernelHalf = 0xffff_0000_0000_0000n;
    call(p, 'sendto', { r: 19 }, msg(p, { buf: kernelHalf, len: 0, ip: LOOPBACK, port: 7 }));
    const rec = msg(p, { buf: kernelHalf, len: 0 });
    call(p, 'recvfrom', { r: 19 }, rec);
    report(p, rec, 20);
    const r = run(p);
    expect(r.rets('sendto')).toEqual([0n]);
    expect(r.rets('recvfrom')).toEqual([0n]);
    expect(decodeLayout(layout('udp_msg'), r.console)).toMatchObject({ buf: kernelHalf, len: 0, ip: LOOPBACK, port: 7 });
  });

  it('NET.BIND.PORT, NET.BIND.INUSE, NET.BIND.ONCE: ports per family and protocol, bind(0) takes the lowest free ephemeral port, no rebinding', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'bind', { r: 19 }, 80);
    sock(p, 20);
    call(p, 'bind', { r: 20 }, 80);
    call(p, 'bind', { r: 20 }, 0);
    call(p, 'bind', { r: 20 }, 81);
    sock(p, 21, AF_INET, STREAM);
    call(p, 'bind', { r: 21 }, 80);
    sock(p, 22, AF_INET6);
    call(p, 'bind', { r: 22 }, 80);
    call(p, 'close', { r: 19 });
    sock(p, 23);
    call(p, 'bind', { r: 23 }, 80);
    sock(p, 24);
    call(p, 'bind', { r: 24 }, 0);
    call(p, 'sendto', { r: 24 }, msg(p, { ip: LOOPBACK, port: 80 }));
    const rec = msg(p, {});
    call(p, 'recvfrom', { r: 23 }, rec);
    report(p, rec, 20);
    const r = run(p);
    expect(r.rets('bind')).toEqual([0n, e('EADDRINUSE'), 0n, e('EINVAL'), 0n, 0n, 0n, 0n]);
    expect(r.call('bind', 1).clause).toBe('NET.BIND.INUSE');
    expect(r.call('bind', 3).clause).toBe('NET.BIND.ONCE');
    expect(decodeLayout(layout('udp_msg'), r.console)['port']).toBe(EPHEMERAL + 1);
  });

  it('NET.RECV.TIMEOUT: a blocking recvfrom with nothing queued fails ETIMEDOUT after 15 s of virtual time; O_NONBLOCK fails EAGAIN at once', () => {
    const p = new Prog();
    sock(p, 19);
    call(p, 'bind', { r: 19 }, 7);
    call(p, 'recvfrom', { r: 19 }, msg(p, {}));
    call(p, 'fcntl', { r: 19 }, F_SETFL, O_NONBLOCK);
    call(p, 'recvfrom', { r: 19 }, msg(p, {}));
    const r = run(p);
    expect([r.call('recvfrom').ret, r.call('recvfrom').clause]).toEqual([e('ETIMEDOUT'), 'NET.RECV.TIMEOUT']);
    expect(r.call('recvfrom').at).toBeGreaterThanOrEqual(TIMEOUT_NS);
    expect(r.call('recvfrom').at).toBeLessThan(TIMEOUT_NS + 1_000_000);
    expect([r.call('recvfrom', 1).ret, r.call('recvfrom', 1).clause]).toEqual([e('EAGAIN'), 'FD.NONBLOCK.EAGAIN']);
  });

  it('NET.SOCKET.IO: read and write on a UDP, a new and a listening socket fail ENOTCONN; count 0 returns 0', () => {
    const p = new Prog();
    sock(p, 19);
    sock(p, 20, AF_INET, STREAM);
    sock(p, 21, AF_INET, STREAM);
    call(p, 'listen', { r: 21 }, 1);
    const buf = p.space(8);
    for (const reg of [19, 20, 21]) {
      call(p, 'read', { r: reg }, buf, 8);
      call(p, 'write', { r: reg }, buf, 8);
    }
    call(p, 'read', { r: 19 }, buf, 0);
    call(p, 'write', { r: 19 }, buf, 0);
    const r = run(p);
    expect(r.rets('read')).toEqual([e('ENOTCONN'), e('ENOTCONN'), e('ENOTCONN'), 0n]);
    expect(r.rets('write')).toEqual([e('ENOTCONN'), e('ENOTCONN'), e('ENOTCONN'), 0n]);
    expect(r.call('read').clause).toBe('NET.SOCKET.IO');
  });
});

describe('TCP (NET.TCP.*, NET.CONNECT.*, NET.ACCEPT.*, NET.RECV.*)', () => {
  /** init listens on 8080 (x19); `child` runs in a forked child. */
  function server(p: Prog, backlog = 4, child?: () => void): void {
    sock(p, 19, AF_INET, STREAM);
    call(p, 'bind', { r: 19 }, 8080);
    call(p, 'listen', { r: 19 }, backlog);
    if (child) fork(p, child);
  }

  it('NET.TCP.LISTEN, NET.TCP.CONNECT, NET.TCP.ACCEPT, NET.TCP.STREAM: bytes both ways between processes', () => {
    const p = new Prog();
    server(p, 4, () => {
      sock(p, 20, AF_INET, STREAM);
      call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
      call(p, 'write', { r: 20 }, p.bytes(enc.encode('ping')), 4);
      const got = p.space(8);
      call(p, 'read', { r: 20 }, got, 8);
      report(p, got, 4);
      p.exit(0);
    });
    call(p, 'accept', { r: 19 }).keep(21);
    const got = p.space(8);
    call(p, 'read', { r: 21 }, got, 8);
    report(p, got, 4);
    call(p, 'write', { r: 21 }, p.bytes(enc.encode('pong')), 4);
    call(p, 'waitpid', -1, 0, 0);
    const r = run(p);
    expect([r.call('listen').ret, r.call('listen').clause]).toEqual([0n, 'NET.TCP.LISTEN']);
    expect([r.call('connect').ret, r.call('connect').clause]).toEqual([0n, 'NET.TCP.CONNECT']);
    expect([r.call('accept').ret, r.call('accept').clause]).toEqual([4n, 'NET.TCP.ACCEPT']);
    expect(new TextDecoder().decode(r.console)).toBe('pingpong');
  });

  it('NET.TCP.ACCEPT: the accepted handle inherits O_NONBLOCK from the listener', () => {
    const p = new Prog();
    server(p);
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    sock(p, 21, AF_INET, STREAM);
    call(p, 'connect', { r: 21 }, IPV4, 8080);
    call(p, 'accept', { r: 19 }).keep(22);
    call(p, 'fcntl', { r: 22 }, F_GETFL, 0);
    call(p, 'fcntl', { r: 19 }, F_SETFL, O_NONBLOCK);
    call(p, 'accept', { r: 19 }).keep(23);
    call(p, 'fcntl', { r: 23 }, F_GETFL, 0);
    call(p, 'read', { r: 23 }, p.space(4), 4);
    call(p, 'accept', { r: 19 });
    const r = run(p);
    expect(r.rets('fcntl').filter((_, i) => i !== 1)).toEqual([BigInt(O_RDWR), BigInt(O_RDWR | O_NONBLOCK)]);
    expect(r.call('read').ret).toBe(e('EAGAIN'));
    expect(r.rets('accept')).toEqual([6n, 7n, e('EAGAIN')]);
  });

  it('NET.TCP.BACKLOG, NET.RECV.TIMEOUT: with the queue full a connect waits for accept, fails EAGAIN with O_NONBLOCK, ETIMEDOUT after 15 s', () => {
    const p = new Prog();
    server(p, 0);
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    sock(p, 21, AF_INET, STREAM);
    call(p, 'fcntl', { r: 21 }, F_SETFL, O_NONBLOCK);
    call(p, 'connect', { r: 21 }, LOOPBACK, 8080);
    sock(p, 22, AF_INET, STREAM);
    call(p, 'connect', { r: 22 }, LOOPBACK, 8080);
    fork(p, () => {
      call(p, 'nanosleep', 0, 1_000_000);
      call(p, 'accept', { r: 19 });
      p.exit(0);
    });
    call(p, 'connect', { r: 22 }, LOOPBACK, 8080);
    const r = run(p);
    expect(r.rets('connect')).toEqual([0n, e('EAGAIN'), e('ETIMEDOUT'), 0n]);
    expect(r.call('connect', 2).clause).toBe('NET.RECV.TIMEOUT');
    expect(r.call('connect', 2).at).toBeGreaterThanOrEqual(TIMEOUT_NS);
  });

  it('NET.CONNECT.REFUSED: no listener (nothing bound, a UDP port, a bound but not listening socket) refuses; so does a listener closing under a waiting connect', () => {
    const p = new Prog();
    sock(p, 19, AF_INET, STREAM);
    call(p, 'connect', { r: 19 }, LOOPBACK, 9);
    sock(p, 20);
    call(p, 'bind', { r: 20 }, 9);
    call(p, 'connect', { r: 19 }, LOOPBACK, 9);
    sock(p, 21, AF_INET, STREAM);
    call(p, 'bind', { r: 21 }, 10);
    call(p, 'connect', { r: 19 }, LOOPBACK, 10);
    sock(p, 22, AF_INET6, STREAM);
    call(p, 'listen', { r: 22 }, 1);
    call(p, 'listen', { r: 21 }, 0);
    sock(p, 23, AF_INET, STREAM);
    call(p, 'connect', { r: 23 }, LOOPBACK, 10);
    fork(p, () => {
      call(p, 'nanosleep', 0, 1_000_000);
      call(p, 'close', { r: 21 });
      p.exit(0);
    });
    call(p, 'close', { r: 21 });
    call(p, 'connect', { r: 19 }, LOOPBACK, 10);
    const r = run(p);
    expect(r.rets('connect')).toEqual([e('ECONNREFUSED'), e('ECONNREFUSED'), e('ECONNREFUSED'), 0n, e('ECONNREFUSED')]);
    expect(r.call('connect').clause).toBe('NET.CONNECT.REFUSED');
  });

  it('NET.TCP.ONLY, NET.TCP.STATE, NET.ACCEPT.NOTLISTENING: listen/connect on UDP, listen on a connection, connect twice, accept on a non-listener', () => {
    const p = new Prog();
    server(p);
    sock(p, 20);
    call(p, 'listen', { r: 20 }, 1);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'accept', { r: 20 });
    sock(p, 21, AF_INET, STREAM);
    call(p, 'accept', { r: 21 });
    call(p, 'connect', { r: 21 }, LOOPBACK, 8080);
    call(p, 'connect', { r: 21 }, LOOPBACK, 8080);
    call(p, 'listen', { r: 21 }, 1);
    call(p, 'accept', { r: 21 });
    call(p, 'connect', { r: 19 }, LOOPBACK, 8080);
    call(p, 'listen', { r: 19 }, 3);
    const r = run(p);
    expect(r.rets('listen')).toEqual([0n, e('EINVAL'), e('EINVAL'), 0n]);
    expect(r.call('listen', 1).clause).toBe('NET.TCP.ONLY');
    expect(r.call('listen', 2).clause).toBe('NET.TCP.STATE');
    expect(r.rets('connect')).toEqual([e('EINVAL'), 0n, e('EINVAL'), e('EINVAL')]);
    expect([r.call('connect', 0).clause, r.call('connect', 2).clause, r.call('connect', 3).clause]).toEqual(['NET.TCP.ONLY', 'NET.TCP.STATE', 'NET.TCP.STATE']);
    expect(r.rets('accept')).toEqual([e('EINVAL'), e('EINVAL'), e('EINVAL')]);
    expect(r.call('accept').clause).toBe('NET.ACCEPT.NOTLISTENING');
  });

  it('NET.RECV.PEEK, NET.RECV.PEEKONLY: recv returns buffered bytes without consuming them; EINVAL on anything but a connection', () => {
    const p = new Prog();
    server(p);
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'accept', { r: 19 }).keep(21);
    call(p, 'write', { r: 20 }, p.bytes(enc.encode('peekaboo')), 8);
    const buf = p.space(16);
    call(p, 'recv', { r: 21 }, buf, 4);
    report(p, buf, 4);
    call(p, 'recv', { r: 21 }, buf, 16);
    call(p, 'read', { r: 21 }, buf, 16);
    report(p, buf, 8);
    call(p, 'recv', { r: 21 }, buf, 0);
    call(p, 'fcntl', { r: 21 }, F_SETFL, O_NONBLOCK);
    call(p, 'recv', { r: 21 }, buf, 4);
    call(p, 'recv', { r: 19 }, buf, 4);
    sock(p, 22);
    call(p, 'recv', { r: 22 }, buf, 4);
    call(p, 'close', { r: 20 });
    call(p, 'recv', { r: 21 }, buf, 4);
    const r = run(p);
    expect(r.rets('recv')).toEqual([4n, 8n, 0n, e('EAGAIN'), e('EINVAL'), e('EINVAL'), 0n]);
    expect(r.call('recv').clause).toBe('NET.RECV.PEEK');
    expect(r.call('recv', 4).clause).toBe('NET.RECV.PEEKONLY');
    expect(r.call('recv', 6).clause).toBe('NET.TCP.CLOSE');
    expect(new TextDecoder().decode(r.console)).toBe('peekpeekaboo');
  });

  it('NET.RECV.TIMEOUT: blocking recv and accept give up after 15 s', () => {
    const p = new Prog();
    server(p);
    call(p, 'accept', { r: 19 });
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'recv', { r: 20 }, p.space(4), 4);
    const r = run(p);
    expect([r.call('accept').ret, r.call('accept').clause]).toEqual([e('ETIMEDOUT'), 'NET.RECV.TIMEOUT']);
    expect([r.call('recv').ret, r.call('recv').clause]).toEqual([e('ETIMEDOUT'), 'NET.RECV.TIMEOUT']);
    expect(r.call('recv').at).toBeGreaterThanOrEqual(2 * TIMEOUT_NS);
  });

  it('NET.TCP.STREAM: write queues what fits in the 4096-byte buffer, then EAGAIN with O_NONBLOCK; reads drain it', () => {
    const p = new Prog();
    server(p);
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'fcntl', { r: 20 }, F_SETFL, O_NONBLOCK);
    const big = p.space(TCP_BUFFER + 100);
    call(p, 'write', { r: 20 }, big, 3000);
    call(p, 'write', { r: 20 }, big, 3000);
    call(p, 'write', { r: 20 }, big, 1);
    call(p, 'accept', { r: 19 }).keep(21);
    call(p, 'read', { r: 21 }, big, TCP_BUFFER + 100);
    call(p, 'write', { r: 20 }, big, 1);
    const r = run(p);
    expect(r.rets('write')).toEqual([3000n, BigInt(TCP_BUFFER - 3000), e('EAGAIN'), 1n]);
    expect(r.call('read').ret).toBe(BigInt(TCP_BUFFER));
  });

  it('NET.TCP.CLOSE: after the peer closes, reads return the buffered bytes then 0, writes fail EPIPE and raise SIGPIPE', () => {
    const p = new Prog();
    server(p);
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'accept', { r: 19 }).keep(21);
    call(p, 'write', { r: 20 }, p.bytes(enc.encode('bye')), 3);
    call(p, 'close', { r: 20 });
    const buf = p.space(8);
    call(p, 'read', { r: 21 }, buf, 8);
    call(p, 'read', { r: 21 }, buf, 8);
    call(p, 'write', { r: 21 }, buf, 1);
    p.exit(0);
    const r = timedRun(p);
    expect(r.rets('read')).toEqual([3n, 0n]);
    expect(r.call('read', 1).clause).toBe('NET.TCP.CLOSE');
    expect([r.call('write', 1).ret, r.call('write', 1).clause]).toEqual([e('EPIPE'), 'NET.TCP.CLOSE']);
    expect(r.result.verdict).toMatchObject({ kind: 'signal', signal: SIGPIPE });
  });

  it('NET.TCP.CLOSE: closing a listener ends its queued connections (the client reads EOF)', () => {
    const p = new Prog();
    server(p);
    sock(p, 20, AF_INET, STREAM);
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'close', { r: 19 });
    call(p, 'read', { r: 20 }, p.space(4), 4);
    sock(p, 21, AF_INET, STREAM);
    call(p, 'bind', { r: 21 }, 8080);
    const r = run(p);
    expect(r.call('read').ret).toBe(0n);
    expect(r.call('bind').ret).toBe(0n);
  });

  it('NET.SOCKET.POLL: readiness of UDP sockets, listeners and connections', () => {
    const p = new Prog();
    server(p);
    sock(p, 20, AF_INET, STREAM);
    sock(p, 22);
    call(p, 'bind', { r: 22 }, 7);
    const all = POLL.IN | POLL.OUT;
    const fds = (): number => p.bytes(pollfds([3, 4, 5].map((fd) => ({ fd, events: all }))), 8);
    const probe = (): void => {
      const at = fds();
      call(p, 'poll', at, 3, 0);
      report(p, at, 24);
    };
    probe();
    call(p, 'connect', { r: 20 }, LOOPBACK, 8080);
    call(p, 'sendto', { r: 22 }, msg(p, { ip: LOOPBACK, port: 7 }));
    probe();
    call(p, 'accept', { r: 19 }).keep(21);
    call(p, 'write', { r: 21 }, p.space(4), 4);
    call(p, 'close', { r: 21 });
    probe();
    const r = run(p);
    const rev = r.records('pollfd').map((x) => x['revents']);
    expect(rev).toEqual([
      0, 0, POLL.OUT,
      POLL.IN, POLL.OUT, POLL.IN | POLL.OUT,
      0, POLL.IN | POLL.HUP, POLL.IN | POLL.OUT,
    ]);
  });
});
