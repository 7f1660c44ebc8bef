import { syscallByName } from '../../spec/index.js';
import { HANDLERS } from '../../reference-kernel/swiftos/handlers/index.js';
import { Kernel } from '../../reference-kernel/swiftos/kernel.js';
import { BootError } from '../../reference-kernel/swiftos/loader.js';
import { ElfError } from '../../cpu/elf/index.js';
import { PhysicalMemory } from '../../cpu/memory/physical.js';
import type { PackageStoreOptions } from '../../reference-kernel/swiftos/pkg/index.js';
import type { UpdateStoreOptions } from '../../reference-kernel/swiftos/update/index.js';
import { DEFAULT_ARGV, DEFAULT_MAX_INSTRUCTIONS, MACHINE_BYTES, type BuiltCase, type PackageStoreBoot, type UpdateStoreBoot } from '../model.js';
import type { Outcome, RunOptions, Target } from './target.js';

const enc = new TextEncoder();

/** One machine per size, reused by every case this process runs (reset by each new kernel). */
const machines = new Map<number, PhysicalMemory>();

function machine(bytes: number): PhysicalMemory {
  let m = machines.get(bytes);
  if (!m) {
    m = new PhysicalMemory(bytes);
    machines.set(bytes, m);
  }
  return m;
}

/** The reference kernel, in process. */
export const referenceTarget: Target = {
  name: 'reference',
  supports(row) {
    return syscallByName(row)?.support === 'implemented' && HANDLERS[row] !== undefined;
  },
  run(c: BuiltCase, opts: RunOptions = {}): Outcome {
    const trace: string[] = [];
    const clauses = new Set<string>();
    const boot = c.boot;
    const schedule = boot.schedule;
    const memoryBytes = boot.memoryBytes ?? MACHINE_BYTES;
    if (!(Number.isInteger(memoryBytes) && memoryBytes > 0 && memoryBytes % 4096 === 0 && memoryBytes <= 1 << 30)) {
      return { verdict: { kind: 'broken', detail: `memoryBytes ${memoryBytes} is not a page multiple up to 1 GiB` }, console: new Uint8Array(0) };
    }
    let kernel: Kernel;
    try {
      kernel = new Kernel({
        argv: boot.argv ?? DEFAULT_ARGV,
        envp: boot.envp ?? [],
        maxInstructions: boot.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS,
        phys: machine(memoryBytes),
        ...(boot.identity ? { identity: boot.identity } : {}),
        ...(boot.pidMax !== undefined ? { pidMax: boot.pidMax } : {}),
        ...(boot.maxProcesses !== undefined ? { maxProcesses: boot.maxProcesses } : {}),
        ...(boot.quantum !== undefined ? { quantum: boot.quantum } : {}),
        ...(boot.seed !== undefined ? { seed: boot.seed } : {}),
        ...(boot.packageStore !== undefined ? { packageStore: packageStoreOptions(boot.packageStore) } : {}),
        ...(boot.updateStore !== undefined ? { updateStore: updateStoreOptions(boot.updateStore) } : {}),
        ...(boot.esp !== undefined ? { esp: boot.esp } : {}),
        ...(boot.devices !== undefined ? { devices: boot.devices } : {}),
        ...(boot.network !== undefined ? { network: boot.network } : {}),
        ...(boot.consoleInput !== undefined ? { consoleInput: enc.encode(boot.consoleInput) } : {}),
        ...(schedule ? { chooser: (runnable, point) => (schedule[point] ?? 0) % runnable.length } : {}),
        image: new Map(c.files.filter((f) => !isDataFile(f.path)).map((f) => [f.path, f.mode === undefined ? f.data : { data: f.data, mode: f.mode }])),
        ...(boot.psci !== undefined ? { psci: boot.psci } : {}),
        ...(boot.pipeBuffers !== undefined ? { pipeBuffers: boot.pipeBuffers } : {}),
        ...(boot.data !== undefined ? {
          data: {
            files: new Map(c.files.filter((f) => isDataFile(f.path)).map((f) => [f.path, f.mode === undefined ? f.data : { data: f.data, mode: f.mode }])),
            failFlush: boot.data.failFlush ?? false,
          },
        } : {}),
        onSyscall: (e) => {
          if (e.clause) clauses.add(e.clause);
        },
        ...(opts.trace ? { trace: (line: string) => trace.push(line) } : {}),
      });
    } catch (err) {
      // The constructor only takes the configuration in (an image file under /tmp, a bad identity).
      return { verdict: { kind: 'broken', detail: `boot options rejected: ${err instanceof Error ? err.message : String(err)}` }, console: new Uint8Array(0) };
    }
    try {
      kernel.boot(c.program, (boot.argv ?? DEFAULT_ARGV)[0] ?? 'init');
    } catch (err) {
      if (err instanceof ElfError || err instanceof BootError) {
        return { verdict: { kind: 'broken', detail: err.message }, console: new Uint8Array(0) };
      }
      throw err;
    }
    const r = kernel.run();
    kernel.dispose();
    return {
      verdict: r.verdict,
      console: r.console,
      instructions: r.instructions,
      syscalls: r.syscalls,
      clauses: [...clauses],
      ...(opts.trace ? { trace } : {}),
    };
  },
};

/** Image files under /data/ belong to the /data filesystem (INTERPRETING.md §5; FS.DATA.MACHINE). */
const isDataFile = (path: string): boolean => path.startsWith('/data/');

const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

function packageStoreOptions(b: PackageStoreBoot): PackageStoreOptions {
  return {
    ...(b.capacity !== undefined ? { capacity: b.capacity } : {}),
    ...(b.packages !== undefined ? { packages: b.packages.map((p) => ({ name: p.name, version: p.version, payload: fromBase64(p.payload) })) } : {}),
  };
}

function updateStoreOptions(b: UpdateStoreBoot): UpdateStoreOptions {
  const { payload, ...rest } = b;
  return { ...rest, ...(payload !== undefined ? { payload: fromBase64(payload) } : {}) };
}
