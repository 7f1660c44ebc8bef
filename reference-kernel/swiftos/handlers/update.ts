// A/B update and kernel-slot calls (UPD.*). The capability gate (UPD.CAP) runs in the kernel's
// dispatch; then the arguments, then the device (UPD.NODEV), then the store's own checks
// (UPD.ORDER). State lives in update/store.ts and update/esp.ts.

import { fail, ok, type HandlerResult, type Outcome } from '../result.js';
import type { Stage, UpdateOutcome, UpdateStore } from '../update/store.js';
import type { Handler, SyscallContext } from './context.js';

function outcome(r: UpdateOutcome, success: string): Outcome {
  return r.ok ? ok(r.value, success) : fail(r.errno, r.clause);
}

function store(ctx: SyscallContext): UpdateStore | Outcome {
  return ctx.kernel.updates ?? fail('ENODEV', 'UPD.NODEV');
}

/** Runs `op` on the machine's update store, or ENODEV without one. */
function withStore(op: (s: UpdateStore, ctx: SyscallContext) => Outcome): (ctx: SyscallContext) => HandlerResult {
  return (ctx) => {
    const s = store(ctx);
    return 'ret' in s ? s : op(s, ctx);
  };
}

/** The caller's stage: EAGAIN without one of its own (UPD.STAGE.NONE). */
function onStage(op: (s: UpdateStore, ctx: SyscallContext, stage: Stage) => Outcome): (ctx: SyscallContext) => HandlerResult {
  return withStore((s, ctx) => {
    const stage = s.stageOf(ctx.process);
    return stage === null ? fail('EAGAIN', 'UPD.STAGE.NONE') : op(s, ctx, stage);
  });
}

function onEsp(op: 'stage' | 'activate' | 'confirm', success: string): (ctx: SyscallContext) => HandlerResult {
  return (ctx) => {
    const esp = ctx.kernel.esp;
    return esp === null ? fail('ENODEV', 'UPD.NODEV') : outcome(esp[op](), success);
  };
}

export const UPDATE_HANDLERS: Readonly<Record<string, Handler>> = {
  update_confirm: withStore((s) => outcome(s.confirm(), 'UPD.CONFIRM')),
  update_activate: withStore((s) => outcome(s.activate(), 'UPD.ACTIVATE')),
  update_stage: withStore((s) => (s.payload === null ? fail('ENODEV', 'UPD.NODEV') : outcome(s.stagePayload(), 'UPD.STAGE'))),
  update_stage_begin: withStore((s, ctx) => outcome(s.begin(ctx.process, ctx.args.big('version'), ctx.args.num('total')), 'UPD.STREAM.BEGIN')),
  update_stage_write: onStage((s, ctx, stage) => outcome(s.write(stage, ctx.args.buffer('buf').bytes!), 'UPD.STREAM.WRITE')),
  update_stage_commit: onStage((s, _ctx, stage) => outcome(s.commit(stage), 'UPD.STREAM.COMMIT')),
  update_stage_abort: onStage((s) => outcome(s.abort(), 'UPD.STREAM.ABORT')),
  kernel_stage: onEsp('stage', 'UPD.KERNEL.STAGE'),
  kernel_activate: onEsp('activate', 'UPD.KERNEL.ACTIVATE'),
  kernel_confirm: onEsp('confirm', 'UPD.KERNEL.CONFIRM'),
};
