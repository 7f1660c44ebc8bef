import { Cpu, type StopReason } from '../../cpu/cpu.js';
import { AddressSpace } from '../../cpu/memory/address-space.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { Prng } from '../../cpu/testgen/prng.js';
import {
  CAP_BITS, constValue, DEFAULT_HANDLE_RIGHTS, rightsMask, SEEDED_PRINCIPAL_CAPS, syscallByNumber, type SyscallRow,
} from '../../spec/index.js';
import { validateArgs } from './args.js';
import { BootError, loadSwiftosImage } from './loader.js';
import { formatCall, formatRet } from './trace-format.js';
import { MemoryManager } from './mm/index.js';
import { deliverFault, deliverPending } from './signals/deliver.js';
import { sendSignal } from './signals/send.js';
import { Vfs, type Caller, type DataOptions, type FsId, type Overlay } from './vfs/index.js';
import type { SpecialOpener } from './handlers/files.js';
import type { CpuContext } from '../../cpu/cpu.js';
import { VirtualClock } from './clock.js';
import { Console } from './console.js';
import { HandleTable } from './handles.js';
import { HANDLERS } from './handlers/index.js';
import type { NetworkOptions } from './net/config.js';
import { PackageStore, type PackageStoreOptions } from './pkg/index.js';
import { Esp, UpdateStore, type EspOptions, type UpdateStoreOptions } from './update/index.js';
import { DeviceRegistry, type DeviceSpec } from './objects/device.js';
import { bootRecord, KernelLog, processEndRecord } from './log.js';
import { Process, type Identity } from './process.js';
import { ProcProvider, procSource } from './procfs/index.js';
import { LocalFamily, NetProvider, netOpener } from './netfs/index.js';
import { BLOCK, fail, NO_RETURN, type Outcome } from './result.js';
import { Scheduler, type Chooser } from './scheduler.js';
import { Thread } from './thread.js';
import { WaitQueue } from './waitqueue.js';

export interface BootOptions {
  /** Instructions a thread runs before it is preempted. */
  readonly quantum?: number;
  /** Instruction budget of the whole run; past it the verdict is `timeout`. */
  readonly maxInstructions?: number;
  readonly memoryBytes?: number;
  /**
   * A machine to reuse instead of allocating `memoryBytes` (it is reset at construction; the
   * previous kernel on it must not run again). Saves the allocation when running many cases.
   */
  readonly phys?: PhysicalMemory;
  readonly maxHandles?: number;
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  readonly consoleInput?: Uint8Array;
  readonly chooser?: Chooser;
  /** Receives one line per syscall (pid/tid, name, arguments, result, clause). */
  readonly trace?: (line: string) => void;
  readonly onConsoleOutput?: (bytes: Uint8Array) => void;
  /** Receives every completed or blocking syscall as data (tests, fuzz oracles, reports). */
  readonly onSyscall?: (event: SyscallEvent) => void;
  /** init's security context (default: the seeded root principal). */
  readonly identity?: Identity;
  /** Unix time at boot, in seconds (clause TIME.EPOCH). */
  readonly epoch?: number;
  /** Largest pid before allocation wraps to 2 (clause PROC.PID.ALLOC). */
  readonly pidMax?: number;
  /** Live and zombie processes allowed at once (clause PROC.TABLE.FULL). */
  readonly maxProcesses?: number;
  /** Base-image overlay: a host directory or a map of absolute paths (FS.BASE.*). */
  readonly image?: string | Overlay;
  /** Seed of the kernel's random source (`random`, /dev/random). */
  readonly seed?: number;
  /** Whether the machine has a PSCI conduit; without one reboot fails ENOSYS (SYS.REBOOT.NOPSCI). Default true. */
  readonly psci?: boolean;
  /** A package-store device and what it holds at boot (PKG.*); absent by default (PKG.NOSTORE). */
  readonly packageStore?: PackageStoreOptions;
  /** An A/B update store and its payload disk (UPD.*); absent by default (UPD.NODEV). */
  readonly updateStore?: UpdateStoreOptions;
  /** An EFI system partition with the kernel A/B slots (UPD.KERNEL.*); absent by default (UPD.NODEV). */
  readonly esp?: EspOptions;
  /**
   * The machine's devices, in registry order (DEV.REGISTRY). Default none: the registry then holds
   * only the "pseudo-input.0" fallback (DEV.CLAIM.FALLBACK).
   */
  readonly devices?: readonly DeviceSpec[];
  /** The persistent /data filesystem and its disk (FS.DATA.MACHINE); absent by default. */
  readonly data?: DataOptions;
  /** Pipe buffers the machine has: a pipe takes one, a socket pair two (FD.PIPE.BUFFERS). Default: no limit. */
  readonly pipeBuffers?: number;
  /** The simulated network interface (NET.MACHINE): up by default, with the spec's addresses. */
  readonly network?: NetworkOptions;
}

