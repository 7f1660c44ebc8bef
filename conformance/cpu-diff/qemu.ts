import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QEMU = 'qemu-aarch64-static';

let qemuPresent: boolean | undefined;

/** Whether qemu-aarch64-static is installed. */
export function hasQemu(): boolean {
  if (qemuPresent === undefined) {
    try {
      execFileSync(QEMU, ['--version'], { stdio: 'ignore' });
      qemuPresent = true;
    } catch {
      qemuPresent = false;
    }
  }
  return qemuPresent;
}

export interface QemuResult {
  readonly stdout: Uint8Array;
  readonly stderr: string;
  /** Exit status, or null when killed by a signal. */
  readonly status: number | null;
  /** Signal name (e.g. SIGSEGV) when killed. */
  readonly signal: string | null;
}

/** A directory for temporary programs and outputs, on tmpfs when the host has one. */
function scratchDir(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtempSync(join(base, 'touchstone-cpu-diff-'));
}

interface Exit {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stderr: string;
}

/**
 * A small Node process that spawns qemu for us. Forking copies the page tables of the forking
 * process, which for this process (large typed arrays) costs tens of milliseconds per spawn;
 * the launcher's are small. It gets {id, cmd, args, out} over IPC and replies {id, exit}.
 */
const LAUNCHER_SOURCE = `
const { spawn } = require('node:child_process');
const { openSync, closeSync } = require('node:fs');
process.on('message', (m) => {
  const out = openSync(m.out, 'w');
  const child = spawn(m.cmd, m.args, { stdio: ['ignore', out, 'pipe'], timeout: m.timeout });
  const err = [];
  child.stderr.on('data', (b) => err.push(b));
  child.on('error', (e) => { closeSync(out); process.send({ id: m.id, status: 127, signal: null, stderr: String(e) }); });
  child.on('close', (status, signal) => {
    closeSync(out);
    process.send({ id: m.id, status, signal, stderr: Buffer.concat(err).toString() });
  });
});
process.on('disconnect', () => process.exit(0));
`;

class Launcher {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (exit: Exit) => void>();
  private nextId = 0;

  constructor() {
    this.child = spawn(process.execPath, ['-e', LAUNCHER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('message', (m: Exit & { id: number }) => {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.idle(true);
    });
    this.child.on('exit', () => {
      for (const resolve of this.pending.values()) resolve({ status: null, signal: 'LAUNCHER', stderr: 'qemu launcher died' });
      this.pending.clear();
      launcher = undefined;
    });
    this.idle(true);
  }

  /** An idle launcher must not keep this process alive. */
  private idle(yes: boolean): void {
    if (yes) {
      this.child.unref();
      this.child.channel?.unref();
    } else {
      this.child.ref();
      this.child.channel?.ref();
    }
  }

  /** Ends the launcher; qemu runs still in flight are killed with it. */
  close(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }

  run(cmd: string, args: readonly string[], out: string, timeout: number): Promise<Exit> {
    const id = this.nextId++;
    this.idle(false);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, cmd, args, out, timeout });
    });
  }
}

let launcher: Launcher | undefined;

/** Stops the qemu launcher process, if one is running (call when a run is over). */
export function closeQemu(): void {
  launcher?.close();
  launcher = undefined;
}

/** Runs an ELF under qemu-aarch64-static; its stdout goes to a file, read back afterwards. */
export async function runQemu(elf: Uint8Array, args: readonly string[] = [], timeoutMs = 120_000): Promise<QemuResult> {
  const dir = scratchDir();
  try {
    const prog = join(dir, 'prog.elf');
    const outPath = join(dir, 'stdout');
    writeFileSync(prog, elf, { mode: 0o755 });
    launcher ??= new Launcher();
    const { status, signal, stderr } = await launcher.run(QEMU, [prog, ...args], outPath, timeoutMs);
    return { stdout: new Uint8Array(readFileSync(outPath)), stderr, status, signal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs async tasks with at most `limit` in flight. */
export class Pool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
