import { cpus } from 'node:os';
import type { Command } from '../command.js';
import { hasQemu, QEMU } from '../../conformance/cpu-diff/qemu.js';
import { runCpuDiff } from '../../conformance/cpu-diff/run.js';
import { closeQemu } from '../../conformance/cpu-diff/qemu.js';
import type { TouchstoneMode } from '../../conformance/cpu-diff/batch.js';
import type { FpcrMode } from '../../cpu/testgen/state.js';
import { ROW_BY_NAME } from '../../cpu/isa/table.js';

const USAGE =
  'cpu-diff [--count N] [--seed S] [--class CLS[,CLS]] [--rows NAME,...] [--length L] [--jobs J]\n' +
  '         [--batch B] [--fpcr zero|rmode|random] [--touchstone direct|elf] [--max-reports N] [--no-minimize]';

interface Flags {
  count: number;
  seed: number;
  classes: string[];
  rows: string[];
  length: number;
  jobs: number;
  batch: number;
  fpcr: FpcrMode;
  touchstone: TouchstoneMode;
  maxReports: number;
  minimize: boolean;
}

function parseFlags(args: readonly string[]): Flags {
  const flags: Flags = {
    count: 1000,
    seed: 1,
    classes: [],
    rows: [],
    length: 12,
    jobs: Math.max(1, Math.min(4, cpus().length)),
    batch: 64,
    fpcr: 'zero',
    touchstone: 'direct',
    maxReports: 10,
    minimize: true,
  };
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) throw new Error(`${name} needs an integer ≥ ${min}, got '${v ?? ''}'`);
    return n;
  };
  const list = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    switch (name) {
      case '--count': flags.count = int(name, value(), 0); break;
      case '--seed': flags.seed = int(name, value(), 0); break;
      case '--class': flags.classes.push(...list(value())); break;
      case '--rows': flags.rows.push(...list(value())); break;
      case '--length': flags.length = int(name, value(), 1); break;
      case '--jobs': flags.jobs = int(name, value(), 1); break;
      case '--batch': flags.batch = int(name, value(), 1); break;
      case '--max-reports': flags.maxReports = int(name, value(), 0); break;
      case '--no-minimize': flags.minimize = false; break;
      case '--fpcr': {
        const v = value();
        if (v !== 'zero' && v !== 'rmode' && v !== 'random') throw new Error(`--fpcr takes zero, rmode or random, got '${v ?? ''}'`);
        flags.fpcr = v;
        break;
      }
      case '--touchstone': {
        const v = value();
        if (v !== 'direct' && v !== 'elf') throw new Error(`--touchstone takes direct or elf, got '${v ?? ''}'`);
        flags.touchstone = v;
        break;
      }
      default:
        throw new Error(`unknown option '${arg}'\nusage: touchstone ${USAGE}`);
    }
  }
  return flags;
}

function progressBar(done: number, total: number, mismatches: number, started: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const rate = done / Math.max(1e-3, (performance.now() - started) / 1000);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${mismatches} mismatches  ${rate.toFixed(0)}/s `;
}

export const cpuDiffCommand: Command = {
  name: 'cpu-diff',
  summary: 'differential test of random instruction sequences: Touchstone vs qemu-aarch64',
  usage: USAGE,
  async run(args) {
    let flags: Flags;
    try {
      flags = parseFlags(args);
    } catch (err) {
      process.stderr.write(`cpu-diff: ${(err as Error).message}\n`);
      return 2;
    }
    if (!hasQemu()) {
      process.stdout.write(`${QEMU} not found; cpu-diff skipped\n`);
      return 0;
    }
    const tty = process.stderr.isTTY === true && !process.env.CI;
    const started = performance.now();
    let summary: Awaited<ReturnType<typeof runCpuDiff>>;
    try {
      summary = await runCpuDiff({
      count: flags.count,
      seed: flags.seed,
      classes: flags.classes,
      rows: flags.rows,
      length: flags.length,
      jobs: flags.jobs,
      batchSize: flags.batch,
      fpcr: flags.fpcr,
      touchstone: flags.touchstone,
      maxReports: flags.maxReports,
      minimize: flags.minimize,
      onProgress: tty ? (done, mm) => process.stderr.write(progressBar(done, flags.count, mm, started)) : undefined,
      });
    } finally {
      // No qemu process may outlive the run (a stray one would keep the CLI alive).
      closeQemu();
    }
    if (tty) process.stderr.write('\n');
    if (summary.droppedRows.length > 0) {
      process.stdout.write(`cpu-diff: rows skipped (no drawn word decodes back to them): ${summary.droppedRows.join(', ')}\n`);
    }
    for (const f of summary.findings) {
      const like = `use rows ${f.rows.join(', ')}${f.signature ? ` or stop with ${f.signature}` : ''}`;
      process.stdout.write(`${f.report}\n  (${f.count} mismatching case(s) ${like})\n\n`);
    }
    if (summary.findings.length > 0) {
      const byClass = new Map<string, string[]>();
      for (const f of summary.findings) {
        const cls = ROW_BY_NAME.get(f.suspect)?.cls ?? '?';
        byClass.set(cls, [...(byClass.get(cls) ?? []), `${f.suspect} (${f.count})`]);
      }
      process.stdout.write('cpu-diff: suspect rows (last instruction of each minimized mismatch) by class:\n');
      for (const [cls, rows] of byClass) process.stdout.write(`  ${cls}: ${rows.join(', ')}\n`);
    }
    if (summary.unexplained > 0) process.stdout.write(`cpu-diff: ${summary.unexplained} further mismatches not minimized\n`);
    const secs = (summary.elapsedMs / 1000).toFixed(1);
    process.stdout.write(
      `cpu-diff: ${summary.total} sequences, ${summary.mismatches} mismatches (seed ${flags.seed}, ${summary.rowCount} rows, ${secs} s)\n`,
    );
    return summary.mismatches === 0 ? 0 : 1;
  },
};
