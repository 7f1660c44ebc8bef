import { constValue, SIGNAL_DEFAULT_ACTION, SIGNALS } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../thread.js';
import { SIG_DFL, SIG_IGN, type FaultInfo, type SigAction } from './state.js';

const FRAME_SIZE = constValue('SIGFRAME_CONSTS', 'SIGFRAME_SIZE');
const FRAME_ALIGN = constValue('SIGFRAME_CONSTS', 'SIGFRAME_ALIGN');
const FRAME_MAGIC = constValue('SIGFRAME_CONSTS', 'SIGFRAME_MAGIC');
const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');
/** si_code of a signal that no fault raised: sent by kill or by the kernel for a call (SIG.FRAME.ENTRY). */
const SI_USER = 0;

/** Byte offsets of the sigframe layout (spec layout `sigframe`, SIG.FRAME.LAYOUT). */
export const FRAME = { magic: 0, signo: 4, x: 8, sp: 256, pc: 264, pstate: 272, fpsr: 280, fpcr: 284, v: 288 } as const;
/** PSTATE bits a frame can carry back: NZCV. */
export const NZCV_MASK = 0xf000_0000;

const NAMES = new Map(SIGNALS.members.map((m) => [m.value, m.name]));

export function signalName(sig: number): string {
  return NAMES.get(sig) ?? `signal ${sig}`;
}

/** The default action of `sig` (SIG.DEFAULT.ACTION). */
export function defaultAction(sig: number): 'terminate' | 'ignore' {
  return SIGNAL_DEFAULT_ACTION[signalName(sig)] === 'ignore' ? 'ignore' : 'terminate';
}

/** Whether a signal with this disposition ends the process when acted on. */
export function terminates(sig: number, action: SigAction): boolean {
  return action.handler === SIG_DFL && defaultAction(sig) === 'terminate';
}

/** Whether a signal with this disposition is dropped (SIG_IGN, or SIG_DFL whose default is ignore). */
export function isIgnored(sig: number, action: SigAction): boolean {
  return action.handler === SIG_IGN || (action.handler === SIG_DFL && defaultAction(sig) === 'ignore');
}

export function isHandler(action: SigAction): boolean {
  return action.handler !== SIG_DFL && action.handler !== SIG_IGN;
}

/**
 * Acts on the pending signals of `t`'s process while `t` (whose context is loaded in the CPU)
 * returns to EL0 (SIG.DELIVER.WHEN), lowest number first: ignored ones are dropped, a
 * terminating one ends the process whichever thread returns, and a handled one gets a frame on
 * the process's signal thread (SIG.DELIVER.THREAD, SIG.FRAME.*); another thread leaves it pending.
 * One handler frame at a time: the rest wait for the next return to EL0 (the handler's
 * syscalls, or its sigreturn), which nests them (SIG.DELIVER.NESTED).
 */
export function deliverPending(kernel: Kernel, t: Thread): void {
  const p = t.process;
  while (p.state === 'live' && t.state === 'runnable' && p.signals.pending !== 0) {
    const sig = p.signals.lowestPending();
    const action = p.signals.actions[sig]!;
    if (isIgnored(sig, action)) {
      p.signals.clear(sig);
      continue;
    }
    if (terminates(sig, action)) {
      kernel.killProcess(p, sig, `${signalName(sig)} (default action)`);
      return;
    }
    if (p.signalThread !== t) return;
    p.signals.clear(sig);
    enterHandler(kernel, t, sig, action, SI_USER);
    return;
  }
}

/**
 * A synchronous fault in `t` (SIG.FAULTS): the signal goes to the faulting thread itself, at
 * once (SIG.FAULT.THREAD). With a handler, the handler runs on `t` with the faulting context in its frame;
 * otherwise (SIG_DFL or SIG_IGN: retrying the instruction would fault forever) the process ends.
 */
export function deliverFault(kernel: Kernel, t: Thread, sig: number, fault: FaultInfo): void {
  const p = t.process;
  const action = p.signals.actions[sig]!;
  if (!isHandler(action)) {
    kernel.killProcess(p, sig, `${signalName(sig)} at 0x${fault.addr.toString(16)} (si_code ${fault.code})`);
    return;
  }
  enterHandler(kernel, t, sig, action, fault.code);
}

/** Pushes the frame and enters the handler; a frame that cannot be written kills with SIGSEGV (SIG.FRAME.NOSPACE). */
function enterHandler(kernel: Kernel, t: Thread, sig: number, action: SigAction, code: number): void {
  if (!pushFrame(kernel, t, sig, action, code)) {
    kernel.killProcess(t.process, SIGSEGV, `no room for the ${signalName(sig)} frame on the stack`);
  }
}

/** Writes the frame of SIG.FRAME.LAYOUT below SP and enters the handler with x1 = si_code (SIG.FRAME.ENTRY). */
function pushFrame(kernel: Kernel, t: Thread, sig: number, action: SigAction, code: number): boolean {
  const cpu = kernel.cpu;
  const sp = cpu.getXNum(31);
  const at = Math.floor((sp - FRAME_SIZE) / FRAME_ALIGN) * FRAME_ALIGN;
  const frame = new Uint8Array(FRAME_SIZE);
  const view = new DataView(frame.buffer);
  view.setUint32(FRAME.magic, FRAME_MAGIC, true);
  view.setUint32(FRAME.signo, sig, true);
  for (let i = 0; i <= 30; i++) view.setBigUint64(FRAME.x + 8 * i, cpu.getX(i), true);
  view.setBigUint64(FRAME.sp, cpu.getX(31), true);
  view.setBigUint64(FRAME.pc, BigInt(cpu.pc), true);
  view.setBigUint64(FRAME.pstate, BigInt(cpu.nzcv >>> 0), true);
  view.setUint32(FRAME.fpsr, cpu.fpsr >>> 0, true);
  view.setUint32(FRAME.fpcr, cpu.fpcr >>> 0, true);
  frame.set(cpu.vb.subarray(0, FRAME_SIZE - FRAME.v), FRAME.v);
  if (!(at >= 0) || !t.process.space.copyOut(at, frame)) return false;
  cpu.setXNum(0, sig);
  cpu.setXNum(1, code);
  cpu.setXNum(2, at);
  cpu.setX(30, action.restorer);
  cpu.setXNum(31, at);
  cpu.pc = Number(action.handler);
  cpu.exAddr = -1;
  return true;
}
