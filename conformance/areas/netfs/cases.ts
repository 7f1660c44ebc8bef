// /net cases (NETFS.*): the local family's files, one table per family. Expected values come
// from spec/ (clauses, the NETFS_* names and grammars, constants): socket ids are predictable
// (NETFS.FACTORY: from 1, increasing), so every path and every byte a case reads is known.

import {
  accepts, constValue, NETFS_ADDRS_GRAMMAR, NETFS_CTL_GRAMMAR, NETFS_ID_GRAMMAR, NETFS_LOCAL_ADDR_MAX, NETFS_LOCAL_TYPES,
  NETFS_NONBLOCK_SUFFIX, NETFS_SOCKET_FILES, type ErrnoName, type Grammar,
} from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CODE_BASE, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { bootAs, bytesOf, direntLength, direntTail, DT, O, progArea, USER, type AreaCaseDef, type Prog } from '../procfs/kit.js';

const AREA = 'netfs';
const BUF = 4096;
const CAPACITY = constValue('LIMITS', 'PIPE_CAPACITY');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const SIGUSR1 = constValue('SIGNALS', 'SIGUSR1');
const SIG_IGN = constValue('SIG_HANDLERS', 'SIG_IGN');
const F_GETFL = constValue('FCNTL_CMDS', 'F_GETFL');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const netCase = (def: AreaCaseDef): CaseDef => derivedCase(progArea(AREA), def);

/** Text a case expects must be a sentence of its grammar, or the case itself is wrong. */
function checked(g: Grammar, text: string): string {
  if (!accepts(g, text)) throw new Error(`netfs: ${JSON.stringify(text)} does not parse`);
  return text;
}

/** Handle numbers a case keeps by name, in 8-byte data cells (there are too many for registers). */
class Net {
  private readonly cells = new Map<string, number>();
  readonly buf: number;

  constructor(readonly p: Prog) {
    this.buf = p.space(BUF);
  }

  private cell(name: string): number {
    let c = this.cells.get(name);
    if (c === undefined) {
      c = this.p.space(8, 8);
      this.cells.set(name, c);
    }
    return c;
  }

  has(name: string): boolean {
    return this.cells.has(name);
  }

  /** The handle `name` loaded into x7, as a call's operand: use it at once. */
  h(name: string): Reg {
    if (!this.cells.has(name)) throw new Error(`netfs: no handle ${name}`);
    this.p.load(7, this.cell(name));
    return new Reg(7);
  }

  /** open(path, flags) into handle `name`, asserting success with `clauses`. */
  open(name: string, path: string, flags: number, clauses: readonly string[]): this {
    const cell = this.cell(name);
    this.p.sys('open', this.p.str(path), flags, 0);
    this.p.a.movImm(9, cell).inst('STR_X_uoff', { Rt: 0, Rn: 9, imm12: 0 });
    this.p.expectOk(`open ${path}`, clauses);
    return this;
  }

  close(...names: string[]): this {
    for (const name of names) this.p.sys('close', this.h(name));
    return this;
  }

  /** A new socket of `type` (its id is `id`) with its factory handle in `<id>f`. */
  socket(id: number, type: string = 'stream'): this {
    this.open(`${id}f`, `/net/local/${type}`, O.RDONLY, ['NETFS.FACTORY']);
    return this;
  }

  /** write(handle, text): the result in x0. */
  write(name: string, text: string): this {
    const b = bytesOf(text);
    const at = this.p.bytes(b, 1);
    this.p.sys('write', this.h(name), at, b.length);
    return this;
  }

  /** A ctl command that must succeed (returns its length). */
  ctl(id: number, command: string, clauses: readonly string[]): this {
    if (!this.has(`${id}c`)) this.open(`${id}c`, `/net/local/${id}/ctl`, O.WRONLY, ['NETFS.PATHS']);
    this.write(`${id}c`, command);
    this.p.expectEq(`ctl ${id}: ${JSON.stringify(command)} returns ${command.length}`, ['NETFS.CTL', ...clauses], command.length);
    return this;
  }

  /** A ctl command that must fail. */
  ctlFails(id: number, command: string, errno: ErrnoName, clauses: readonly string[]): this {
    if (!this.has(`${id}c`)) this.open(`${id}c`, `/net/local/${id}/ctl`, O.WRONLY, ['NETFS.PATHS']);
    this.write(`${id}c`, command);
    this.p.expectErrno(`ctl ${id}: ${JSON.stringify(command)} fails ${errno}`, ['NETFS.CTL', ...clauses], errno);
    return this;
  }

  /** Socket 1 listening on `address` (backlog `backlog`). */
  listener(address = 'svc', backlog = 4, type = 'stream'): this {
    return this.socket(1, type).ctl(1, `bind ${address}\n`, ['NETFS.CTL.BIND']).ctl(1, `listen ${backlog}\n`, ['NETFS.BACKLOG']);
  }