/** One syscall as the kernel saw it. `ret` is null when the call blocked or did not return. */
export interface SyscallEvent {
  readonly pid: number;
  readonly tid: number;
  readonly nr: number;
  /** Row name, or `syscall_<nr>` for an unknown number. */
  readonly name: string;
  readonly args: readonly bigint[];
  /** x0 as a signed 64-bit value. */
  readonly ret: bigint | null;
  readonly outcome: 'return' | 'block' | 'no-return';
  readonly clause: string | null;
}

export type Verdict =
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'signal'; readonly signal: number; readonly detail: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'deadlock'; readonly detail: string }
  /** The guest called reboot (SYS.REBOOT.*): the run ends with the command it gave. */
  | { readonly kind: 'reboot'; readonly command: string }
  /** A JavaScript exception inside the kernel: always a kernel bug. */
  | { readonly kind: 'panic'; readonly detail: string };

export interface RunResult {
  readonly verdict: Verdict;
  readonly console: Uint8Array;
  readonly instructions: number;
  readonly syscalls: number;
}

/** Signals the kernel raises for CPU stops. */
const SIGILL = constValue('SIGNALS', 'SIGILL');
const SIGTRAP = constValue('SIGNALS', 'SIGTRAP');
const SIGBUS = constValue('SIGNALS', 'SIGBUS');
const SIGSEGV = constValue('SIGNALS', 'SIGSEGV');
const SIGCHLD = constValue('SIGNALS', 'SIGCHLD');
const FD_MAX = constValue('LIMITS', 'FD_MAX');
const TTY_RIGHTS = rightsMask(DEFAULT_HANDLE_RIGHTS.find((d) => d.kind === 'tty')!.rights);
const EINTR = -BigInt(4);

/**
 * The SwiftOS reference kernel: one emulated CPU runs every thread; a run is a pure function
 * of the image and the boot options.
 */
