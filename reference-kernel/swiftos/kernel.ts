import { Cpu, type StopReason } from '../../cpu/cpu.js';
import { readElf } from '../../cpu/elf/index.js';
import { AddressSpace } from '../../cpu/memory/address-space.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import { CAP_BITS, constValue, errnoName, SEEDED_PRINCIPAL_CAPS, syscallByNumber, type SyscallRow } from '../../spec/index.js';
import { validateArgs } from './args.js';
import { loadLinuxElf } from '../linux/loader.js';
import { VirtualClock } from './clock.js';
import { Console } from './console.js';
import { HandleTable } from './handles.js';
import { HANDLERS } from './handlers/index.js';
import { Process, type Identity } from './process.js';
import { BLOCK, fail, NO_RETURN, type Outcome } from './result.js';
import { Scheduler, type Chooser } from './scheduler.js';
import { Thread } from './thread.js';
import type { WaitQueue } from './waitqueue.js';

export interface BootOptions {
  /** Instructions a thread runs before it is preempted. */
  readonly quantum?: number;
  /** Instruction budget of the whole run; past it the verdict is `timeout`. */
  readonly maxInstructions?: number;
  readonly memoryBytes?: number;
  readonly maxHandles?: number;
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  readonly consoleInput?: Uint8Array;
  readonly chooser?: Chooser;
  /** Receives one line per syscall (pid/tid, name, arguments, result, clause). */
  readonly trace?: (line: string) => void;
  readonly onConsoleOutput?: (bytes: Uint8Array) => void;
  /** init's security context (default: the seeded root principal). */
  readonly identity?: Identity;
  /** Unix time at boot, in seconds (clause TIME.EPOCH). */
  readonly epoch?: number;
  /** Largest pid before allocation wraps to 2 (clause PROC.PID.ALLOC). */
  readonly pidMax?: number;
  /** Live and zombie processes allowed at once (clause PROC.TABLE.FULL). */
  readonly maxProcesses?: number;
}

export type Verdict =
  | { readonly kind: 'exit'; readonly status: number }
  | { readonly kind: 'signal'; readonly signal: number; readonly detail: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'deadlock'; readonly detail: string }
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

/**
 * The SwiftOS reference kernel: one emulated CPU runs every thread; a run is a pure function
 * of the image and the boot options.
 */
export class Kernel {
  readonly phys: PhysicalMemory;
  readonly cpu: Cpu;
  readonly clock = new VirtualClock();
  readonly console: Console;
  readonly scheduler: Scheduler;
  readonly processes = new Map<number, Process>();
  readonly handleTables = new Map<Process, HandleTable>();
  private readonly opts: BootOptions;
  private lastPid = 0;
  private nextTid = 1;
  private syscallCount = 0;
  private verdict: Verdict | null = null;
  init: Process | null = null;

  constructor(opts: BootOptions = {}) {
    this.opts = opts;
    this.phys = new PhysicalMemory(opts.memoryBytes ?? 64 << 20);
    this.cpu = new Cpu(new AddressSpace(this.phys));
    this.cpu.counter = () => this.clock.counter();
    this.cpu.counterFrequency = VirtualClock.COUNTER_HZ;
    this.console = new Console(opts.consoleInput);
    this.console.onOutput = opts.onConsoleOutput ?? null;
    this.scheduler = new Scheduler(opts.chooser);
  }

