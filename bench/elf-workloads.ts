import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execLinuxElf } from '../reference-kernel/linux/index.js';
import { QEMU } from '../conformance/cpu-diff/qemu.js';
import { median } from './stats.js';

export interface ElfWorkload {
  readonly name: string;
  readonly file: string;
  readonly description: string;
}

export interface ElfResult {
  readonly name: string;
  readonly description: string;
  readonly instructions: number;
  readonly touchstoneSeconds: number;
  readonly mips: number;
  /** Median qemu-aarch64 wall time, or null when qemu is not installed. */
  readonly qemuSeconds: number | null;
  /** qemu time / Touchstone time (above 1: Touchstone is faster). */
  readonly ratio: number | null;
  readonly outputMatchesQemu: boolean | null;
}


function runTouchstone(bytes: Uint8Array, file: string): { seconds: number; instructions: number; out: string } {
  const chunks: Uint8Array[] = [];
  const t0 = process.hrtime.bigint();
  const outcome = execLinuxElf(bytes, file, { io: { stdout: (b) => chunks.push(b), stderr: () => undefined }, argv: [file] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (outcome.kind !== 'exit' || outcome.status !== 0) {
    throw new Error(`${file}: did not exit 0 in Touchstone: ${JSON.stringify(outcome)}`);
  }
  return { seconds, instructions: outcome.instret, out: Buffer.concat(chunks).toString('latin1') };
}

function runQemu(path: string): { seconds: number; out: string } {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(QEMU, [path], { encoding: 'latin1' });
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, out };
}

/** Runs one ELF `repeats` times in Touchstone and (when installed) in qemu; medians. */
export function benchElf(w: ElfWorkload, dir: string, repeats: number, qemu: boolean): ElfResult {
  const path = join(dir, w.file);
  const bytes = new Uint8Array(readFileSync(path));
  const ours = Array.from({ length: repeats }, () => runTouchstone(bytes, path));
  const touchstoneSeconds = median(ours.map((r) => r.seconds));
  const instructions = ours[0]!.instructions;
  let qemuSeconds: number | null = null;
  let outputMatchesQemu: boolean | null = null;
  if (qemu) {
    const theirs = Array.from({ length: repeats }, () => runQemu(path));
    qemuSeconds = median(theirs.map((r) => r.seconds));
    outputMatchesQemu = theirs[0]!.out === ours[0]!.out;
  }
  return {
    name: w.name,
    description: w.description,
    instructions,
    touchstoneSeconds,
    mips: instructions / touchstoneSeconds / 1e6,
    qemuSeconds,
    ratio: qemuSeconds === null ? null : qemuSeconds / touchstoneSeconds,
    outputMatchesQemu,
  };
}
