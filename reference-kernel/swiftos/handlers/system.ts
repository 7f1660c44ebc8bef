// Security context, system and process statistics, the kernel log, entropy and power control.
import { PAGE_SIZE } from '../../../cpu/memory/physical.js';
import { constValue, encodeLayout, layout, type Layout, type LayoutValues } from '../../../spec/index.js';
import type { Kernel } from '../kernel.js';
import { psinfoRecord, ticks } from '../log.js';
import type { Process } from '../process.js';
import { fail, ok, type HandlerResult } from '../result.js';
import type { Handler, SyscallContext } from './context.js';
import { logDataFlush } from './files.js';

const SECURITY_INFO = layout('security_info');
const SECURITY_INFO_EX = layout('security_info_ex');
const SYSINFO = layout('sysinfo');
const SYSINFO_S5 = layout('sysinfo_s5');
const PS_ENTRY = layout('ps_entry');
const PROCSTAT = layout('procstat');
const LOG_STATS = layout('log_stats');

const TIMER_HZ = constValue('LIMITS', 'TIMER_HZ');
const CPU_MAX = constValue('LIMITS', 'CPU_MAX');
const PROC_READY = constValue('PROC_STATES', 'PROC_READY');
const PROC_RUNNING = constValue('PROC_STATES', 'PROC_RUNNING');
const PROC_BLOCKED = constValue('PROC_STATES', 'PROC_BLOCKED');
const PROC_ZOMBIE = constValue('PROC_STATES', 'PROC_ZOMBIE');
const POWER_RESET = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_RESET');
/** The emulated machine has one CPU (SYS.SYSINFO.VALUES). */
const CPU_COUNT = 1;

const enc = new TextEncoder();

function copyRecord(ctx: SyscallContext, addr: number, l: Layout, values: LayoutValues): boolean {
  return ctx.process.space.copyOut(addr, encodeLayout(l, values));
}

// ---- security ------------------------------------------------------------------------------

function sysSecurityInfo(ctx: SyscallContext): HandlerResult {
  const { addr } = ctx.args.struct('info');
  const id = ctx.process.identity;
  copyRecord(ctx, addr, SECURITY_INFO, { principal: id.principal, session: id.session, caps: BigInt(id.caps) });
  return ok(0, 'SEC.INFO.EFFECTIVE');
}

function sysSecurityInfoEx(ctx: SyscallContext): HandlerResult {
  const { addr } = ctx.args.struct('info');
  const id = ctx.process.identity;
  const real = id.real ?? id;
  copyRecord(ctx, addr, SECURITY_INFO_EX, {
    principal: id.principal, session: id.session, caps: BigInt(id.caps),
    real_principal: real.principal, real_session: real.session, real_caps: BigInt(real.caps),
  });
  return ok(0, id.real === undefined ? 'SEC.INFOEX.EQUAL' : 'SEC.INFOEX.FIELDS');
}

/** capConsole was checked by the kernel (SEC.LOGIN.CAP) and the cap bits by validation (SEC.LOGIN.CAPBITS). */
function sysLogin(ctx: SyscallContext): HandlerResult {
  ctx.process.identity = {
    principal: Number(ctx.args.big('principal')),
    session: Number(ctx.args.big('session')),
    caps: ctx.args.num('caps'),
  };
  return ok(0, 'SEC.LOGIN.REPLACE');
}

// ---- system and process statistics ---------------------------------------------------------

/** PROC.STATE.VALUES for one process, as the calling thread sees it (SYS.PSINFO.STATE). */
function processState(p: Process, caller: Process): number {
  if (p.state === 'zombie') return PROC_ZOMBIE;
  if (p === caller) return PROC_RUNNING;
  return p.liveThreads.some((t) => t.state === 'runnable') ? PROC_READY : PROC_BLOCKED;
}

/** Every process (zombies too), by increasing pid (SYS.PSINFO.THREADS). */
function processList(kernel: Kernel): Process[] {
  return [...kernel.processes.values()].sort((a, b) => a.pid - b.pid);
}

/** The record name: argv[0] without directories, "?" for an empty argv, cut to `size - 1` bytes (SYS.PROCNAME). */
function nameBytes(p: Process, size: number): Uint8Array {
  const name = p.argv.length === 0 ? '?' : p.name;
  return enc.encode(name).subarray(0, size - 1);
}

function sysinfoValues(ctx: SyscallContext): LayoutValues {
  const k = ctx.kernel;
  const all = processList(k);
  const running = all.filter((p) => {
    const s = processState(p, ctx.process);
    return s === PROC_RUNNING || s === PROC_READY;
  }).length;
  const uptime = BigInt(ticks(k.clock.now));
  const idle = BigInt(ticks(k.idleNs));
  const perCpu = (v: bigint): bigint[] => Array.from({ length: CPU_MAX }, (_, i) => (i < CPU_COUNT ? v : 0n));
  return {
    uptime_ticks: uptime,
    idle_ticks: idle,
    mem_total: BigInt(k.phys.frameCount * PAGE_SIZE),
    mem_free: BigInt((k.phys.frameCount - k.phys.framesInUse) * PAGE_SIZE),
    kernel_image: 0n,
    kernel_heap: 0n,
    hz: TIMER_HZ,
    proc_total: all.length,
    proc_running: running,
    reserved: 0,
    cpu_count: Math.min(CPU_COUNT, CPU_MAX),
    cpu_capacity: CPU_MAX,
    cpu_ticks: perCpu(uptime),
    cpu_idle_ticks: perCpu(idle),
  };
}

