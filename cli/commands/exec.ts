import { readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { ElfError } from '../../cpu/elf/index.js';
import { execLinuxElf } from '../../reference-kernel/linux/personality.js';
import { Kernel } from '../../reference-kernel/swiftos/kernel.js';
import { BootError } from '../../reference-kernel/swiftos/loader.js';

const USAGE = 'exec [--personality swiftos|linux] [--image DIR] [--seed N] [--trace] [--max-instructions N] prog.elf [args...]';
const PERSONALITIES = ['swiftos', 'linux'];

export const execCommand: Command = {
  name: 'exec',
  summary: 'run a static AArch64 ELF as init of the reference kernel (swiftos) or as a Linux process',
  usage: USAGE,
  async run(args) {
    let personality = 'swiftos';
    let maxInstructions: number | undefined;
    let trace = false;
    let image: string | undefined;
    let seed: number | undefined;
    let i = 0;
    for (; i < args.length && args[i]!.startsWith('--'); i++) {
      const arg = args[i]!;
      if (arg === '--') {
        i++;
        break;
      }
      if (arg === '--trace') {
        trace = true;
        continue;
      }
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = inline ?? args[++i];
      if (name === '--personality') personality = value ?? '';
      else if (name === '--max-instructions') maxInstructions = Number(value);
      else if (name === '--image') image = value;
      else if (name === '--seed') seed = Number(value);
      else {
        process.stderr.write(`exec: unknown option '${arg}'\nusage: touchstone ${USAGE}\n`);
        return 2;
      }
    }
    if (!PERSONALITIES.includes(personality)) {
      process.stderr.write(`exec: unsupported personality '${personality}' (supported: ${PERSONALITIES.join(', ')})\n`);
      return 2;
    }
    if (maxInstructions !== undefined && !(maxInstructions > 0)) {
      process.stderr.write('exec: --max-instructions needs a positive number\n');
      return 2;
    }
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
      process.stderr.write('exec: --seed needs an integer in 0..2^32-1\n');
      return 2;
    }
    if (personality === 'linux' && (image !== undefined || seed !== undefined)) {
      process.stderr.write('exec: --image and --seed apply to the swiftos personality only\n');
      return 2;
    }
    const file = args[i];
    if (file === undefined) {
      process.stderr.write(`usage: touchstone ${USAGE}\n`);
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      process.stderr.write(`exec: ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return 127;
    }
    if (personality === 'swiftos') return execSwiftos(bytes, file, args.slice(i + 1), { maxInstructions, trace, image, seed });
    let outcome;
    try {
      outcome = execLinuxElf(bytes, file, {
        argv: [file, ...args.slice(i + 1)],
        envp: [],
        maxInstructions,
        io: { stdout: (b) => process.stdout.write(b), stderr: (b) => process.stderr.write(b) },
      });
    } catch (err) {
      if (err instanceof ElfError) {
        process.stderr.write(`exec: ${err.message}\n`);
        return 126;
      }
      throw err;
    }
    switch (outcome.kind) {
      case 'exit':
        return outcome.status;
      case 'signal':
        process.stderr.write(`exec: ${outcome.diagnostic}\n`);
        return outcome.status;
      default:
        process.stderr.write(`exec: instruction limit reached after ${outcome.instret} instructions\n`);
        return 124;
    }
  },
};

/** Boots the SwiftOS reference kernel with `file` as init; exit status 128 + signal when killed. */
interface SwiftosOptions {
  readonly maxInstructions?: number;
  readonly trace: boolean;
  readonly image?: string;
  readonly seed?: number;
}

function execSwiftos(bytes: Uint8Array, file: string, rest: string[], opts: SwiftosOptions): number {
  let kernel: Kernel;
  try {
    kernel = newKernel(file, rest, opts);
  } catch (err) {
    process.stderr.write(`exec: --image ${opts.image}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    kernel.boot(bytes, file);
  } catch (err) {
    if (err instanceof ElfError || err instanceof BootError) {
      process.stderr.write(`exec: ${err.message}\n`);
      return 126;
    }
    throw err;
  }
  return report(kernel);
}

function newKernel(file: string, rest: string[], opts: SwiftosOptions): Kernel {
  return new Kernel({
    argv: [file, ...rest],
    ...(opts.image !== undefined ? { image: opts.image } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    maxInstructions: opts.maxInstructions,
    onConsoleOutput: (b) => process.stdout.write(b),
    trace: opts.trace ? (line) => process.stderr.write(line + '\n') : undefined,
  });
}

function report(kernel: Kernel): number {
  const { verdict } = kernel.run();
  switch (verdict.kind) {
    case 'exit':
      return verdict.status;
    case 'signal':
      process.stderr.write(`exec: init killed by signal ${verdict.signal}: ${verdict.detail}\n`);
      return 128 + verdict.signal;
    case 'timeout':
      process.stderr.write('exec: instruction limit reached\n');
      return 124;
    case 'deadlock':
      process.stderr.write(`exec: every thread is blocked: ${verdict.detail}\n`);
      return 125;
    case 'reboot':
      process.stderr.write(`exec: the guest called reboot (${verdict.command})\n`);
      return 0;
    case 'panic':
      process.stderr.write(`exec: KERNEL PANIC (a reference-kernel bug): ${verdict.detail}\n`);
      return 70;
  }
}
