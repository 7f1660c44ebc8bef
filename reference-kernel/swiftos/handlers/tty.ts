// Terminal attributes and pseudo-terminals.
import { constValue, DEFAULT_HANDLE_RIGHTS, encodeLayout, layout, rightsMask, decodeLayout } from '../../../spec/index.js';
import { Console } from '../console.js';
import type { KObject } from '../handles.js';
import { fail, ok, type HandlerResult } from '../result.js';
import { allocPty, isPtyEnd, type LineDiscipline } from '../tty/index.js';
import type { Handler, SyscallContext } from './context.js';

const TERMIOS = layout('termios');
const INT32 = layout('int32');
const TCSANOW = constValue('TCSETATTR_ACTIONS', 'TCSANOW');
const TCSAFLUSH = constValue('TCSETATTR_ACTIONS', 'TCSAFLUSH');
const MASTER_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'pty-master')!.rights);
const SLAVE_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'pty-slave')!.rights);

/** The attributes a terminal handle addresses: the console's, or its pair's (TTY.ATTR.PERTERMINAL). */
function attributesOf(obj: KObject): LineDiscipline | null {
  if (obj instanceof Console) return obj.termios;
  if (isPtyEnd(obj)) return obj.pair.ldisc;
  return null;
}

function sysTcgetattr(ctx: SyscallContext): HandlerResult {
  const t = attributesOf(ctx.args.fd('fd').handle!.object);
  if (t === null) return fail('ENOTTY', 'TTY.ATTR.NOTTY');
  const { addr } = ctx.args.struct('termios');
  ctx.process.space.copyOut(addr, encodeLayout(TERMIOS, { c_iflag: 0, c_oflag: 0, c_cflag: 0, c_lflag: t.lflag }));
  return ok(0, 'TTY.ATTR.GET');
}

function sysTcsetattr(ctx: SyscallContext): HandlerResult {
  const obj = ctx.args.fd('fd').handle!.object;
  const t = attributesOf(obj);
  if (t === null) return fail('ENOTTY', 'TTY.ATTR.NOTTY');
  const actions = ctx.args.num('actions');
  const { bytes } = ctx.args.struct('termios');
  t.lflag = decodeLayout(TERMIOS, bytes!).c_lflag as number;
  if (actions === TCSAFLUSH) t.flush();
  if (isPtyEnd(obj)) obj.pair.wakeAll();
  return ok(0, actions === TCSANOW ? 'TTY.ATTR.SET' : 'TTY.ATTR.ACTIONS.OTHERS');
}

function sysOpenpty(ctx: SyscallContext): HandlerResult {
  const master = ctx.args.struct('master');
  const slave = ctx.args.struct('slave');
  const table = ctx.kernel.handles(ctx.process);
  if (table.limit - table.entries().length < 2) return fail('EMFILE', 'FD.TABLE.FULL');
  const pair = allocPty(ctx.kernel);
  if (pair === null) return fail('ENOMEM', 'TTY.PTY.NOMEM');
  const m = table.install({ object: pair.master, rights: MASTER_RIGHTS, cloexec: false });
  const s = table.install({ object: pair.slave, rights: SLAVE_RIGHTS, cloexec: false });
  ctx.process.space.copyOut(master.addr, encodeLayout(INT32, { value: m }));
  ctx.process.space.copyOut(slave.addr, encodeLayout(INT32, { value: s }));
  return ok(0, 'TTY.PTY.OPEN');
}

function sysPtySetForeground(ctx: SyscallContext): HandlerResult {
  const obj = ctx.args.fd('fd').handle!.object;
  if (!isPtyEnd(obj)) return fail('ENOTTY', 'TTY.ATTR.NOTTY');
  const { value: pid, form } = ctx.args.pid('pid');
  if (form === 'zero') {
    obj.pair.foreground = 0;
    return ok(0, 'TTY.PTY.FG.CLEAR');
  }
  const target = ctx.kernel.processes.get(pid);
  if (target === undefined || target.state !== 'live') return fail('ESRCH', 'TTY.PTY.FG.NOSUCH');
  obj.pair.foreground = pid;
  return ok(0, 'TTY.PTY.FG.SET');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const TTY_HANDLERS: Readonly<Record<string, Handler>> = {
  tcgetattr: sysTcgetattr,
  tcsetattr: sysTcsetattr,
  openpty: sysOpenpty,
  pty_set_foreground: sysPtySetForeground,
};
