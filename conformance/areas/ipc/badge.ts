// Endpoint badges: ipc_badge stamps a 32-bit value on one send-end handle; the badged receive
// reports it; it travels with the handle through moves; only send ends take one.

import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase, type CaseBuild } from '../../program/derived-case.js';
import { endpoint } from './endpoint.js';
import {
  AREA, BADGE_SENTINEL, callRec, copy64, expectSame, fork, hex, loadU32, R, recvRec, replyRecvRec, sendRec, store32,
} from './kit.js';
import { KINDS } from './kinds.js';

function simple(id: string, description: string, body: (p: CaseProgram, b: CaseBuild) => void): CaseDef {
  return derivedCase(AREA, { id: `badge/${id}`, description, build: (b) => body(b.p, b) });
}

/** Receives one message on `r` with out_badge set and checks the badge. */
function expectBadge(p: CaseProgram, r: Reg | number, badge: number, text: string, clauses: readonly string[]): void {
  const rv = recvRec(p, { cap: 8, badge: true });
  p.sys('ipc_recv', r, rv.rec);
  p.expectOk('the badged ipc_recv succeeds', ['IPC.BADGE.REPORT']);
  loadU32(p, 11, rv.outBadge);
  p.expectEq(text, ['IPC.BADGE.REPORT', ...clauses], badge >>> 0, 11);
}

const VALUES: readonly bigint[] = [
  0n, 1n, 2n, 0xffn, 0x7fff_ffffn, 0x8000_0000n, 0xdead_beefn, 0xffff_fffen, 0xffff_ffffn, 0x1_0000_0007n, 0xffff_ffff_0000_0000n,
  0x8000_0000_0000_0001n,
];

function valueCases(): CaseDef[] {
  return VALUES.map((v) => {
    const low = Number(v & 0xffff_ffffn);
    const wide = v > 0xffff_ffffn;
    return simple(`value/${v.toString(16)}`,
      `ipc_badge(send end, ${hex(v)}) returns 0 and the badged receive reports ${hex(low)}${wide ? ' (the low 32 bits of the register)' : ''}`,
      (p) => {
        const s = p.variable();
        const r = p.variable();
        endpoint(p, s, r);
        p.sys('ipc_badge', s, v);
        p.expectEq('ipc_badge returns 0', ['IPC.BADGE.STAMP', ...(wide ? ['ABI.ARGS.UNUSED'] : [])], 0);
        p.sys('ipc_send', s, sendRec(p, { data: 'b' }).rec);
        expectBadge(p, r, low, `out_badge is ${hex(low)}`, low === 0 ? ['IPC.BADGE.DEFAULT'] : ['IPC.BADGE.STAMP']);
      });
  });
}

function stampCases(): CaseDef[] {
  return [
    simple('default', 'a new send end is unbadged: the badged receive reports 0', (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_send', s, sendRec(p, { data: 'b' }).rec);
      expectBadge(p, r, 0, 'out_badge is 0', ['IPC.BADGE.DEFAULT']);
    }),
    simple('clear', 'ipc_badge with 0 clears a badge', (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_badge', s, 9).sys('ipc_badge', s, 0);
      p.expectEq('ipc_badge(0) returns 0', ['IPC.BADGE.DEFAULT'], 0);
      p.sys('ipc_send', s, sendRec(p, { data: 'b' }).rec);
      expectBadge(p, r, 0, 'out_badge is 0 again', ['IPC.BADGE.DEFAULT']);
    }),
    simple('restamp', 'a second ipc_badge replaces the first', (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_badge', s, 5).sys('ipc_badge', s, 6);
      p.sys('ipc_send', s, sendRec(p, { data: 'b' }).rec);
      expectBadge(p, r, 6, 'out_badge is 6', ['IPC.BADGE.STAMP']);
    }),
    simple('null', 'a plain receive (out_badge NULL) takes a badged message and reports nothing; the next badged receive reports the badge', (p) => {
      const s = p.variable();
      const r = p.variable();
      endpoint(p, s, r);
      p.sys('ipc_badge', s, 0x55);
      p.sys('ipc_send', s, sendRec(p, { data: 'one' }).rec);
      const plain = recvRec(p, { cap: 8 });
      p.sys('ipc_recv', r, plain.rec);
      p.expectEq('the plain receive returns 3', ['IPC.BADGE.NULL'], 3);
      loadU32(p, 11, plain.outBadge);
      p.expectEq('its out_badge word (not passed) is untouched', ['IPC.BADGE.NULL'], BADGE_SENTINEL, 11);
      p.sys('ipc_send', s, sendRec(p, { data: 'two' }).rec);
      expectBadge(p, r, 0x55, 'the badged receive reports 0x55', ['IPC.BADGE.STAMP']);
    }),
    simple('per-handle', 'two send ends of one endpoint carry their own badges: each message reports its sender\'s', (p) => {
      const s = p.variable();
      const r = p.variable();
      const l = p.variable();
      endpoint(p, s, r);
      const nm = p.str('badged');
      p.sys('name_register', nm, r);
      p.sys('name_lookup', nm).save(l);
      p.expectOk('name_lookup returns a second send end', ['IPC.NAME.LOOKUP'], l);
      p.sys('ipc_badge', s, 0x111).sys('ipc_badge', l, 0x222);
      const msg = sendRec(p, { data: 'x' }).rec;
      p.sys('ipc_send', l, msg);
      expectBadge(p, r, 0x222, 'the message through the looked-up end reports 0x222', ['IPC.BADGE.CARRY']);
      p.sys('ipc_send', s, msg);
      expectBadge(p, r, 0x111, 'the message through the first end reports 0x111', ['IPC.BADGE.CARRY']);
      p.sys('ipc_badge', l, 0);
      p.sys('ipc_send', l, msg);
      expectBadge(p, r, 0, 'clearing one handle leaves the other', ['IPC.BADGE.CARRY', 'IPC.BADGE.DEFAULT']);
      p.sys('ipc_send', s, msg);
      expectBadge(p, r, 0x111, 'the first end still reports 0x111', ['IPC.BADGE.CARRY']);
    }),
  ];
}

