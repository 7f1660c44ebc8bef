// The name registry: name_register publishes a receive end (capConsole), name_lookup grants a
// fresh send end to anyone; names are 1..15 bytes, 8 slots, re-registration replaces, the
// registry pins the endpoint.

import { constValue } from '../../../spec/index.js';
import type { BootSpec, CaseDef } from '../../model.js';
import { Reg, type CaseProgram } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import { endpoint, pollEvents, recvExpect } from './endpoint.js';
import { UNMAPPED } from './failures.js';
import { AREA, fdPair, fork, hex, neg, R, recvRec, sendRec, store32 } from './kit.js';

const NAME_MAX = constValue('LIMITS', 'SERVICE_NAME_MAX');
const NAME_SLOTS = 8; // IPC.NAME.FULL
const CAP_CONSOLE = constValue('CAPABILITIES', 'capConsole');
const ROOT_CAPS = 0x3f;
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const enc = new TextEncoder();

function simple(id: string, description: string, body: (p: CaseProgram, b: CaseBuild) => void, boot?: BootSpec): CaseDef {
  return derivedCase(AREA, { id: `name/${id}`, description, ...(boot ? { boot } : {}), build: (b) => body(b.p, b) });
}

const ROUNDTRIP: readonly string[] = ['a', 'svc', 'x.y-z_1', 'abcdefghijklmno', 'UPPER', '0123456789', 'with space', '/slash/'];

function roundtripCases(): CaseDef[] {
  return ROUNDTRIP.map((name, i) => simple(`roundtrip/${i}-len${name.length}`,
    `a receive end registered as "${name}" (${name.length} bytes) is found by name_lookup, whose send end reaches it`,
    (p) => {
      const s = p.variable();
      const r = p.variable();
      const l = p.variable();
      endpoint(p, s, r);
      const nm = p.str(name);
      p.sys('name_register', nm, r);
      p.expectEq('name_register returns 0', ['IPC.NAME.REGISTER'], 0);
      p.sys('name_lookup', p.str(name)).save(l);
      p.expectEq('name_lookup returns the lowest free number, 5', ['IPC.NAME.LOOKUP', 'FD.ALLOC.LOWEST'], 5, l);
      const data = enc.encode(`to ${name}`);
      p.sys('ipc_send', l, sendRec(p, { data }).rec);
      p.expectEq('ipc_send through the looked-up end returns 0', ['IPC.NAME.LOOKUP', 'IPC.NAME.SENDONLY'], 0);
      recvExpect(p, r, data, ['IPC.NAME.REGISTER', 'IPC.NAME.LOOKUP']);
    }));
}

function unknownCases(): CaseDef[] {
  const variants: { name: string; registered: string | null; lookup: string }[] = [
    { name: 'empty-registry', registered: null, lookup: 'nobody' },
    { name: 'prefix', registered: 'service', lookup: 'serv' },
    { name: 'extension', registered: 'service', lookup: 'services' },
    { name: 'other', registered: 'service', lookup: 'another' },
    { name: 'one-char-off', registered: 'service', lookup: 'servicf' },
  ];
  return variants.map((v) => simple(`unknown/${v.name}`,
    `name_lookup("${v.lookup}")${v.registered ? ` with only "${v.registered}" registered` : ' with nothing registered'} fails ENOENT`,
    (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      if (v.registered) {
        p.sys('name_register', p.str(v.registered), r);
        p.expectEq('name_register returns 0', ['IPC.NAME.REGISTER'], 0);
      }
      p.sys('name_lookup', p.str(v.lookup));
      p.expectErrno('name_lookup fails ENOENT', ['IPC.NAME.UNKNOWN'], 'ENOENT');
    }));
}

function lengthCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const op of ['register', 'lookup'] as const) {
    for (const len of [0, NAME_MAX + 1, NAME_MAX + 2, 64]) {
      out.push(simple(`length/${op}-${len}`,
        `name_${op} with a ${len}-byte name fails EINVAL`,
        (p) => {
          const s = p.variable();
          const r = p.variable();
          endpoint(p, s, r);
          const nm = p.str('n'.repeat(len));
          if (op === 'register') p.sys('name_register', nm, r);
          else p.sys('name_lookup', nm);
          p.expectErrno(`name_${op} fails EINVAL`, [len === 0 ? 'ABI.STRING.EMPTY' : 'ABI.STRING.TOOLONG'], 'EINVAL');
        }));
    }
    out.push(simple(`length/${op}-unmapped`, `name_${op} with an unmapped name pointer fails EFAULT`, (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      if (op === 'register') p.sys('name_register', UNMAPPED, r);
      else p.sys('name_lookup', UNMAPPED);
      p.expectErrno(`name_${op} fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
    }));
  }
  out.push(simple('length/max', `a ${NAME_MAX}-byte name registers and looks up`, (p) => {
    const s = p.variable();
    const r = p.variable();
    endpoint(p, s, r);
    const nm = p.str('m'.repeat(NAME_MAX));
    p.sys('name_register', nm, r);
    p.expectEq('name_register returns 0', ['IPC.NAME.REGISTER', 'ABI.STRING.TOOLONG'], 0);
    p.sys('name_lookup', nm);
    p.expectOk('name_lookup returns a handle', ['IPC.NAME.LOOKUP']);
  }));
  return out;
}

function replaceCases(): CaseDef[] {
  return [
    simple('replace', 'registering a name again replaces the entry: lookups then reach the new receive end only', (p) => {
      const s1 = p.variable();
      const r1 = p.variable();
      const s2 = p.variable();
      const r2 = p.variable();
      const l = p.variable();
      endpoint(p, s1, r1);
      endpoint(p, s2, r2, 'a second endpoint_create returns 0');
      const nm = p.str('twice');
      p.sys('name_register', nm, r1);
      p.sys('name_register', nm, r2);
      p.expectEq('the second name_register returns 0', ['IPC.NAME.REPLACE'], 0);
      p.sys('name_lookup', nm).save(l);
      p.sys('ipc_send', l, sendRec(p, { data: 'new' }).rec);
      p.expectEq('the send returns 0', ['IPC.NAME.LOOKUP'], 0);
      pollEvents(p, r1, POLLIN);
      p.expectEq('the old receive end has nothing', ['IPC.NAME.REPLACE', 'FD.POLL.ENDPOINT'], 0);
      recvExpect(p, r2, enc.encode('new'), ['IPC.NAME.REPLACE']);
    }),
    simple('full', `${NAME_SLOTS} names fit; a ${NAME_SLOTS + 1}th fails ENOSPC and is not found; re-registering an existing name still works`, (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      for (let i = 0; i < NAME_SLOTS; i++) {
        p.sys('name_register', p.str(`slot${i}`), r);
        p.expectEq(`name ${i + 1} of ${NAME_SLOTS} registers`, ['IPC.NAME.REGISTER'], 0);
      }
      const extra = p.str(`slot${NAME_SLOTS}`);
      p.sys('name_register', extra, r);
      p.expectErrno(`name ${NAME_SLOTS + 1} fails ENOSPC`, ['IPC.NAME.FULL'], 'ENOSPC');
      p.sys('name_lookup', extra);
      p.expectErrno('it is not registered', ['IPC.NAME.FULL', 'IPC.NAME.UNKNOWN'], 'ENOENT');
      p.sys('name_register', p.str('slot3'), r);
      p.expectEq('re-registering an existing name returns 0', ['IPC.NAME.REPLACE', 'IPC.NAME.FULL'], 0);
      p.sys('name_lookup', p.str('slot7'));
      p.expectOk('the last registered name is found', ['IPC.NAME.LOOKUP']);
    }),
  ];
}

function pinCases(): CaseDef[] {
  return [
    simple('pin/close', 'after the publisher closes its receive end the registered endpoint stays alive: lookup works and sends return 0, not EPIPE', (p) => {
      const s = p.variable();
      const r = p.variable();
      const l = p.variable();
      endpoint(p, s, r);
      const nm = p.str('pinned');
      p.sys('name_register', nm, r);
      p.sys('close', r);
      p.sys('ipc_send', s, sendRec(p, { data: 'a' }).rec);
      p.expectEq('ipc_send on the original send end returns 0', ['IPC.NAME.PIN'], 0);
      p.sys('name_lookup', nm).save(l);
      p.expectOk('name_lookup still works', ['IPC.NAME.PIN', 'IPC.NAME.LOOKUP'], l);
      pollEvents(p, l, 8 /* POLLERR is reported unasked */);
      p.expectEq('the looked-up end does not report POLLERR: a receiver exists', ['IPC.NAME.PIN', 'FD.POLL.ENDPOINT'], 0);
    }),
    simple('pin/publisher-exits', 'a name published by a child that then exits still leads to a live endpoint', (p) => {
      const pid = p.variable();
      const l = p.variable();
      const pair = fdPair(p);
      fork(p, () => {
        p.sys('endpoint_create', pair);
        p.loadInt(l, pair + 4);
        p.sys('name_register', p.str('orphan'), l);
        p.exit(new Reg(0));
      });
      p.save(pid);
      const st = p.space(8, 8);
      p.sys('waitpid', pid, st, 0);
      p.loadInt(11, st);
      p.expectEq('the child registered the name (exit 0)', ['IPC.NAME.REGISTER', 'PROC.WAIT.STATUS'], 0, 11);
      p.sys('name_lookup', p.str('orphan')).save(l);
      p.expectOk('name_lookup finds it', ['IPC.NAME.PIN', 'IPC.NAME.LOOKUP'], l);
      p.sys('ipc_send', l, sendRec(p, { data: 'x' }).rec);
      p.expectEq('ipc_send returns 0: the endpoint has a receiver', ['IPC.NAME.PIN'], 0);
    }),
  ];
}

/** Boot identities without capConsole. */
const NO_CONSOLE: readonly { name: string; caps: number; principal: number }[] = [
  { name: 'none', caps: 0, principal: 1 },
  { name: 'all-but-console', caps: ROOT_CAPS & ~CAP_CONSOLE, principal: 1 },
  { name: 'spawn-fsread', caps: constValue('CAPABILITIES', 'capSpawn') | constValue('CAPABILITIES', 'capFsRead'), principal: 2 },
];

function capCases(): CaseDef[] {
  const out: CaseDef[] = NO_CONSOLE.map((id) => simple(`cap/without-console-${id.name}`,
    `booted with caps ${hex(id.caps)} (no capConsole): name_register fails EACCES, before its arguments are checked; name_lookup needs no capability`,
    (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('name_register', p.str('svc'), r);
      p.expectErrno('name_register fails EACCES', ['IPC.NAME.CAP', 'SEC.CAP.ERRNO'], 'EACCES');
      p.sys('name_register', p.str(''), 99);
      p.expectErrno('with an empty name and a closed handle it still fails EACCES', ['IPC.NAME.CAP', 'ABI.CHECK.ORDER'], 'EACCES');
      p.sys('name_lookup', p.str('svc'));
      p.expectErrno('name_lookup answers ENOENT, not EACCES', ['IPC.NAME.SENDONLY', 'IPC.NAME.UNKNOWN'], 'ENOENT');
    }, { identity: { principal: id.principal, session: id.principal, caps: id.caps } }));
  out.push(simple('cap/console-only', 'booted with capConsole alone, name_register and name_lookup work', (p) => {
    const s = p.variable();
    const r = p.variable();
    endpoint(p, s, r);
    p.sys('name_register', p.str('svc'), r);
    p.expectEq('name_register returns 0', ['IPC.NAME.CAP', 'IPC.NAME.REGISTER'], 0);
    p.sys('name_lookup', p.str('svc'));
    p.expectOk('name_lookup returns a handle', ['IPC.NAME.LOOKUP'], 0);
  }, { identity: { principal: 1, session: 1, caps: CAP_CONSOLE } }));
  out.push(simple('cap/lookup-after-login', 'a child that dropped every capability (login with caps 0) can look up a name but not register one', (p) => {
    const s = p.variable();
    const r = p.variable();
    const pid = p.variable();
    const l = p.variable();
    endpoint(p, s, r);
    const nm = p.str('public');
    p.sys('name_register', nm, r);
    p.expectEq('init registers the name', ['IPC.NAME.REGISTER'], 0);
    const results = p.space(24, 8);
    const pipe = fdPair(p);
    p.sys('pipe', pipe);
    const w = p.variable();
    p.loadInt(w, pipe + 4);
    const rec = sendRec(p, { data: 'from child' }).rec;
    fork(p, () => {
      p.sys('login', 1, 1, 0);
      p.sys('name_lookup', nm).save(l);
      store64at(p, l, results);
      p.sys('ipc_send', l, rec);
      store64at(p, new Reg(0), results + 8);
      p.sys('name_register', p.str('mine'), r);
      store64at(p, new Reg(0), results + 16);
      p.sys('write', w, results, 24);
      p.exit(0);
    });
    p.save(pid);
    p.sys('waitpid', pid, 0, 0);
    p.loadInt(11, pipe);
    p.sys('read', new Reg(11), results, 24);
    p.expectEq('the child reported 3 results', ['FD.PIPE.PARTIAL'], 24);
    p.load(11, results);
    p.expectCmp('its name_lookup returned a handle', ['IPC.NAME.SENDONLY', 'IPC.NAME.LOOKUP'], 'ge', 0, 11);
    p.load(11, results + 8);
    p.expectEq('its ipc_send through it returned 0', ['IPC.NAME.SENDONLY'], 0, 11);
    p.load(11, results + 16);
    p.expectEq('its name_register failed EACCES', ['IPC.NAME.CAP'], neg('EACCES'), 11);
    recvExpect(p, r, enc.encode('from child'), ['IPC.NAME.SENDONLY']);
  }));
  return out;
}

function store64at(p: CaseProgram, v: Reg, addr: number): void {
  p.a.movImm(9, addr).inst('STR_X_uoff', { Rt: v.n, Rn: 9, imm12: 0 });
}

function wrongFdCases(): CaseDef[] {
  return [
    simple('wrong-fd/pipe', 'name_register with a pipe read end fails EINVAL', (p) => {
      const pair = fdPair(p);
      p.sys('pipe', pair);
      p.sys('name_register', p.str('pipe'), 3);
      p.expectErrno('name_register fails EINVAL', ['FD.KIND.WRONG'], 'EINVAL');
    }),
    simple('wrong-fd/closed', 'name_register with a closed handle fails EBADF', (p) => {
      p.sys('name_register', p.str('closed'), 9);
      p.expectErrno('name_register fails EBADF', ['FD.BADF'], 'EBADF');
    }),
    simple('wrong-fd/no-read', 'name_register with a receive end that lacks READ fails EBADF', (p) => {
      const s = p.variable();
      const r = p.variable();
      const s2 = p.variable();
      const r2 = p.variable();
      endpoint(p, s, r);
      endpoint(p, s2, r2, 'a second endpoint_create returns 0');
      const m = sendRec(p, { data: 'a', rights: R.TRANSFER });
      store32(p, r2, m.handleAt);
      p.sys('ipc_send', s, m.rec);
      const rv = recvRec(p, { cap: 1 });
      p.sys('ipc_recv', r, rv.rec);
      p.loadInt(r2, rv.outFd);
      p.sys('name_register', p.str('noread'), r2);
      p.expectErrno('name_register fails EBADF', ['FD.RIGHTS.MISSING', 'IPC.RECV.RIGHT'], 'EBADF');
    }),
  ];
}

function freshCases(): CaseDef[] {
  return [simple('lookup-fresh', 'each name_lookup returns a new send end: closing one leaves the other working', (p) => {
    const s = p.variable();
    const r = p.variable();
    const a = p.variable();
    const b = p.variable();
    endpoint(p, s, r);
    const nm = p.str('fresh');
    p.sys('name_register', nm, r);
    p.sys('name_lookup', nm).save(a);
    p.sys('name_lookup', nm).save(b);
    p.expectEq('the first lookup is at 5', ['IPC.NAME.LOOKUP', 'FD.ALLOC.LOWEST'], 5, a);
    p.expectEq('the second lookup is a different handle, at 6', ['IPC.NAME.LOOKUP', 'FD.ALLOC.LOWEST'], 6, b);
    p.sys('close', a);
    p.sys('ipc_send', b, sendRec(p, { data: 'still' }).rec);
    p.expectEq('the second still sends', ['IPC.NAME.LOOKUP'], 0);
    recvExpect(p, r, enc.encode('still'), ['IPC.NAME.LOOKUP']);
    p.sys('close', b);
    p.sys('close', s);
    p.sys('ipc_recv', r, recvRec(p, { cap: 1 }).rec);
    p.expectErrno('with every send end closed the receive fails EPIPE', ['IPC.RECV.EOF'], 'EPIPE');
  })];
}

export function nameCases(): CaseDef[] {
  return [
    ...roundtripCases(), ...unknownCases(), ...lengthCases(), ...replaceCases(), ...pinCases(), ...capCases(), ...wrongFdCases(),
    ...freshCases(),
  ];
}
