// The moved handle against the endpoint it travels on: handle_fd equal to the call's own endpoint
// handle is a bad handle (IPC.XFER.BADFD, EBADF), which wins over IPC.XFER.SELF; any other handle
// naming the same endpoint (its other end, a second send end from name_lookup) is EINVAL
// (IPC.XFER.SELF). A refused move changes nothing: the handles stay usable.

import type { CaseDef } from '../../model.js';
import type { CaseProgram, Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, callRec, recvRec, replyRecvRec, sendRec, store32 } from './kit.js';

const BOTH = ['IPC.XFER.BADFD', 'IPC.XFER.SELF'];

/** endpoint_create into two variables: the send end and the receive end. */
function endpointPair(p: CaseProgram): { s: Reg; r: Reg } {
  const ends = p.space(8, 8);
  p.sys('endpoint_create', ends).expectEq('endpoint_create returns 0', ['IPC.ENDPOINT.CREATE'], 0);
  const s = p.variable();
  const r = p.variable();
  p.loadInt(s, ends).loadInt(r, ends + 4);
  return { s, r };
}

/** The handle stays usable: a plain message goes out on `s` and arrives on `r`. */
function stillWorks(p: CaseProgram, s: Reg, r: Reg): void {
  p.sys('ipc_send', s, sendRec(p, { data: 'ok' }).rec).expectEq('a plain ipc_send afterwards returns 0', ['IPC.SEND.ATOMIC'], 0);
  p.sys('ipc_recv', r, recvRec(p, { cap: 8 }).rec).expectEq('ipc_recv gets the 2 bytes', ['IPC.SEND.BYTES'], 2);
}

function xferCase(id: string, description: string, body: (p: CaseProgram) => void): CaseDef {
  return derivedCase(AREA, { id: `xfer-own-handle/${id}`, description, clauses: BOTH, build: ({ p }) => body(p) });
}

export function xferOwnHandleCases(): CaseDef[] {
  return [
    xferCase('send-own-fd', 'ipc_send(s, handle_fd = s): the call\'s own endpoint handle is EBADF (IPC.XFER.BADFD wins over IPC.XFER.SELF); s still sends', (p) => {
      const { s, r } = endpointPair(p);
      const rec = sendRec(p, { data: 'x' });
      store32(p, s, rec.handleAt);
      p.sys('ipc_send', s, rec.rec).expectErrno('ipc_send fails EBADF', BOTH, 'EBADF');
      stillWorks(p, s, r);
    }),
    xferCase('send-recv-end', 'ipc_send(s, handle_fd = the receive end of the same endpoint) is EINVAL (IPC.XFER.SELF); both ends still work', (p) => {
      const { s, r } = endpointPair(p);
      const rec = sendRec(p, { data: 'x' });
      store32(p, r, rec.handleAt);
      p.sys('ipc_send', s, rec.rec).expectErrno('ipc_send fails EINVAL', ['IPC.XFER.SELF'], 'EINVAL');
      stillWorks(p, s, r);
    }),
    xferCase('send-second-send-end', 'a second send end from name_lookup is another handle of the same endpoint: moving it through the first is EINVAL, moving it through itself EBADF', (p) => {
      const { s, r } = endpointPair(p);
      p.sys('name_register', p.str('own'), r).expectEq('name_register returns 0', ['IPC.NAME.REGISTER'], 0);
      const s2 = p.variable();
      p.sys('name_lookup', p.str('own')).save(s2);
      p.expectOk('name_lookup returns a send end', ['IPC.NAME.LOOKUP']);
      const viaFirst = sendRec(p, { data: 'x' });
      store32(p, s2, viaFirst.handleAt);
      p.sys('ipc_send', s, viaFirst.rec).expectErrno('moving it through the first send end fails EINVAL', ['IPC.XFER.SELF'], 'EINVAL');
      const viaItself = sendRec(p, { data: 'x' });
      store32(p, s2, viaItself.handleAt);
      p.sys('ipc_send', s2, viaItself.rec).expectErrno('moving it through itself fails EBADF', BOTH, 'EBADF');
      stillWorks(p, s2, r);
    }),
    xferCase('call-own-fd', 'ipc_call(s, handle_fd = s) is EBADF before anything is sent; s still sends', (p) => {
      const { s, r } = endpointPair(p);
      const rec = callRec(p, { data: 'x' });
      store32(p, s, rec.handleAt);
      p.sys('ipc_call', s, rec.rec).expectErrno('ipc_call fails EBADF', [...BOTH, 'IPC.MSG.ORDER'], 'EBADF');
      stillWorks(p, s, r);
    }),
    xferCase('reply-own-fd', 'ipc_reply_recv(r, reply_port = a made-up token, reply_handle_fd = r): the handle is checked before the token: EBADF', (p) => {
      const { s, r } = endpointPair(p);
      const rec = replyRecvRec(p, { token: 0x1234_0001n, data: 'x' });
      store32(p, r, rec.handleAt);
      p.sys('ipc_reply_recv', r, rec.rec).expectErrno('ipc_reply_recv fails EBADF', [...BOTH, 'IPC.MSG.ORDER'], 'EBADF');
      stillWorks(p, s, r);
    }),
    xferCase('reply-send-end', 'ipc_reply_recv(r, reply_port = a made-up token, reply_handle_fd = the send end of the same endpoint) is EINVAL (IPC.XFER.SELF), before the token', (p) => {
      const { s, r } = endpointPair(p);
      const rec = replyRecvRec(p, { token: 0x1234_0001n, data: 'x' });
      store32(p, s, rec.handleAt);
      p.sys('ipc_reply_recv', r, rec.rec).expectErrno('ipc_reply_recv fails EINVAL', ['IPC.XFER.SELF', 'IPC.MSG.ORDER'], 'EINVAL');
      stillWorks(p, s, r);
    }),
  ];
}
