import { readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { ElfError } from '../../cpu/elf/index.js';
import { execLinuxElf } from '../../reference-kernel/linux/personality.js';

const USAGE = 'exec --personality linux [--max-instructions N] prog.elf [args...]';

export const execCommand: Command = {
  name: 'exec',
  summary: 'run a static AArch64 ELF in the reference kernel (personality: linux)',
  usage: USAGE,
  async run(args) {
    let personality = 'linux';
    let maxInstructions: number | undefined;
    let i = 0;
    for (; i < args.length && args[i]!.startsWith('--'); i++) {
      const arg = args[i]!;
      if (arg === '--') {
        i++;
        break;
      }
      const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = inline ?? args[++i];
      if (name === '--personality') personality = value ?? '';
      else if (name === '--max-instructions') maxInstructions = Number(value);
      else {
        process.stderr.write(`exec: unknown option '${arg}'\nusage: touchstone ${USAGE}\n`);
        return 2;
      }
    }
    if (personality !== 'linux') {
      process.stderr.write(`exec: unsupported personality '${personality}' (supported: linux)\n`);
      return 2;
    }
    if (maxInstructions !== undefined && !(maxInstructions > 0)) {
      process.stderr.write('exec: --max-instructions needs a positive number\n');
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