  /** Socket `id` connected to `address`; the server end (id + 1) waits for accept. */
  client(id: number, address = 'svc', type = 'stream'): this {
    return this.socket(id, type).ctl(id, `connect ${address}\n`, ['NETFS.CTL.CONNECT']);
  }

  /** read(handle, buf, n) and assert exactly `text` came. */
  expectRead(name: string, text: string, clauses: readonly string[], n = BUF): this {
    this.p.sys('read', this.h(name), this.buf, n).save(this.p.n);
    this.p.expectEq(`read returns ${text.length} bytes`, clauses, text.length, this.p.n);
    if (text.length > 0) this.p.expectMem(`read returns ${JSON.stringify(text.length > 40 ? `${text.slice(0, 20)}...` : text)}`, clauses, this.buf, bytesOf(text));
    return this;
  }

  /** A full connection: listener 1 on "svc", client 2, accepted server end (socket 3) as `s`, client data as `c`. */
  connected(type = 'stream'): this {
    this.listener('svc', 4, type).client(2, 'svc', type);
    this.open('s', '/net/local/1/accept', O.RDWR, ['NETFS.ACCEPT']);
    return this.open('c', '/net/local/2/data', O.RDWR, ['NETFS.DATA']);
  }

  /** getdents(path) and compare every record but its d_ino. */
  listing(path: string, names: readonly string[], types: readonly number[], clauses: readonly string[]): this {
    const p = this.p;
    p.openRead(path, ['NETFS.PATHS']);
    p.sys('getdents', p.fd, this.buf, BUF).save(p.n);
    const total = names.reduce((n, e) => n + direntLength(e), 0);
    p.expectEq(`getdents ${path} returns ${names.length} records (${total} bytes)`, [...clauses, 'FS.GETDENTS.RECORDS'], total, p.n);
    let at = 0;
    names.forEach((name, i) => {
      p.expectMem(`record ${i + 1} of ${path} is ${JSON.stringify(name)}`, clauses, this.buf + at + 8, direntTail(name, types[i]!, i + 1));
      at += direntLength(name);
    });
    p.sys('close', p.fd);
    return this;
  }
}

function build(f: (n: Net) => void): AreaCaseDef['build'] {
  return ({ p }) => f(new Net(p));
}

// ---- paths, factories, lifetime -------------------------------------------------------------

const FACTORY_NAMES = [...NETFS_LOCAL_TYPES, 'addrs'];