export class Kernel {
  readonly phys: PhysicalMemory;
  /** The space the CPU points at when no process runs. */
  private readonly idleSpace: AddressSpace;
  readonly cpu: Cpu;
  readonly clock = new VirtualClock();
  readonly console: Console;
  readonly scheduler: Scheduler;
  readonly processes = new Map<number, Process>();
  readonly handleTables = new Map<Process, HandleTable>();
  readonly vfs: Vfs;
  /** The kernel's seeded random source (RANDOM.*): never the host's. */
  readonly rng: Prng;
  /** Threads in poll: woken by every wake-up of any queue, then each re-checks. */
  readonly pollers = new WaitQueue('poll');
  /** The kernel log ring (SYS.LOG.*). */
  readonly log = new KernelLog();
  /** The package store (PKG.*), the update store and the ESP (UPD.*); null when the machine has none. */
  readonly packages: PackageStore | null;
  readonly updates: UpdateStore | null;
  readonly esp: Esp | null;
  /** The device registry (DEV.REGISTRY), fixed at boot. */
  readonly devices: DeviceRegistry;
  /** Run by exitProcess for every ending process, after its handles are closed (SHM.LIFETIME). */
  readonly exitHooks: ((p: Process) => void)[] = [];
  /** Openers of special files of synthetic mounts, by filesystem (/net: netfs/). */
  readonly specialOpeners = new Map<FsId, SpecialOpener>();
  /** Virtual time spent with no runnable thread (sysinfo idle_ticks). */
  idleNs = 0;
  readonly opts: BootOptions;
  private lastPid = 0;
  /** Ids of live non-initial threads: they share the pid space (THR.CREATE.ID). */
  readonly threadIds = new Set<number>();
  private syscallCount = 0;
  /** cpu.instret when the current slice began (the clock is brought up to date after it). */
  private sliceStart = 0;
  /** The last RECENT syscalls, for the trace tail of a kernel panic; `recorded` counts them all. */
  private readonly recent: (RecentCall | undefined)[] = new Array<RecentCall | undefined>(RECENT);
  private recorded = 0;
  private verdict: Verdict | null = null;
  init: Process | null = null;

  constructor(opts: BootOptions = {}) {
    this.opts = opts;
    this.phys = opts.phys ?? new PhysicalMemory(opts.memoryBytes ?? 64 << 20);
    if (opts.phys) opts.phys.reset();
    this.devices = new DeviceRegistry(this.phys, opts.devices ?? []);
    this.idleSpace = new AddressSpace(this.phys);
    this.cpu = new Cpu(this.idleSpace);
    // The clock advances after each slice; a read inside one adds the instructions retired since (TIME.VIRTUAL).
    this.cpu.counter = (instret) => this.clock.counter(instret - this.sliceStart);
    this.cpu.counterFrequency = VirtualClock.COUNTER_HZ;
    this.console = new Console(opts.consoleInput);
    this.console.onOutput = opts.onConsoleOutput ?? null;
    this.scheduler = new Scheduler(opts.chooser);
    this.rng = new Prng(opts.seed ?? 1);
    this.vfs = new Vfs({
      clock: () => this.epochSeconds(),
      ...(opts.image !== undefined ? { overlay: opts.image } : {}),
      entropy: (n) => this.randomBytes(n),
      ...(opts.data !== undefined ? { data: opts.data } : {}),
    });
    this.vfs.mount('/proc', new ProcProvider(procSource(this)));
    const net = new LocalFamily((q) => this.wake(q));
    this.vfs.mount('/net', new NetProvider(net, () => this.epochSeconds()));
    this.specialOpeners.set('net', netOpener(net));
    this.packages = opts.packageStore ? new PackageStore(this.vfs, opts.packageStore) : null;
    this.updates = opts.updateStore ? new UpdateStore(opts.updateStore) : null;
    this.esp = opts.esp ? new Esp(opts.esp) : null;
  }

  randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.rng.u32();
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (8 * k)) & 0xff;
    }
    return out;
  }

  /** Loads `elf` as init (pid 1) with the console on fds 0, 1 and 2. Throws a one-line error for a bad image. */
  boot(elf: Uint8Array, file: string): Process {
    const argv = this.opts.argv ?? [file];
    const envp = this.opts.envp ?? [];
    const loaded = loadSwiftosImage(this.phys, elf, file, argv, envp);
    if (!loaded.ok) throw new BootError(loaded.detail.startsWith(file) ? loaded.detail : `${file}: ${loaded.detail}`);
    const identity = this.opts.identity ?? { principal: 1, session: 1, caps: SEEDED_PRINCIPAL_CAPS.root };
    const table = new HandleTable(this.opts.maxHandles ?? FD_MAX);
    for (let fd = 0; fd < 3; fd++) table.install({ object: this.console, rights: TTY_RIGHTS, cloexec: false });
    const proc = this.createProcess(null, loaded.mm, argv, identity, table);
    if (proc === 'EAGAIN') throw new BootError(`${file}: no pid for init`);
    this.init = proc;
    this.log.append(bootRecord());
    this.startThread(proc, this.entryContext(loaded.entry, loaded.sp, argv.length, loaded.argvAt, loaded.envpAt));
    return proc;
  }

  /** Registers a new live process with its handle table (no thread yet). */
  createProcess(parent: Process | null, mm: MemoryManager, argv: readonly string[], identity: Identity, table: HandleTable): Process | 'EAGAIN' {
    if (parent !== null && this.threadCount() >= (this.opts.maxProcesses ?? 64)) return 'EAGAIN';
    const pid = this.allocPid();
    if (pid < 0) return 'EAGAIN';
    const proc = new Process(pid, parent, mm, argv, identity);
    proc.startNs = this.clock.now;
    if (parent) {
      parent.children.add(proc);
      proc.cwd = parent.cwd;
      proc.root = parent.root;
    }
    this.processes.set(pid, proc);
    this.handleTables.set(proc, table);
    return proc;
  }

  /** Live and zombie processes plus extra live threads: what PROC.TABLE.FULL counts. */
  threadCount(): number {
    let n = 0;
    for (const p of this.processes.values()) n += Math.max(1, p.liveThreads.length);
    return n;
  }

  /** The registers a new image starts with (PROC.ENTRY.REGS). */
  entryContext(entry: number, sp: number, argc: number, argvAt: number, envpAt: number): CpuContext {
    const ctx = this.zeroContext();
    setCtxX(ctx, 0, argc);
    setCtxX(ctx, 1, argvAt);
    setCtxX(ctx, 2, envpAt);
    setCtxX(ctx, 31, sp);
    ctx.pc = entry;
    return ctx;
  }

  /** All registers zero, FPCR zero. */
  zeroContext(): CpuContext {
    return { x: new Int32Array(this.cpu.x.length), v: new Uint8Array(this.cpu.vb.length), pc: 0, fpcr: 0, fpsr: 0 };
  }

  /** Adds a runnable thread with `ctx` to `proc`; its tid comes from the pid space (THR.CREATE.ID). */
  startThread(proc: Process, ctx: CpuContext): Thread | 'EAGAIN' {
    let tid = proc.pid;
    if (proc.threads.length > 0) {
      if (this.threadCount() >= (this.opts.maxProcesses ?? 64)) return 'EAGAIN';
      tid = this.allocPid();
      if (tid < 0) return 'EAGAIN';
      this.threadIds.add(tid);
    }
    const t = new Thread(tid, proc, ctx);
    proc.threads.push(t);
    this.scheduler.makeRunnable(t);
    return t;
  }

  /** The VFS view of a process: its effective identity, cwd and confinement root. */
  caller(p: Process): Caller {
    return { principal: p.identity.principal, caps: p.identity.caps, cwd: p.cwd, root: p.root, pid: p.pid };
  }

  /** Sends `sig` to `p` (SIG.*); the caller has checked permission and validity. */
  signal(p: Process, sig: number): void {
    sendSignal(this, p, sig);
  }

  /**
   * After run(): frees every remaining address space back to the machine's pools (for a
   * reused `phys`). The kernel must not run again.
   */
  dispose(): void {
    for (const p of this.processes.values()) if (p.state === 'live') p.mm.dispose();
    this.idleSpace.dispose();
  }

  handles(p: Process): HandleTable {
    const t = this.handleTables.get(p);
    if (!t) throw new Error(`process ${p.pid} has no handle table`);
    return t;
  }

  /** Runs until init exits, a limit is hit, or the kernel panics. */
  run(): RunResult {
    const quantum = this.opts.quantum ?? 100_000;
    const limit = this.opts.maxInstructions ?? 5_000_000_000;
    let executed = 0;
    try {
      while (this.verdict === null) {
        this.wakeExpired();
        const t = this.scheduler.next();
        if (t === null) {
          const next = this.earliestTimeout();
          if (next === null) {
            this.verdict = { kind: 'deadlock', detail: this.describeBlocked() };
            break;
          }
          this.idleNs += Math.max(0, next - this.clock.now);
          this.clock.advanceTo(next);
          continue;
        }
        this.switchTo(t);
        let slice = quantum;
        while (this.verdict === null && t.state === 'runnable' && slice > 0) {
          if (executed >= limit) {
            this.verdict = { kind: 'timeout' };
            break;
          }
          const before = this.cpu.instret;
          this.sliceStart = before;
          const stop = this.cpu.run(Math.min(slice, limit - executed));
          const ran = this.cpu.instret - before;
          executed += ran;
          slice -= ran;
          t.process.cpuNs += ran * VirtualClock.NS_PER_INSTRUCTION;
          this.clock.advanceInstructions(ran);
          if (stop.kind === 'budget') continue;
          this.handleStop(t, stop);
        }
        if (t.state === 'runnable') {
          t.context = this.cpu.saveContext();
          this.scheduler.makeRunnable(t);
        }
      }
    } catch (err) {
      const panic = err instanceof KernelPanic ? err : new KernelPanic('outside any syscall', err, this.recent);
      this.verdict = { kind: 'panic', detail: panic.describe(this.recorded) };
    }
    return { verdict: this.verdict!, console: this.console.output, instructions: executed, syscalls: this.syscallCount };
  }

  private switchTo(t: Thread): void {
    this.cpu.space = t.process.space;
    this.cpu.restoreContext(t.context);
    if (t.interrupted) {
      // The blocking call ends with EINTR; the handler runs on the way out (SIG.INTR).
      t.interrupted = false;
      t.timeout = null;
      this.abandonCall(t);
      const call = this.decodeCall();
      this.cpu.pc += 4;
      this.cpu.setX(0, EINTR);
      this.record(t, call, { kind: 'return', ret: EINTR, clause: 'SIG.INTR' });
    }
    deliverPending(this, t);
  }

  private handleStop(t: Thread, stop: StopReason): void {
    switch (stop.kind) {
      case 'svc':
        this.syscall(t);
        return;
      case 'fault': {
        // SIG.FAULTS, SIG.FAULT.CODE: the signal names the address and why it faulted.
        const sig = stop.alignment ? SIGBUS : SIGSEGV;
        const code = stop.alignment ? 1 : t.process.mm.classifyFault(stop.addr, stop.access).code;
        this.fault(t, sig, code, stop.addr);
        return;
      }
      case 'undefined':
      case 'udf':
      case 'hlt':
        this.fault(t, SIGILL, 1, stop.pc);
        return;
      case 'brk':
        this.fault(t, SIGTRAP, 1, stop.pc);
        return;
      case 'budget':
        return;
    }
  }

  /** A synchronous exception: the signal is raised and acted on before the thread runs on. */
  private fault(t: Thread, sig: number, code: number, addr: number): void {
    this.opts.trace?.(`[${t.name}] fault: signal ${sig} code ${code} at 0x${addr.toString(16)} pc 0x${this.cpu.pc.toString(16)}`);
    deliverFault(this, t, sig, { code, addr });
  }

  private syscall(t: Thread): void {
    this.syscallCount++;
    const call = this.decodeCall();
    const { nr, args, row } = call;
    let result: Outcome | typeof BLOCK | typeof NO_RETURN;
    if (row === undefined) {
      result = fail('ENOSYS', 'ABI.ENOSYS.UNKNOWN');
    } else if (row.support === 'not-implemented' || HANDLERS[row.name] === undefined) {
      result = fail('ENOSYS', 'ABI.ENOSYS.NOTIMPL');
    } else if (row.capability && (t.process.identity.caps & CAP_BITS[row.capability.cap]) === 0) {
      result = sentinelFailure(row, fail(row.capability.errno, row.capability.clause));
    } else {
      const validated = validateArgs({ row, raw: args, space: t.process.space, handles: this.handles(t.process) });
      if ('ret' in validated) result = sentinelFailure(row, validated);
      else {
        try {
          result = HANDLERS[row.name]!({ kernel: this, thread: t, process: t.process, raw: args, args: validated, row });
        } catch (err) {
          throw new KernelPanic(`[${t.name}] ${formatCall(row, nr, args, t.process.space)} threw`, err, this.recent);
        }
      }
    }
    if (result === BLOCK) {
      this.cpu.pc -= 4;
      t.context = this.cpu.saveContext();
      this.record(t, call, { kind: 'block', on: t.queue?.what ?? 'a timeout' });
      return;
    }
    t.timeout = null;
    if (result === NO_RETURN) {
      this.record(t, call, { kind: 'no-return' });
      return;
    }
    this.cpu.setX(0, result.ret);
    this.record(t, call, { kind: 'return', ret: result.ret, clause: result.clause });
    if (t.state === 'runnable') deliverPending(this, t);
  }

  /** The call in the CPU's registers: x8 and x0..x5. */
  private decodeCall(): DecodedCall {
    const nr = this.cpu.getX(8);
    const args = [0, 1, 2, 3, 4, 5].map((i) => this.cpu.getX(i));
    return { nr, args, row: nr <= 0xffffn ? syscallByNumber(Number(nr)) : undefined };
  }

  /** Keeps the call for a panic's trace tail and reports it to onSyscall and --trace. */
  private record(t: Thread, call: DecodedCall, end: CallEnd): void {
    this.recent[++this.recorded % RECENT] = { thread: t, call, end };
    if (this.opts.onSyscall) {
      const { nr, args, row } = call;
      this.opts.onSyscall({
        pid: t.process.pid, tid: t.tid, nr: Number(BigInt.asUintN(53, nr)), name: row?.name ?? `syscall_${nr}`, args,
        ret: end.kind === 'return' ? BigInt.asIntN(64, end.ret) : null,
        outcome: end.kind, clause: end.kind === 'return' ? end.clause : null,
      });
    }
    if (!this.opts.trace) return;
    const clause = end.kind === 'return' && end.clause ? ` [${end.clause}]` : '';
    this.opts.trace(`[${t.name}] ${formatCall(call.row, call.nr, call.args, t.process.space)} = ${describeEnd(end)}${clause}`);
  }

  /** Ends the run with `verdict` once the current syscall returns (reboot). */
  halt(verdict: Verdict): void {
    this.verdict ??= verdict;
  }

  /** Seconds since the Unix epoch on the virtual clock (TIME.EPOCH). */
  epochSeconds(): number {
    return (this.opts.epoch ?? 1_767_225_600) + Math.floor(this.clock.now / 1e9);
  }

  // ---- blocking ------------------------------------------------------------------------

  /**
   * Parks `t` on `q` (and, with `timeoutNs`, until that much virtual time has passed since the
   * call first blocked). Returns BLOCK for the handler to return.
   */
  block(t: Thread, q: WaitQueue | null, timeoutNs?: number): typeof BLOCK {
    t.state = 'blocked';
    t.queue = q;
    q?.add(t);
    if (timeoutNs !== undefined && t.timeout === null) t.timeout = this.clock.now + timeoutNs;
    return BLOCK;
  }

  /** Whether the blocking call in progress on `t` has reached its deadline. */
  timedOut(t: Thread): boolean {
    return t.timeout !== null && this.clock.now >= t.timeout;
  }

  /** Makes every thread waiting on `q` runnable; each re-runs its call and re-checks. */
  wake(q: WaitQueue): void {
    for (const t of q.drain()) {
      t.queue = null;
      if (t.state === 'blocked') this.scheduler.makeRunnable(t);
    }
    if (q !== this.pollers) this.wake(this.pollers);
  }

  private blockedThreads(): Thread[] {
    return [...this.processes.values()].flatMap((p) => p.threads.filter((t) => t.state === 'blocked'));
  }

  private wakeExpired(): void {
    for (const t of this.blockedThreads()) if (this.timedOut(t)) this.scheduler.makeRunnable(t);
  }

  private earliestTimeout(): number | null {
    let best: number | null = null;
    for (const t of this.blockedThreads()) if (t.timeout !== null && (best === null || t.timeout < best)) best = t.timeout;
    return best;
  }

  // ---- processes -----------------------------------------------------------------------

  /** The next free pid after the last one handed out, wrapping to 2 (PROC.PID.ALLOC); -1 if none. */
  allocPid(): number {
    const max = this.opts.pidMax ?? 32768;
    for (let i = 0; i < max; i++) {
      let pid = this.lastPid + 1 + i;
      if (pid > max) pid = 2 + ((pid - max - 1) % (max - 1));
      if (!this.processes.has(pid) && !this.threadIds.has(pid)) {
        this.lastPid = pid;
        return pid;
      }
    }
    return -1;
  }

  /** Copies the calling process (PROC.FORK.*): memory, handles, identity, signals; one thread. */
  fork(parent: Process): Process | 'EAGAIN' | 'ENOMEM' {
    if (this.threadCount() >= (this.opts.maxProcesses ?? 64)) return 'EAGAIN';
    const copy = parent.mm.clone(new AddressSpace(this.phys));
    if (!copy.ok) return 'ENOMEM';
    const child = this.createProcess(parent, copy.value, parent.argv, parent.identity, this.handles(parent).clone());
    if (child === 'EAGAIN') {
      copy.value.dispose();
      return 'EAGAIN';
    }
    child.signals = parent.signals.forkCopy();
    const ctx = this.cpu.saveContext();
    setCtxX(ctx, 0, 0);
    this.startThread(child, ctx);
    return child;
  }

  /** Ends one non-initial thread; its status is discarded (THR.EXIT.MAIN). */
  exitThread(t: Thread): void {
    this.abandonCall(t);
    this.freeKernelStack(t);
    t.state = 'exited';
    t.queue?.remove(t);
    t.queue = null;
    this.scheduler.remove(t);
    this.threadIds.delete(t.tid);
  }

  /** Runs `t.onAbandon` once: the call `t` is blocked in ends without being re-run. */
  private abandonCall(t: Thread): void {
    const hook = t.onAbandon;
    t.onAbandon = null;
    hook?.();
  }

  /** Returns the kernel stack frame of a thread_create thread (THR.CREATE.NOMEM). */
  private freeKernelStack(t: Thread): void {
    if (t.kernelStack >= 0) this.phys.release(t.kernelStack);
    t.kernelStack = -1;
  }

  /** Removes a zombie child for good; its pid becomes free (PROC.WAIT.REAP). */
  reap(child: Process): void {
    child.reaped = true;
    child.parent?.children.delete(child);
    this.processes.delete(child.pid);
    this.handleTables.delete(child);
    // A pidfd of it turns POLLHUP (PIDFD.POLL.REAPED): its pollers re-check.
    this.wake(child.exited);
  }

  /** Ends a process with a wait status; ends the run when it is init. */
  exitProcess(p: Process, waitStatus: number): void {
    if (p.state === 'zombie') return;
    this.log.append(processEndRecord(this.clock.now, p.pid, p.identity.principal, waitStatus));
    for (const th of p.threads) {
      this.abandonCall(th);
      this.freeKernelStack(th);
      if (th.tid !== p.pid) this.threadIds.delete(th.tid);
      th.state = 'exited';
      th.queue?.remove(th);
      this.scheduler.remove(th);
    }
    for (const [fd] of this.handles(p).entries()) this.handles(p).close(fd);
    for (const hook of this.exitHooks) hook(p);
    if (this.cpu.space === p.space) this.cpu.space = this.idleSpace;
    p.mm.dispose();
    p.signals.pending = 0;
    p.state = 'zombie';
    p.waitStatus = waitStatus;
    const init = this.init;
    for (const c of p.children) {
      c.parent = init;
      if (init && init !== p) init.children.add(c);
    }
    p.children.clear();
    if (p.parent) this.wake(p.parent.childExit);
    this.wake(p.exited);
    // SIG.CHILD.EXIT: the parent of a waitable child gets SIGCHLD (a child a synchronous spawn holds is not waitable).
    if (p.parent && p.parent.children.has(p)) this.signal(p.parent, SIGCHLD);
    if (p === this.init) {
      this.verdict =
        (waitStatus & 0x7f) !== 0
          ? { kind: 'signal', signal: waitStatus & 0x7f, detail: `init killed by signal ${waitStatus & 0x7f}` }
          : { kind: 'exit', status: (waitStatus >> 8) & 0xff };
    }
  }

  killProcess(p: Process, signal: number, detail: string): void {
    this.opts.trace?.(`[${p.pid}] killed by signal ${signal}: ${detail}`);
    this.exitProcess(p, signal & 0x7f);
    if (p === this.init) this.verdict = { kind: 'signal', signal, detail };
  }

  private describeBlocked(): string {
    const blocked = [...this.processes.values()].flatMap((p) => p.threads.filter((t) => t.state === 'blocked'));
    return blocked.map((t) => `${t.name} waits on ${t.queue?.what ?? 'a timeout'}`).join('; ') || 'no runnable thread';
  }
}

