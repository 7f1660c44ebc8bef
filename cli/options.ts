import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad command line: the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** node:util parseArgs in strict mode, with its errors turned into UsageError. */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O, positionals = false) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: positionals });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} needs a positive integer, got '${v}'`);
  return n;
}

/** Runs a command body, mapping UsageError to exit status 2 and other errors to a one-line message and 1. */
export async function withUsage(command: string, usage: string, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${command}: ${err.message}\nusage: touchstone ${usage}\n`);
      return 2;
    }
    process.stderr.write(`${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