function pathCases(): CaseDef[] {
  const reg = (n: number): number[] => Array.from({ length: n }, () => DT.REG);
  const dirs = (n: number): number[] => Array.from({ length: n }, () => DT.DIR);
  return [
    netCase({
      id: 'paths/root', description: '/net lists the one family netfs implements: local',
      build: build((n) => n.listing('/net', ['local'], [DT.DIR], ['NETFS.PATHS', 'NETFS.FAMILIES'])),
    }),
    netCase({
      id: 'paths/family-empty', description: '/net/local with no socket lists stream, seqpacket, addrs',
      build: build((n) => n.listing('/net/local', FACTORY_NAMES, reg(3), ['NETFS.PATHS', 'NETFS.FAMILIES'])),
    }),
    netCase({
      id: 'paths/family-sockets', description: '/net/local lists the live sockets after the factories, by increasing id',
      build: build((n) => n.socket(1).socket(2, 'seqpacket').listing('/net/local', [...FACTORY_NAMES, '1', '2'], [...reg(3), ...dirs(2)], ['NETFS.PATHS', 'NETFS.LIFETIME'])),
    }),
    netCase({
      id: 'paths/socket-dir', description: 'a socket directory lists ctl, data, accept',
      build: build((n) => n.socket(1).listing('/net/local/1', [...NETFS_SOCKET_FILES], reg(3), ['NETFS.PATHS'])),
    }),
    netCase({
      id: 'paths/absent', description: 'families, types and sockets netfs does not have fail ENOENT',
      build: build((n) => {
        n.socket(1);
        for (const path of ['/net/inet/stream', '/net/inet6', '/net/local/dgram', '/net/local/raw', '/net/local/2/ctl', '/net/local/01/data', '/net/local/1/ctl:nonblock', '/net/local/1/other']) {
          n.p.sys('open', n.p.str(path), O.RDONLY, 0);
          n.p.expectErrno(`open ${path} fails ENOENT`, ['NETFS.PATHS', 'NETFS.FAMILIES', 'FS.PATH.NOENT'], 'ENOENT');
        }
      }),
    }),
    ...NETFS_LOCAL_TYPES.map((type) => netCase({
      id: `factory/${type}`, description: `opening /net/local/${type} makes socket 1; its handle reads "1\\n", then end of file`,
      build: build((n) => {
        n.socket(1, type);
        n.expectRead('1f', checked(NETFS_ID_GRAMMAR, '1\n'), ['NETFS.FACTORY']);
        n.expectRead('1f', '', ['NETFS.FACTORY', 'FD.READ.EOF']);
        n.socket(2, type);
        n.expectRead('2f', '2', ['NETFS.FACTORY'], 1).expectRead('2f', '\n', ['NETFS.FACTORY']);
      }),
    })),
    netCase({
      id: 'factory/ids-not-reused', description: 'closing socket 1\'s only handle ends it (ENOENT); the next socket is 2, not 1',
      build: build((n) => {
        n.socket(1);
        n.close('1f');
        n.p.sys('open', n.p.str('/net/local/1/data'), O.RDWR, 0);
        n.p.expectErrno('open /net/local/1/data fails ENOENT', ['NETFS.LIFETIME.END'], 'ENOENT');
        n.socket(2);
        n.expectRead('2f', '2\n', ['NETFS.FACTORY']);
      }),
    }),
    netCase({
      id: 'lifetime/ctl-holds', description: 'a socket whose factory handle is closed lives on while its ctl handle is open',
      build: build((n) => {
        n.socket(1).open('c', '/net/local/1/ctl', O.WRONLY, ['NETFS.PATHS']);
        n.close('1f');
        n.open('d', '/net/local/1/data', O.RDWR, ['NETFS.LIFETIME']);
        n.close('c');
        n.close('d');
        n.p.sys('open', n.p.str('/net/local/1/accept'), O.RDONLY, 0);
        n.p.expectErrno('after the last handle, /net/local/1 is gone', ['NETFS.LIFETIME', 'NETFS.LIFETIME.END'], 'ENOENT');
      }),
    }),
    netCase({
      id: 'lifetime/other-process', description: 'a child process opens its parent\'s socket by path and sends through it',
      build: build((n) => {
        n.connected();
        const p = n.p;
        p.fork(2, () => {
          p.sys('open', p.str('/net/local/2/data'), O.WRONLY, 0);
          p.sys('write', new Reg(0), p.str('child'), 5);
          p.exit(0);
        });
        p.sys('waitpid', 2, 0, 0);
        p.expectEq('the child ran and was reaped', ['PROC.WAIT.REAP'], 2);
        n.expectRead('s', 'child', ['NETFS.LIFETIME', 'NETFS.DATA']);
      }),
    }),
    netCase({
      id: 'lifetime/peer-ends', description: 'when the client\'s last handle closes, the server end reads what was queued, then 0; a write raises SIGPIPE (ignored) and fails EPIPE',
      build: build((n) => {
        const p = n.p;
        p.sys('sigaction', SIGPIPE, SIG_IGN, 0);
        n.connected();
        n.write('c', 'last');
        n.close('c', '2f', '2c');
        n.expectRead('s', 'last', ['NETFS.DATA.PEER']).expectRead('s', '', ['NETFS.DATA.PEER', 'NETFS.LIFETIME.END']);
        n.write('s', 'x');
        p.expectErrno('write to a connection whose peer ended fails EPIPE', ['NETFS.DATA.PEER'], 'EPIPE');
      }),
    }),
    netCase({
      id: 'lifetime/sigpipe', description: 'with SIGPIPE at its default, writing to a connection whose peer ended kills the writer',
      build: build((n) => {
        const p = n.p;
        n.connected();
        n.close('c', '2f', '2c');
        p.fork(2, () => {
          n.write('s', 'x');
          p.exit(0);
        });
        const status = p.space(8, 8);
        p.sys('waitpid', 2, status, 0);
        p.a.movImm(9, status).inst('LDR_W_uoff', { Rt: 3, Rn: 9, imm12: 0 });
        p.expectEq(`the child's wait status is signal ${SIGPIPE}`, ['NETFS.DATA.PEER', 'PROC.WAIT.STATUS'], SIGPIPE, 3);
      }),
    }),
  ];
}

// ---- ctl -----------------------------------------------------------------------------------

interface CtlRow {
  readonly name: string;
  readonly what: string;
  readonly setup: (n: Net) => void;
  readonly id: number;
  readonly command: string;
  readonly errno: ErrnoName;
  readonly clauses: readonly string[];
}

const ADDR16 = 'a'.repeat(NETFS_LOCAL_ADDR_MAX + 1);
const ADDR15 = 'b'.repeat(NETFS_LOCAL_ADDR_MAX);

