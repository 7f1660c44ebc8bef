// The objects behind /net handles. They are files (kind `file`, fstat reports their node) whose
// reads and writes go to a local socket; each handle object holds its socket (NETFS.LIFETIME).

import { accepts, constValue, NETFS_CTL_GRAMMAR } from '../../../spec/index.js';
import type { SyscallContext } from '../handlers/context.js';
import type { Handle } from '../handles.js';
import { FileObject } from '../objects/file.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { OpenFile } from '../vfs/index.js';
import type { LocalFamily, LocalSocket, NetResult } from './local.js';

const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');
const POLLIN = constValue('POLL_EVENTS', 'POLLIN');
const POLLOUT = constValue('POLL_EVENTS', 'POLLOUT');
const POLLHUP = constValue('POLL_EVENTS', 'POLLHUP');
const SIGPIPE = constValue('SIGNALS', 'SIGPIPE');
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** A handle's hold on a socket: the first handle naming the object holds it, the last lets go. */
abstract class SocketFile extends FileObject {
  private handles = 0;

  constructor(of: OpenFile, protected readonly family: LocalFamily, readonly socket: LocalSocket) {
    super(of);
  }

  override retain(): void {
    super.retain();
    if (this.handles++ === 0) this.family.hold(this.socket);
  }

  override release(): void {
    super.release();
    if (--this.handles === 0) this.family.drop(this.socket);
  }

  /** Fails EAGAIN when the handle is non-blocking (NETFS.NONBLOCK), else blocks on the result's queue. */
  protected wait(ctx: SyscallContext, r: NetResult<unknown> & { ok: 'wait' }): HandlerResult {
    if ((this.statusFlags & O_NONBLOCK) !== 0) return fail('EAGAIN', 'NETFS.NONBLOCK');
    return ctx.kernel.block(ctx.thread, r.queue);
  }
}

/** What opening a factory returns: reads give the socket id as decimal text and a newline (NETFS.FACTORY). */
export class FactoryFile extends SocketFile {
  private offset = 0;

  override readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    const text = new TextEncoder().encode(`${this.socket.id}\n`);
    const part = text.subarray(this.offset, this.offset + length);
    if (part.length > 0 && !ctx.process.space.copyOut(addr, part)) return fail('EFAULT', 'ABI.FAULT');
    this.offset += part.length;
    return ok(part.length, part.length > 0 ? 'NETFS.FACTORY' : 'FD.READ.EOF');
  }
}

/** ctl: one command per write (NETFS.CTL). */
export class CtlFile extends SocketFile {
  override writeFrom(_ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    if (!accepts(NETFS_CTL_GRAMMAR, bytes)) return fail('EINVAL', 'NETFS.CTL.FORMAT');
    const [verb, arg] = latin1(bytes.subarray(0, bytes.length - 1)).split(' ') as [string, string];
    const r = verb === 'bind' ? this.family.bind(this.socket, arg)
      : verb === 'listen' ? this.family.listen(this.socket, Number(arg))
        : this.family.connect(this.socket, arg);
    if (r.ok === true) return ok(bytes.length, r.clause);
    if (r.ok === false) return fail(r.errno, r.clause);
    return fail('EINVAL', 'NETFS.CTL');
  }
}

/** data (and what accept returns): receive and send (NETFS.DATA). */
export class DataFile extends SocketFile {
  override pollEvents(): number {
    const s = this.socket;
    if (s.state === 'listening') return s.pending.length > 0 ? POLLIN : 0;
    if (s.state !== 'connected') return 0;
    let events = s.hasData || s.peerGone ? POLLIN : 0;
    if (s.peerGone) events |= POLLHUP;
    else if (s.peer !== null && s.peer.room > 0) events |= POLLOUT;
    return events;
  }

  override readInto(ctx: SyscallContext, _handle: Handle, addr: number, length: number): HandlerResult {
    const r = this.family.recv(this.socket, length);
    if (r.ok === 'wait') return this.wait(ctx, r);
    if (r.ok === false) return fail(r.errno, r.clause);
    if (r.value.length > 0 && !ctx.process.space.copyOut(addr, r.value)) return fail('EFAULT', 'ABI.FAULT');
    return ok(r.value.length, r.clause);
  }

  override writeFrom(ctx: SyscallContext, _handle: Handle, bytes: Uint8Array): HandlerResult {
    const r = this.family.send(this.socket, bytes);
    if (r.ok === 'wait') return this.wait(ctx, r);
    if (r.ok === false) {
      // As a pipe with no reader: raised like any signal (FD.PIPE.SIGPIPE), then EPIPE.
      if (r.errno === 'EPIPE') ctx.kernel.signal(ctx.process, SIGPIPE);
      return fail(r.errno, r.clause);
    }
    return ok(r.value, r.clause);
  }
}
