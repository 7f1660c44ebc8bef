import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { benchElf, type ElfResult, type ElfWorkload } from './elf-workloads.js';
import { hasQemu } from '../conformance/cpu-diff/qemu.js';
import { benchConformance, formatConformanceBench, type ConformanceBench } from './conformance.js';
import { benchFuzz, formatFuzzBench, type FuzzBench } from './fuzz.js';

const WORKLOADS: readonly ElfWorkload[] = [
  { name: 'tight-loop', file: 'loop.elf', description: 'add/eor/subs/b.ne loop, 800M instructions' },
  { name: 'memops', file: 'memops.elf', description: 'memcpy/memset of 4-44 KiB blocks at odd alignments' },
  { name: 'compiled-c', file: 'workload.elf', description: 'gcc -O2: prime sieve, quicksort, SHA-256' },
];

function parseArgs(argv: string[]): { repeats: number; json: boolean; only: string | null } {
  let repeats = 3;
  let json = false;
  let only: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--repeats') repeats = Number(argv[++i]);
    else if (a === '--json') json = true;
    else if (a === '--only') only = argv[++i] ?? null;
    else throw new Error(`bench: unknown option ${a} (options: --repeats N, --json, --only NAME)`);
  }
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('bench: --repeats takes a positive integer');
  return { repeats, json, only };
}

function fmt(r: ElfResult): string {
  const qemu = r.qemuSeconds === null ? 'qemu: not installed' : `qemu ${r.qemuSeconds.toFixed(3)} s, qemu/touchstone time ratio ${r.ratio!.toFixed(3)}${r.outputMatchesQemu ? '' : ' (OUTPUT DIFFERS)'}`;
  return `${r.name.padEnd(11)} ${(r.instructions / 1e6).toFixed(1).padStart(7)} M insns  ${r.touchstoneSeconds.toFixed(3).padStart(7)} s  ${r.mips.toFixed(1).padStart(6)} MIPS  | ${qemu}`;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpora', 'bench');
  const qemu = hasQemu();
  const results: ElfResult[] = [];
  if (!opts.json) console.log(`emulator benchmarks (median of ${opts.repeats}; node ${process.version})`);
  for (const w of WORKLOADS) {
    if (opts.only && w.name !== opts.only) continue;
    const r = benchElf(w, dir, opts.repeats, qemu);
    results.push(r);
    if (!opts.json) console.log(fmt(r));
  }
  let conformance: ConformanceBench | null = null;
  if (!opts.only || opts.only === 'conformance') {
    conformance = benchConformance(opts.repeats);
    if (!opts.json) console.log(formatConformanceBench(conformance));
  }
  let fuzz: FuzzBench | null = null;
  if (!opts.only || opts.only === 'fuzz') {
    fuzz = benchFuzz(opts.repeats);
    if (!opts.json) console.log(formatFuzzBench(fuzz));
  }
  if (opts.json) console.log(JSON.stringify({ node: process.version, repeats: opts.repeats, emulator: results, conformance, fuzz }, null, 2));
}

main();