const CTL_ROWS: readonly CtlRow[] = [
  ...[
    ['unknown', 'shutdown\n'], ['no-newline', 'bind x'], ['two-commands', 'bind x\nlisten 1\n'], ['empty-address', 'bind \n'],
    ['long-address', `bind ${ADDR16}\n`], ['space-in-address', 'bind a b\n'], ['leading-zero', 'listen 01\n'], ['negative', 'listen -1\n'],
    ['upper-case', 'BIND x\n'],
  ].map(([name, command]): CtlRow => ({
    name: `format/${name}`, what: 'a malformed command', setup: (n) => void n.socket(1), id: 1, command: command!, errno: 'EINVAL', clauses: ['NETFS.CTL.FORMAT'],
  })),
  { name: 'state/bind-twice', what: 'bind on a bound socket', setup: (n) => void n.socket(1).ctl(1, 'bind a\n', ['NETFS.CTL.BIND']), id: 1, command: 'bind b\n', errno: 'EINVAL', clauses: ['NETFS.CTL.STATE'] },
  { name: 'state/listen-unbound', what: 'listen on a socket that is not bound', setup: (n) => void n.socket(1), id: 1, command: 'listen 1\n', errno: 'EINVAL', clauses: ['NETFS.CTL.STATE'] },
  { name: 'state/connect-listening', what: 'connect on a listening socket', setup: (n) => void n.listener('svc'), id: 1, command: 'connect svc\n', errno: 'EINVAL', clauses: ['NETFS.CTL.STATE'] },
  { name: 'state/connect-twice', what: 'connect on a connected socket', setup: (n) => void n.listener('svc').client(2), id: 2, command: 'connect svc\n', errno: 'EINVAL', clauses: ['NETFS.CTL.STATE'] },
  { name: 'state/bind-connected', what: 'bind on a connected socket', setup: (n) => void n.listener('svc').client(2), id: 2, command: 'bind late\n', errno: 'EINVAL', clauses: ['NETFS.CTL.STATE'] },
  { name: 'state/listen-connected', what: 'listen on a connected socket', setup: (n) => void n.listener('svc').client(2), id: 2, command: 'listen 1\n', errno: 'EINVAL', clauses: ['NETFS.CTL.STATE'] },
  { name: 'bind/in-use', what: 'bind to an address another socket holds', setup: (n) => void n.socket(1).ctl(1, 'bind a\n', ['NETFS.CTL.BIND']).socket(2), id: 2, command: 'bind a\n', errno: 'EADDRINUSE', clauses: ['NETFS.CTL.BIND'] },
  { name: 'bind/listener-address', what: 'bind to a listening socket\'s address', setup: (n) => void n.listener('svc').socket(2), id: 2, command: 'bind svc\n', errno: 'EADDRINUSE', clauses: ['NETFS.CTL.BIND'] },
  { name: 'connect/nobody', what: 'connect to an address nobody holds', setup: (n) => void n.socket(1), id: 1, command: 'connect nobody\n', errno: 'ECONNREFUSED', clauses: ['NETFS.CTL.CONNECT'] },
  { name: 'connect/not-listening', what: 'connect to a bound socket that does not listen', setup: (n) => void n.socket(1).ctl(1, 'bind a\n', ['NETFS.CTL.BIND']).socket(2), id: 2, command: 'connect a\n', errno: 'ECONNREFUSED', clauses: ['NETFS.CTL.CONNECT'] },
  { name: 'connect/other-type', what: 'connect a seqpacket socket to a stream listener', setup: (n) => void n.listener('svc').socket(2, 'seqpacket'), id: 2, command: 'connect svc\n', errno: 'ECONNREFUSED', clauses: ['NETFS.CTL.CONNECT'] },
  { name: 'connect/backlog-full', what: 'a second connect to a listener with backlog 1 and nobody accepting', setup: (n) => void n.listener('svc', 1).client(2), id: 4, command: 'connect svc\n', errno: 'ECONNREFUSED', clauses: ['NETFS.BACKLOG'] },
  { name: 'connect/backlog-zero', what: 'a second connect to a listener with backlog 0 (taken as 1)', setup: (n) => void n.listener('svc', 0).client(2), id: 4, command: 'connect svc\n', errno: 'ECONNREFUSED', clauses: ['NETFS.BACKLOG'] },
];

function ctlCases(): CaseDef[] {
  const failures = CTL_ROWS.map((r) => netCase({
    id: `ctl/${r.name}`,
    description: `${r.what}: ${JSON.stringify(r.command)} on ctl fails ${r.errno}`,
    build: build((n) => {
      r.setup(n);
      if (accepts(NETFS_CTL_GRAMMAR, r.command) === r.clauses.includes('NETFS.CTL.FORMAT')) throw new Error(`netfs: ctl row ${r.name} disagrees with the grammar`);
      if (r.id === 4) n.socket(4);
      n.ctlFails(r.id, r.command, r.errno, r.clauses);
    }),
  }));
  return [
    ...failures,
    netCase({
      id: 'ctl/ok/sequence', description: 'bind, listen and connect each return the length of their command; a 15-byte address is fine; listen again changes the backlog',
      build: build((n) => {
        n.socket(1).ctl(1, checked(NETFS_CTL_GRAMMAR, `bind ${ADDR15}\n`), ['NETFS.CTL.BIND', 'NETFS.CTL.FORMAT']);
        n.ctl(1, 'listen 1\n', ['NETFS.BACKLOG']).ctl(1, 'listen 128\n', ['NETFS.BACKLOG']);
        n.client(2, ADDR15).client(4, ADDR15);
      }),
    }),
    netCase({
      id: 'ctl/ok/address-freed', description: 'an address is free again once its socket has ended',
      build: build((n) => {
        n.socket(1).ctl(1, 'bind reuse\n', ['NETFS.CTL.BIND']);
        n.close('1f');
        n.close('1c');
        n.socket(2).ctl(2, 'bind reuse\n', ['NETFS.CTL.BIND', 'NETFS.LIFETIME.END']);
      }),
    }),
    netCase({
      id: 'ctl/ok/zero-length', description: 'a zero-length write to ctl returns 0 and does nothing',
      build: build((n) => {
        n.socket(1).open('1c', '/net/local/1/ctl', O.WRONLY, ['NETFS.PATHS']);
        n.p.sys('write', n.h('1c'), n.buf, 0);
        n.p.expectEq('write of 0 bytes returns 0', ['FD.WRITE.ZERO'], 0);
        n.ctl(1, 'bind z\n', ['NETFS.CTL.BIND']);
      }),
    }),
  ];
}