/** ipc_badge on every other kind of handle fails EINVAL; on a send end it succeeds. */
function sendOnlyCases(): CaseDef[] {
  const out: CaseDef[] = KINDS.map((k) => {
    const sendEnd = k.handleKind === 'endpoint' && (k.held & R.WRITE) !== 0;
    return simple(`sendonly/${k.name}`,
      `ipc_badge on ${k.text} ${sendEnd ? 'returns 0' : 'fails EINVAL'}`,
      (p, ctx) => {
        ctx.file(...k.files);
        const x = p.variable();
        const t = p.variable();
        k.setup(p, x, t);
        p.sys('ipc_badge', x, 3);
        if (sendEnd) p.expectEq('ipc_badge returns 0', ['IPC.BADGE.STAMP', 'IPC.BADGE.SENDONLY'], 0);
        else p.expectErrno('ipc_badge fails EINVAL', ['IPC.BADGE.SENDONLY', 'FD.KIND.WRONG'], 'EINVAL');
      });
  });
  for (const [name, fd] of [['closed', 9], ['negative', -1], ['fdmax', 512]] as const) {
    out.push(simple(`badfd/${name}`, `ipc_badge on handle ${fd} fails EBADF`, (p) => {
      p.sys('ipc_badge', fd, 3);
      p.expectErrno('ipc_badge fails EBADF', ['FD.BADF'], 'EBADF');
    }));
  }
  return out;
}

/**
 * The badge travels with a moved send end: S2 (badged) moves through endpoint 1 and messages sent
 * through the moved handle still report it on endpoint 2.
 */
function carryCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const [name, mask] of [['inherit', 0xffff_ffff], ['attenuated', 0x22], ['twice', 0xffff_ffff]] as const) {
    out.push(simple(`carry/send-${name}`,
      `a badged send end moved through another endpoint (requested ${hex(mask)}${name === 'twice' ? ', twice' : ''}) keeps its badge`,
      (p) => {
        const s1 = p.variable();
        const r1 = p.variable();
        const s2 = p.variable();
        const r2 = p.variable();
        endpoint(p, s1, r1);
        endpoint(p, s2, r2, 'a second endpoint_create returns 0');
        p.sys('ipc_badge', s2, 0xbad9e);
        for (let hop = 0; hop < (name === 'twice' ? 2 : 1); hop++) {
          const m = sendRec(p, { data: 'h', rights: mask });
          store32(p, s2, m.handleAt);
          p.sys('ipc_send', s1, m.rec);
          p.expectEq('the badged send end moves', ['IPC.XFER.MOVE'], 0);
          const rv = recvRec(p, { cap: 1 });
          p.sys('ipc_recv', r1, rv.rec);
          p.loadInt(s2, rv.outFd);
        }
        p.sys('ipc_send', s2, sendRec(p, { data: 'b' }).rec);
        p.expectEq('a send through the moved handle returns 0', ['IPC.RECV.HANDLE'], 0);
        expectBadge(p, r2, 0xbad9e, 'the message reports the badge stamped before the move', ['IPC.BADGE.CARRY', 'IPC.RECV.HANDLE']);
      }));
  }
  out.push(simple('carry/call',
    'a badged send end moved by ipc_call to a server keeps its badge there',
    (p) => {
      const s1 = p.variable();
      const r1 = p.variable();
      const s2 = p.variable();
      const r2 = p.variable();
      const pid = p.variable();
      endpoint(p, s1, r1);
      endpoint(p, s2, r2, 'a second endpoint_create returns 0');
      p.sys('ipc_badge', s2, 0x7e57);
      const take = replyRecvRec(p, { recvCap: 8 });
      const answer = replyRecvRec(p, { recvCap: 8 });
      const msg = sendRec(p, { data: 'b' }).rec;
      fork(p, () => {
        p.sys('close', s1);
        p.sys('close', s2);
        p.sys('ipc_reply_recv', r1, take.rec);
        p.loadInt(pid, take.outFd);
        p.sys('ipc_send', pid, msg); // through the moved handle
        copy64(p, take.outToken, answer.tokenAt);
        p.sys('ipc_reply_recv', r1, answer.rec);
        p.exit(0);
      });
      p.save(pid);
      const c = callRec(p, { data: 'c', replyCap: 8 });
      store32(p, s2, c.handleAt);
      p.sys('ipc_call', s1, c.rec);
      p.expectEq('the call returns the empty reply', ['IPC.CALL.REPLY'], 0);
      expectBadge(p, r2, 0x7e57, 'the server\'s message reports the caller\'s badge', ['IPC.BADGE.CARRY', 'IPC.CALL.XFER']);
      p.sys('close', s1);
      p.sys('waitpid', pid, 0, 0);
      expectSame(p, 'the server is reaped', ['PROC.WAIT.REAP'], 0, pid);
    }));
  out.push(simple('carry/reply',
    'a badged send end moved in a reply keeps its badge in the caller',
    (p) => {
      const s1 = p.variable();
      const r1 = p.variable();
      const s2 = p.variable();
      const r2 = p.variable();
      const pid = p.variable();
      const moved = p.variable();
      endpoint(p, s1, r1);
      endpoint(p, s2, r2, 'a second endpoint_create returns 0');
      p.sys('ipc_badge', s2, 0x5e4);
      const c = callRec(p, { data: 'c', replyCap: 8 });
      const msg = sendRec(p, { data: 'b' }).rec;
      const done = sendRec(p, { data: 'd' }).rec;
      fork(p, () => {
        p.sys('close', r1);
        p.sys('close', s2);
        p.sys('ipc_call', s1, c.rec);
        p.loadInt(moved, c.outFd);
        p.sys('ipc_send', moved, msg);
        p.sys('ipc_send', s1, done);
        p.exit(0);
      });
      p.save(pid);
      p.sys('close', s1);
      const take = replyRecvRec(p, { recvCap: 8 });
      const answer = replyRecvRec(p, { recvCap: 8 });
      p.sys('ipc_reply_recv', r1, take.rec);
      copy64(p, take.outToken, answer.tokenAt);
      store32(p, s2, answer.handleAt);
      p.sys('ipc_reply_recv', r1, answer.rec);
      p.expectEq('the reply goes out and the caller\'s done message comes back', ['IPC.REPLY.ORDER'], 1);
      expectBadge(p, r2, 0x5e4, 'the caller\'s message reports the server\'s badge', ['IPC.BADGE.CARRY', 'IPC.CALL.XFER']);
      p.sys('waitpid', pid, 0, 0);
      expectSame(p, 'the caller is reaped', ['PROC.WAIT.REAP'], 0, pid);
    }));
  out.push(simple('carry/not-endpoint',
    'moving a badged send end away leaves the endpoint unbadged for its other send ends',
    (p) => {
      const s1 = p.variable();
      const r1 = p.variable();
      const s2 = p.variable();
      const r2 = p.variable();
      const l = p.variable();
      endpoint(p, s1, r1);
      endpoint(p, s2, r2, 'a second endpoint_create returns 0');
      const nm = p.str('carry');
      p.sys('name_register', nm, r2);
      p.sys('ipc_badge', s2, 0x99);
      const m = sendRec(p, { data: 'h' });
      store32(p, s2, m.handleAt);
      p.sys('ipc_send', s1, m.rec);
      p.sys('name_lookup', nm).save(l);
      p.sys('ipc_send', l, sendRec(p, { data: 'b' }).rec);
      expectBadge(p, r2, 0, 'a fresh send end of the same endpoint is unbadged', ['IPC.BADGE.CARRY', 'IPC.BADGE.DEFAULT']);
    }));
  return out;
}

export function badgeCases(): CaseDef[] {
  return [...valueCases(), ...stampCases(), ...sendOnlyCases(), ...carryCases()];
}

