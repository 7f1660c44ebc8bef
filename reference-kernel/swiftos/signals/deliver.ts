import { constValue, SIGNAL_DEFAULT_ACTION, SIGNALS } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';
import type { Thread } from '../thread.js';
import type { SigAction } from './state.js';

const SIG_DFL = 0n;
const SIG_IGN = 1n;
const FRAME_SIZE = constValue('SIGFRAME_CONSTS', 'SIGFRAME_SIZE');
const FRAME_MAGIC = constValue('SIGFRAME_CONSTS', 'SIGFRAME_MAGIC');
const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');

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

export function isHandler(action: SigAction): boolean {
  return action.handler !== SIG_DFL && action.handler !== SIG_IGN;
}

/**
 * Acts on the pending signals of `t`'s process while `t` (whose context is loaded in the CPU)
 * returns to EL0 (SIG.DELIVER.WHEN, SIG.DELIVER.THREAD): ignored ones are dropped, terminating
 * ones end the process, and the lowest one with a handler gets a frame (SIG.FRAME.*).
 */
export function deliverPending(kernel: Kernel, t: Thread): void {
  const p = t.process;
  while (p.state === 'live' && p.signals.pending !== 0 && p.signalThread === t) {
    const sig = p.signals.lowestPending();
    const action = p.signals.actions[sig]!;
    const fault = p.signals.faults.get(sig);
    p.signals.clear(sig);
    if (fault !== undefined && !isHandler(action)) {
      // A synchronous fault cannot be ignored: it would re-fault forever (SIG.FAULTS).
      kernel.killProcess(p, sig, `${signalName(sig)} at 0x${fault.addr.toString(16)} (si_code ${fault.code})`);
      return;
    }
    if (action.handler === SIG_IGN || (action.handler === SIG_DFL && defaultAction(sig) === 'ignore')) continue;
    if (action.handler === SIG_DFL) {
      kernel.killProcess(p, sig, `${signalName(sig)} (default action)`);
      return;
    }
    if (!pushFrame(kernel, p, sig, action)) {
      kernel.killProcess(p, SIGSEGV, `no room for the ${signalName(sig)} frame on the stack`);
    }
    return;
  }
}

/** Writes the frame of SIG.FRAME.LAYOUT and enters the handler (SIG.FRAME.ENTRY). */
function pushFrame(kernel: Kernel, p: Process, sig: number, action: SigAction): boolean {
  const cpu = kernel.cpu;
  const sp = cpu.getXNum(31);
  const at = Math.floor((sp - FRAME_SIZE) / 16) * 16;
  const frame = new Uint8Array(FRAME_SIZE);
  const view = new DataView(frame.buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint32(4, sig, true);
  for (let i = 0; i <= 30; i++) view.setBigUint64(8 + 8 * i, cpu.getX(i), true);
  view.setBigUint64(256, BigInt(sp), true);
  view.setBigUint64(264, BigInt(cpu.pc), true);
  view.setBigUint64(272, BigInt(cpu.nzcv >>> 0), true);
  view.setUint32(280, cpu.fpsr >>> 0, true);
  view.setUint32(284, cpu.fpcr >>> 0, true);
  frame.set(cpu.vb.subarray(0, 512), 288);
  if (at < 0 || !p.space.copyOut(at, frame)) return false;
  cpu.setXNum(0, sig);
  cpu.setXNum(1, 0);
  cpu.setXNum(2, at);
  cpu.setX(30, action.restorer);
  cpu.setXNum(31, at);
  cpu.pc = Number(action.handler);
  return true;
}