// ---- data, accept, nonblock ----------------------------------------------------------------

function dataCases(): CaseDef[] {
  return [
    netCase({
      id: 'data/stream/both-ways', description: 'bytes written on either end of a stream connection are read on the other, in order, in any pieces',
      build: build((n) => {
        n.connected();
        n.write('c', 'hello').write('c', ', world');
        n.expectRead('s', 'hel', ['NETFS.DATA', 'NETFS.DATA.STREAM'], 3).expectRead('s', 'lo, world', ['NETFS.DATA.STREAM']);
        n.write('s', 'reply');
        n.expectRead('c', 'reply', ['NETFS.DATA', 'NETFS.DATA.STREAM']);
      }),
    }),
    netCase({
      id: 'data/stream/capacity', description: `a stream write larger than the ${CAPACITY}-byte buffer queues what fits and returns that count`,
      build: build((n) => {
        n.connected();
        n.p.sys('write', n.h('c'), n.buf, CAPACITY + 100);
        n.p.expectEq(`write of ${CAPACITY + 100} bytes returns ${CAPACITY}`, ['NETFS.DATA.STREAM'], CAPACITY);
      }),
    }),
    netCase({
      id: 'data/seqpacket/boundaries', description: 'a seqpacket read returns one message; a short read discards the rest of it',
      build: build((n) => {
        n.connected('seqpacket');
        n.write('c', 'ab');
        n.p.expectEq('a message write returns its length', ['NETFS.DATA.SEQPACKET'], 2);
        n.write('c', 'cde').write('c', 'f');
        n.expectRead('s', 'ab', ['NETFS.DATA.SEQPACKET']).expectRead('s', 'c', ['NETFS.DATA.SEQPACKET'], 1).expectRead('s', 'f', ['NETFS.DATA.SEQPACKET']);
      }),
    }),
    netCase({
      id: 'data/seqpacket/too-big', description: `a seqpacket message longer than ${CAPACITY} bytes fails EINVAL`,
      build: build((n) => {
        n.connected('seqpacket');
        n.p.sys('write', n.h('c'), n.buf, CAPACITY + 1);
        n.p.expectErrno('the write fails EINVAL', ['NETFS.DATA.SEQPACKET'], 'EINVAL');
        n.p.sys('write', n.h('c'), n.buf, CAPACITY);
        n.p.expectEq(`a ${CAPACITY}-byte message fits`, ['NETFS.DATA.SEQPACKET'], CAPACITY);
      }),
    }),
    ...(['new', 'bound', 'listening'] as const).map((state) => netCase({
      id: `data/not-connected/${state}`, description: `read and write on the data file of a ${state} socket fail ENOTCONN`,
      build: build((n) => {
        if (state === 'listening') n.listener();
        else {
          n.socket(1);
          if (state === 'bound') n.ctl(1, 'bind b\n', ['NETFS.CTL.BIND']);
        }
        n.open('d', '/net/local/1/data', O.RDWR, ['NETFS.DATA']);
        n.p.sys('read', n.h('d'), n.buf, 1);
        n.p.expectErrno('read fails ENOTCONN', ['NETFS.DATA'], 'ENOTCONN');
        n.write('d', 'x');
        n.p.expectErrno('write fails ENOTCONN', ['NETFS.DATA'], 'ENOTCONN');
      }),
    })),
    netCase({
      id: 'data/poll', description: 'a data handle polls POLLIN once bytes are queued for it',
      build: build((n) => {
        n.connected();
        const rec = n.p.space(8, 8);
        const pollFor = (): void => {
          n.p.a.movImm(10, 0).movImm(9, rec).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
          n.h('s');
          n.p.a.movImm(9, rec).inst('STR_W_uoff', { Rt: 7, Rn: 9, imm12: 0 });
          n.p.a.movImm(10, POLLIN).movImm(9, rec + 4).inst('STRH_uoff', { Rt: 10, Rn: 9, imm12: 0 });
          n.p.sys('poll', rec, 1, 0);
        };
        pollFor();
        n.p.expectEq('nothing queued: poll returns 0', ['NETFS.DATA'], 0);
        n.write('c', 'x');
        pollFor();
        n.p.expectEq('after a write: poll returns 1', ['NETFS.DATA'], 1);
      }),
    }),
    netCase({
      id: 'accept/queue', description: 'each open of accept takes the next waiting connection, a new socket with its own directory',
      build: build((n) => {
        n.listener().client(2).client(4);
        n.open('a', '/net/local/1/accept', O.RDWR, ['NETFS.ACCEPT']);
        n.open('b', '/net/local/1/accept', O.RDWR, ['NETFS.ACCEPT']);
        n.listing('/net/local', [...FACTORY_NAMES, '1', '2', '3', '4', '5'], [DT.REG, DT.REG, DT.REG, DT.DIR, DT.DIR, DT.DIR, DT.DIR, DT.DIR], ['NETFS.CTL.CONNECT', 'NETFS.PATHS']);
        n.open('c4', '/net/local/4/data', O.WRONLY, ['NETFS.DATA']);
        n.write('c4', 'to b');
        n.expectRead('b', 'to b', ['NETFS.ACCEPT', 'NETFS.DATA']);
        n.open('d5', '/net/local/5/data', O.RDWR, ['NETFS.PATHS']);
        n.expectRead('d5', '', ['NETFS.DATA'], 0);
      }),
    }),
    netCase({
      id: 'accept/not-listening', description: 'opening accept of a socket that does not listen fails EINVAL',
      build: build((n) => {
        n.socket(1).ctl(1, 'bind b\n', ['NETFS.CTL.BIND']);
        n.p.sys('open', n.p.str('/net/local/1/accept'), O.RDONLY, 0);
        n.p.expectErrno('open accept fails EINVAL', ['NETFS.ACCEPT'], 'EINVAL');
      }),
    }),
    netCase({
      id: 'accept/blocks', description: 'opening accept blocks until a child process connects; the connection then carries its bytes',
      build: build((n) => {
        n.listener('svc', 1);
        const p = n.p;
        p.fork(2, () => {
          p.sys('open', p.str('/net/local/stream'), O.RDONLY, 0);
          p.sys('open', p.str('/net/local/2/ctl'), O.WRONLY, 0);
          p.sys('write', new Reg(0), p.str('connect svc\n'), 12);
          p.sys('open', p.str('/net/local/2/data'), O.WRONLY, 0);
          p.sys('write', new Reg(0), p.str('hi'), 2);
          p.exit(0);
        });
        n.open('a', '/net/local/1/accept', O.RDONLY, ['NETFS.ACCEPT']);
        n.expectRead('a', 'hi', ['NETFS.ACCEPT', 'NETFS.DATA']);
      }),
    }),
    netCase({
      id: 'accept/interrupted', description: 'a signal with a handler ends a blocked accept open with EINTR',
      build: build((n) => {
        n.listener('svc', 1);
        const p = n.p;
        const stop = p.space(8, 8);
        const skip = p.a.label();
        p.a.b(skip);
        const handler = p.a.here();
        p.a.ret();
        const restorer = p.a.here();
        p.rawCall('sigreturn');
        // A thread that sends SIGUSR1 to the process every millisecond until the main thread sets `stop`.
        const thread = p.a.here();
        p.a.movImm(0, 0).movImm(1, 1_000_000);
        p.rawCall('nanosleep');
        p.a.movImm(0, 1).movImm(1, SIGUSR1);
        p.rawCall('kill');
        p.a.movImm(9, stop).inst('LDR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
        p.a.cbz(10, thread);
        p.a.movImm(0, 0);
        p.rawCall('exit');
        p.a.bind(skip);
        p.sys('sigaction', SIGUSR1, CODE_BASE + handler.offset, CODE_BASE + restorer.offset);
        p.sys('thread_create', CODE_BASE + thread.offset, 0, p.space(1024, 16) + 1024);
        p.sys('open', p.str('/net/local/1/accept'), O.RDONLY, 0);
        p.expectErrno('the blocked accept open fails EINTR', ['SIG.INTR', 'NETFS.ACCEPT'], 'EINTR');
        p.a.movImm(10, 1).movImm(9, stop).inst('STR_X_uoff', { Rt: 10, Rn: 9, imm12: 0 });
      }),
    }),
  ];
}

function nonblockCases(): CaseDef[] {
  return [
    netCase({
      id: 'nonblock/accept', description: 'opening accept:nonblock with no connection waiting fails EAGAIN; with one it returns it',
      build: build((n) => {
        n.listener();
        n.p.sys('open', n.p.str(`/net/local/1/accept${NETFS_NONBLOCK_SUFFIX}`), O.RDONLY, 0);
        n.p.expectErrno('open accept:nonblock fails EAGAIN', ['NETFS.NONBLOCK'], 'EAGAIN');
        n.client(2);
        n.open('a', `/net/local/1/accept${NETFS_NONBLOCK_SUFFIX}`, O.RDWR, ['NETFS.NONBLOCK', 'NETFS.ACCEPT']);
        n.p.sys('read', n.h('a'), n.buf, 1);
        n.p.expectErrno('the accepted connection is non-blocking: read fails EAGAIN', ['NETFS.NONBLOCK.FLAG'], 'EAGAIN');
      }),
    }),
    netCase({
      id: 'nonblock/open-flag', description: 'O_NONBLOCK on accept behaves as the suffix',
      build: build((n) => {
        n.listener();
        n.p.sys('open', n.p.str('/net/local/1/accept'), O.RDONLY | O.NONBLOCK, 0);
        n.p.expectErrno('open accept with O_NONBLOCK fails EAGAIN', ['NETFS.NONBLOCK.FLAG'], 'EAGAIN');
      }),
    }),
    netCase({
      id: 'nonblock/data', description: 'data:nonblock reads fail EAGAIN when nothing is queued and writes when the peer\'s buffer is full; F_GETFL shows O_NONBLOCK',
      build: build((n) => {
        n.connected();
        n.open('nb', `/net/local/2/data${NETFS_NONBLOCK_SUFFIX}`, O.RDWR, ['NETFS.NONBLOCK']);
        n.p.sys('read', n.h('nb'), n.buf, 10);
        n.p.expectErrno('read with nothing queued fails EAGAIN', ['NETFS.NONBLOCK'], 'EAGAIN');
        n.p.sys('write', n.h('nb'), n.buf, CAPACITY);
        n.p.expectEq(`${CAPACITY} bytes fill the peer's buffer`, ['NETFS.DATA.STREAM'], CAPACITY);
        n.p.sys('write', n.h('nb'), n.buf, 1);
        n.p.expectErrno('one more byte fails EAGAIN', ['NETFS.NONBLOCK'], 'EAGAIN');
        n.p.sys('fcntl', n.h('nb'), F_GETFL, 0);
        n.p.expectEq('F_GETFL is O_RDWR|O_NONBLOCK', ['NETFS.NONBLOCK.FLAG', 'FD.FCNTL.GETFL'], O.RDWR | O.NONBLOCK);
      }),
    }),
  ];
}

// ---- addrs, access, tree -------------------------------------------------------------------

function addrsCases(): CaseDef[] {
  return [
    netCase({
      id: 'addrs/listeners', description: 'addrs lists the listening sockets\' addresses by socket id; bound-only sockets are not listed',
      build: build((n) => {
        n.socket(1).ctl(1, 'bind zeta\n', ['NETFS.CTL.BIND']).ctl(1, 'listen 1\n', ['NETFS.BACKLOG']);
        n.socket(2).ctl(2, 'bind quiet\n', ['NETFS.CTL.BIND']);
        n.socket(3, 'seqpacket').ctl(3, 'bind alpha\n', ['NETFS.CTL.BIND']).ctl(3, 'listen 1\n', ['NETFS.BACKLOG']);
        n.p.slurp('/net/local/addrs', n.buf, BUF, ['NETFS.ADDRS']);
        n.p.expectBytes('/net/local/addrs', ['NETFS.ADDRS'], n.buf, bytesOf(checked(NETFS_ADDRS_GRAMMAR, 'zeta\nalpha\n')));
      }),
    }),
    netCase({
      id: 'addrs/empty-and-snapshot', description: 'addrs is empty with no listener; its content is fixed when opened, and a listener that ends leaves it',
      build: build((n) => {
        n.p.slurp('/net/local/addrs', n.buf, BUF, ['NETFS.ADDRS']);
        n.p.expectBytes('/net/local/addrs with no listener', ['NETFS.ADDRS'], n.buf, new Uint8Array(0));
        n.listener('gone');
        n.open('ad', '/net/local/addrs', O.RDONLY, ['NETFS.ADDRS']);
        n.close('1f', '1c');
        n.expectRead('ad', 'gone\n', ['NETFS.ADDRS']);
        n.p.slurp('/net/local/addrs', n.buf, BUF, ['NETFS.ADDRS']);
        n.p.expectBytes('a new open of addrs', ['NETFS.ADDRS', 'NETFS.LIFETIME.END'], n.buf, new Uint8Array(0));
      }),
    }),
  ];
}

interface AccessRow {
  readonly path: string;
  readonly flags: number;
  readonly mode: string;
}

const DENIED: readonly AccessRow[] = [
  { path: '/net/local/stream', flags: O.WRONLY, mode: 'O_WRONLY' },
  { path: '/net/local/seqpacket', flags: O.RDWR, mode: 'O_RDWR' },
  { path: '/net/local/addrs', flags: O.WRONLY, mode: 'O_WRONLY' },
  { path: '/net/local/1/ctl', flags: O.RDONLY, mode: 'O_RDONLY' },
  { path: '/net/local/1/ctl', flags: O.RDWR, mode: 'O_RDWR' },
];

interface TreeRow {
  readonly name: string;
  readonly what: string;
  readonly call: (n: Net) => void;
}

const TREE: readonly TreeRow[] = [
  { name: 'open-creat', what: 'open /net/local/new O_CREAT', call: (n) => void n.p.sys('open', n.p.str('/net/local/new'), O.CREAT | O.WRONLY, 0o644) },
  { name: 'open-trunc', what: 'open /net/local/1/data O_RDWR|O_TRUNC', call: (n) => void n.p.sys('open', n.p.str('/net/local/1/data'), O.RDWR | O.TRUNC, 0) },
  { name: 'mkdir', what: 'mkdir /net/local/9', call: (n) => void n.p.sys('mkdir', n.p.str('/net/local/9'), 0o755) },
  { name: 'unlink', what: 'unlink /net/local/1/data', call: (n) => void n.p.sys('unlink', n.p.str('/net/local/1/data')) },
  { name: 'rmdir', what: 'rmdir /net/local/1', call: (n) => void n.p.sys('rmdir', n.p.str('/net/local/1')) },
  { name: 'rename', what: 'rename /net/local/1 to /net/local/2', call: (n) => void n.p.sys('rename', n.p.str('/net/local/1'), n.p.str('/net/local/2')) },
  { name: 'chmod', what: 'chmod /net/local/1/ctl', call: (n) => void n.p.sys('chmod', n.p.str('/net/local/1/ctl'), 0o666) },
  { name: 'chown', what: 'chown /net/local/stream', call: (n) => void n.p.sys('chown', n.p.str('/net/local/stream'), 2) },
  {
    name: 'ftruncate', what: 'ftruncate of a data handle', call: (n) => {
      n.open('d', '/net/local/1/data', O.RDWR, ['NETFS.DATA']);
      n.p.sys('ftruncate', n.h('d'), 0);
    },
  },
];

function accessCases(): CaseDef[] {
  return [
    ...DENIED.map((r) => netCase({
      id: `access/${r.path.split('/').pop()}-${r.mode.toLowerCase().replace('_', '-')}`,
      description: `opening ${r.path} ${r.mode} fails EACCES: the file does not offer that access mode`,
      build: build((n) => {
        n.socket(1);
        n.p.sys('open', n.p.str(r.path), r.flags, 0);
        n.p.expectErrno(`open ${r.path} ${r.mode} fails EACCES`, ['NETFS.ACCESS'], 'EACCES');
      }),
    })),
    netCase({
      id: 'access/rights', description: 'a ctl handle is write-only (read fails EBADF); a factory handle read-only (write fails EBADF); lseek on a data handle fails ESPIPE',
      build: build((n) => {
        n.socket(1).open('c', '/net/local/1/ctl', O.WRONLY, ['NETFS.ACCESS']).open('d', '/net/local/1/data', O.RDWR, ['NETFS.ACCESS']);
        n.p.sys('read', n.h('c'), n.buf, 1);
        n.p.expectErrno('read on ctl fails EBADF', ['NETFS.ACCESS', 'FD.RIGHTS.MISSING'], 'EBADF');
        n.write('1f', 'x');
        n.p.expectErrno('write on a factory handle fails EBADF', ['NETFS.ACCESS', 'FD.RIGHTS.MISSING'], 'EBADF');
        n.p.sys('lseek', n.h('d'), 0, 0);
        n.p.expectErrno('lseek on data fails ESPIPE', ['NETFS.ACCESS', 'FD.KIND.WRONG'], 'ESPIPE');
      }),
    }),
    netCase({
      id: 'access/user', description: 'the seeded user (capFsRead, capTmpWrite, no capNet) uses local sockets',
      boot: bootAs(USER),
      build: build((n) => {
        n.connected();
        n.write('c', 'u');
        n.expectRead('s', 'u', ['NETFS.ACCESS', 'NETFS.DATA']);
      }),
    }),
    netCase({
      id: 'access/no-fsread', description: 'without capFsRead a factory cannot be opened (EACCES, checked before the path)',
      boot: { identity: { principal: 2, session: 2, caps: constValue('CAPABILITIES', 'capTmpWrite') } },
      build: build((n) => {
        n.p.sys('open', n.p.str('/net/local/stream'), O.RDONLY, 0);
        n.p.expectErrno('open /net/local/stream fails EACCES', ['NETFS.ACCESS', 'FS.OPEN.CAP.READ'], 'EACCES');
      }),
    }),
    ...TREE.map((t) => netCase({
      id: `tree/${t.name}`, description: `${t.what} fails EROFS: only the kernel changes /net`,
      build: build((n) => {
        n.socket(1);
        t.call(n);
        n.p.expectErrno(`${t.what} fails EROFS`, ['NETFS.TREE'], 'EROFS');
      }),
    })),
  ];
}

export function netfsCases(): CaseDef[] {
  return [...pathCases(), ...ctlCases(), ...dataCases(), ...nonblockCases(), ...addrsCases(), ...accessCases()];
}