  /** Loads `elf` as init (pid 1) with the console on fds 0, 1 and 2. */
  boot(elf: Uint8Array, file: string): Process {
    const image = readElf(elf, file);
    const space = new AddressSpace(this.phys);
    const argv = this.opts.argv ?? [file];
    const envp = this.opts.envp ?? [];
    const loaded = loadLinuxElf(space, image, { argv, envp });
    const identity = this.opts.identity ?? { principal: 0, session: 0, caps: SEEDED_PRINCIPAL_CAPS.root };
    const proc = new Process(this.allocPid(), null, space, argv, identity);
    const table = new HandleTable(this.opts.maxHandles ?? 64);
    for (let fd = 0; fd < 3; fd++) table.install({ object: this.console, rights: 0xff, cloexec: false });
    this.handleTables.set(proc, table);
    this.processes.set(proc.pid, proc);
    this.init = proc;

    // Entry registers (clause PROC.ENTRY.REGS): x0 = argc, x1 = argv, x2 = envp, SP at argc.
    this.cpu.space = space;
    const sp = loaded.sp;
    this.cpu.setXNum(0, argv.length);
    this.cpu.setXNum(1, sp + 8);
    this.cpu.setXNum(2, sp + 8 * (argv.length + 2));
    this.cpu.setXNum(31, sp);
    this.cpu.pc = loaded.entry;
    const t = new Thread(this.nextTid++, proc, this.cpu.saveContext());
    proc.threads.push(t);
    this.scheduler.makeRunnable(t);
    return proc;
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
          const stop = this.cpu.run(Math.min(slice, limit - executed));
          const ran = this.cpu.instret - before;
          executed += ran;
          slice -= ran;
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
      this.verdict = { kind: 'panic', detail: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    return { verdict: this.verdict!, console: this.console.output, instructions: executed, syscalls: this.syscallCount };
  }

  private switchTo(t: Thread): void {
    this.cpu.space = t.process.space;
    this.cpu.restoreContext(t.context);
  }

  private handleStop(t: Thread, stop: StopReason): void {
    switch (stop.kind) {
      case 'svc':
        this.syscall(t);
        return;
      case 'fault':
        this.killProcess(t.process, stop.alignment ? SIGBUS : SIGSEGV, `${stop.access} fault at 0x${stop.addr.toString(16)}`);
        return;
      case 'undefined':
      case 'udf':
      case 'hlt':
        this.killProcess(t.process, SIGILL, `${stop.kind} at 0x${stop.pc.toString(16)}`);
        return;
      case 'brk':
        this.killProcess(t.process, SIGTRAP, `brk at 0x${stop.pc.toString(16)}`);
        return;
      case 'budget':
        return;
    }
  }

  private syscall(t: Thread): void {
    this.syscallCount++;
    const nr = this.cpu.getX(8);
    const args = [0, 1, 2, 3, 4, 5].map((i) => this.cpu.getX(i));
    const row = nr <= 0xffffn ? syscallByNumber(Number(nr)) : undefined;
    let result: Outcome | typeof BLOCK | typeof NO_RETURN;
    if (row === undefined) {
      result = fail('ENOSYS', 'ABI.ENOSYS.UNKNOWN');
    } else if (row.support === 'not-implemented' || HANDLERS[row.name] === undefined) {
      result = fail('ENOSYS', 'ABI.ENOSYS.NOTIMPL');
    } else if (row.capability && (t.process.identity.caps & CAP_BITS[row.capability.cap]) === 0) {
      result = fail(row.capability.errno, row.capability.clause);
    } else {
      const validated = validateArgs({ row, raw: args, space: t.process.space, handles: this.handles(t.process) });
      if ('ret' in validated) result = validated;
      else result = HANDLERS[row.name]!({ kernel: this, thread: t, process: t.process, raw: args, args: validated, row });
    }
    if (result === BLOCK) {
      this.cpu.pc -= 4;
      t.context = this.cpu.saveContext();
      this.traceLine(t, row, nr, args, `blocks on ${t.queue?.what ?? 'a timeout'}`, null);
      return;
    }
    t.timeout = null;
    if (result === NO_RETURN) {
      this.traceLine(t, row, nr, args, 'does not return', null);
      return;
    }
    this.cpu.setX(0, result.ret);
    this.traceLine(t, row, nr, args, formatRet(result.ret), result.clause);
  }

  private traceLine(t: Thread, row: SyscallRow | undefined, nr: bigint, args: bigint[], result: string, clause: string | null): void {
    if (!this.opts.trace) return;
    const name = row?.name ?? `syscall_${nr}`;
    const shown = args.slice(0, row ? row.args.length : 6).map((a) => `0x${a.toString(16)}`);
    this.opts.trace(`[${t.name}] ${name}(${shown.join(', ')}) = ${result}${clause ? ` [${clause}]` : ''}`);
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
      if (!this.processes.has(pid)) {
        this.lastPid = pid;
        return pid;
      }
    }
    return -1;
  }

  /** Copies the calling process (PROC.FORK.*): memory, handles, identity; one thread. */
  fork(parent: Process): Process | 'EAGAIN' | 'ENOMEM' {
    if (this.processes.size >= (this.opts.maxProcesses ?? 64)) return 'EAGAIN';
    const pid = this.allocPid();
    if (pid < 0) return 'EAGAIN';
    const space = new AddressSpace(this.phys);
    for (const vpn of parent.space.mappedPages()) {
      const frame = this.phys.alloc();
      if (frame < 0) {
        space.clear();
        return 'ENOMEM';
      }
      space.mapPage(vpn, frame, parent.space.permsOf(vpn));
      space.poke(vpn * 4096, parent.space.peek(vpn * 4096, 4096));
    }
    const child = new Process(pid, parent, space, parent.argv, parent.identity);
    parent.children.add(child);
    this.processes.set(pid, child);
    this.handleTables.set(child, this.handles(parent).clone());
    const ctx = this.cpu.saveContext();
    ctx.x[0] = 0;
    ctx.x[1] = 0;
    const t = new Thread(this.nextTid++, child, ctx);
    child.threads.push(t);
    this.scheduler.makeRunnable(t);
    return child;
  }

  /** Removes a zombie child for good; its pid becomes free (PROC.WAIT.REAP). */
  reap(child: Process): void {
    child.parent?.children.delete(child);
    this.processes.delete(child.pid);
    this.handleTables.delete(child);
  }

  /** Ends a process with a wait status; ends the run when it is init. */
  exitProcess(p: Process, waitStatus: number): void {
    if (p.state === 'zombie') return;
    for (const th of p.threads) {
      th.state = 'exited';
      th.queue?.remove(th);
      this.scheduler.remove(th);
    }
    for (const [fd] of this.handles(p).entries()) this.handles(p).close(fd);
    if (this.cpu.space === p.space) this.cpu.space = new AddressSpace(this.phys);
    p.space.clear();
    p.state = 'zombie';
    p.waitStatus = waitStatus;
    const init = this.init;
    for (const c of p.children) {
      c.parent = init;
      if (init && init !== p) init.children.add(c);
    }
    p.children.clear();
    if (p.parent) this.wake(p.parent.childExit);
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

function formatRet(ret: bigint): string {
  const signed = BigInt.asIntN(64, ret);
  if (signed < 0n && signed >= -4095n) return `${signed} ${errnoName(Number(-signed)) ?? ''}`.trimEnd();
  return signed >= 0n && signed < 1_000_000n ? String(signed) : `0x${BigInt.asUintN(64, ret).toString(16)}`;
}