const RECENT = 16;

interface DecodedCall {
  readonly nr: bigint;
  readonly args: bigint[];
  readonly row: SyscallRow | undefined;
}

/** How a syscall left the kernel. */
type CallEnd =
  | { readonly kind: 'return'; readonly ret: bigint; readonly clause: string | null }
  | { readonly kind: 'block'; readonly on: string }
  | { readonly kind: 'no-return' };

interface RecentCall {
  readonly thread: Thread;
  readonly call: DecodedCall;
  readonly end: CallEnd;
}

function describeEnd(end: CallEnd): string {
  switch (end.kind) {
    case 'return':
      return formatRet(end.ret);
    case 'block':
      return `blocks on ${end.on}`;
    case 'no-return':
      return 'does not return';
  }
}

/** A JavaScript exception inside the kernel, with where it happened and the calls before it. */
class KernelPanic extends Error {
  constructor(
    readonly where: string,
    readonly original: unknown,
    private readonly recent: readonly (RecentCall | undefined)[],
  ) {
    super(where);
  }

  describe(count: number): string {
    const cause = this.original instanceof Error ? (this.original.stack ?? this.original.message) : String(this.original);
    const tail: string[] = [];
    for (let i = count - RECENT + 1; i <= count; i++) {
      const c = i > 0 ? this.recent[i % RECENT] : undefined;
      if (!c) continue;
      const { row, nr, args } = c.call;
      tail.push(`  [${c.thread.name}] ${row?.name ?? `syscall_${nr}`}(${args.slice(0, row?.args.length ?? 6).map((a) => `0x${a.toString(16)}`).join(', ')}) = ${describeEnd(c.end)}`);
    }
    return `${this.where}: ${cause}\ntrace tail (last ${tail.length} calls):\n${tail.join('\n')}`;
  }
}

/**
 * A capability or argument failure of a row whose failure is a sentinel value (resolve) returns
 * the sentinel instead of -errno, keeping the clause (ABI.VALUERET, NET.RESOLVE.ERRORS).
 */
function sentinelFailure(row: SyscallRow, failure: Outcome): Outcome {
  return row.ret.kind === 'value' && row.ret.failure.kind === 'sentinel' ? { ret: BigInt(row.ret.failure.value), clause: failure.clause } : failure;
}

function setCtxX(ctx: CpuContext, n: number, value: number): void {
  ctx.x[2 * n] = value | 0;
  ctx.x[2 * n + 1] = Math.floor(value / 2 ** 32) | 0;
}