function sysSysinfo(ctx: SyscallContext): HandlerResult {
  const { addr } = ctx.args.buffer('buffer');
  const capacity = ctx.args.num('capacity');
  if (capacity === 0) {
    if (!ctx.process.space.accessible(addr, SYSINFO.size, 'write')) return fail('EFAULT', 'ABI.FAULT');
    copyRecord(ctx, addr, SYSINFO, sysinfoValues(ctx));
    return ok(0, 'SYS.SYSINFO.LEGACY');
  }
  if (capacity < SYSINFO.size) return fail('EINVAL', 'SYS.SYSINFO.SMALL');
  if (capacity < SYSINFO_S5.size) {
    copyRecord(ctx, addr, SYSINFO, sysinfoValues(ctx));
    return ok(0, 'SYS.SYSINFO.SMALL');
  }
  copyRecord(ctx, addr, SYSINFO_S5, sysinfoValues(ctx));
  return ok(0, 'SYS.SYSINFO.FULL');
}

/** Writes min(count, processes) records of `l` and returns the number of processes (SYS.PSINFO.TOTAL). */
function writeProcessRecords(ctx: SyscallContext, l: Layout, values: (p: Process) => LayoutValues, clause: string): HandlerResult {
  const { addr, count } = ctx.args.array('buffer');
  const all = processList(ctx.kernel);
  const n = Math.min(count, all.length);
  const out = new Uint8Array(n * l.size);
  for (let i = 0; i < n; i++) out.set(encodeLayout(l, values(all[i]!)), i * l.size);
  if (n > 0) ctx.process.space.copyOut(addr, out);
  return ok(all.length, clause);
}

/** SEC.INSPECT.NOTENFORCED: no capability is checked. */
function sysPsinfo(ctx: SyscallContext): HandlerResult {
  const r = writeProcessRecords(ctx, PS_ENTRY, (p) => ({
    pid: p.pid,
    ppid: p.parent?.pid ?? 0,
    state: processState(p, ctx.process),
    name: nameBytes(p, 20),
  }), 'SYS.PSINFO.RECORDS');
  ctx.kernel.log.append(psinfoRecord(ctx.kernel.clock.now, ctx.process.pid, ctx.process.identity.principal));
  return r;
}

/** The procstat record of `p` as `caller` sees it (SYS.PROCSTAT.RECORDS); pidfd_getinfo writes the same. */
export function procstatValues(p: Process, caller: Process): LayoutValues {
  return {
    pid: p.pid,
    ppid: p.parent?.pid ?? 0,
    state: processState(p, caller),
    principal: p.identity.principal,
    cpu_ticks: BigInt(ticks(p.cpuNs)),
    start_tick: BigInt(ticks(p.startNs)),
    res_bytes: BigInt(p.mm.residentPages * PAGE_SIZE),
    name: nameBytes(p, 16),
  };
}

function sysProcstat(ctx: SyscallContext): HandlerResult {
  return writeProcessRecords(ctx, PROCSTAT, (p) => procstatValues(p, ctx.process), 'SYS.PROCSTAT.RECORDS');
}

// ---- log, entropy, power -------------------------------------------------------------------

/** capLogExport was checked by the kernel (SYS.LOG.CAP). */
function sysLogRead(ctx: SyscallContext): HandlerResult {
  const { addr, length } = ctx.args.buffer('buf');
  const data = ctx.kernel.log.exportTail(length, ctx.args.big('max_count'));
  if (data.length > 0) ctx.process.space.copyOut(addr, data);
  return ok(data.length, 'SYS.LOG.READ');
}

function sysLogStats(ctx: SyscallContext): HandlerResult {
  const { addr } = ctx.args.buffer('buf');
  const s = ctx.kernel.log.stats();
  copyRecord(ctx, addr, LOG_STATS, {
    capacity: BigInt(s.capacity), available: BigInt(s.available),
    total_written: BigInt(s.totalWritten), overwritten: BigInt(s.overwritten),
  });
  return ok(0, 'SYS.LOG.STATS');
}

/** cap above RANDOM_MAX failed validation (SYS.RANDOM.DETERMINISTIC). */
function sysRandom(ctx: SyscallContext): HandlerResult {
  const { addr, length } = ctx.args.buffer('buf');
  if (length > 0) ctx.process.space.copyOut(addr, ctx.kernel.randomBytes(length));
  return ok(length, 'SYS.RANDOM.FILL');
}

/**
 * capConsole was checked by the kernel (SYS.REBOOT.CAP); an unknown cmd failed validation.
 * /data is flushed before the conduit is looked for, and a failed flush stops nothing (SYS.REBOOT.FLUSHFIRST).
 */
function sysReboot(ctx: SyscallContext): HandlerResult {
  const cmd = ctx.args.num('cmd');
  logDataFlush(ctx, ctx.kernel.vfs.flushData());
  ctx.kernel.vfs.sync();
  if (ctx.kernel.opts.psci === false) return fail('ENOSYS', 'SYS.REBOOT.NOPSCI');
  ctx.kernel.halt({ kind: 'reboot', command: cmd === POWER_RESET ? 'reboot' : 'poweroff' });
  return ok(0, 'SYS.REBOOT.OUTCOME');
}

/** Handlers of this family by spec row name (merged into HANDLERS in index.ts). */
export const SYSTEM_HANDLERS: Readonly<Record<string, Handler>> = {
  security_info: sysSecurityInfo,
  security_info_ex: sysSecurityInfoEx,
  login: sysLogin,
  sysinfo: sysSysinfo,
  psinfo: sysPsinfo,
  procstat: sysProcstat,
  log_read: sysLogRead,
  log_stats: sysLogStats,
  random: sysRandom,
  reboot: sysReboot,
};
