// Finding files: a minimized, replayable case per finding (corpora/findings/<engine>-<hash>.json)
// and seed corpus entries (corpora/fuzz/*.json) in the same format. Each says what it expects on
// replay: `reproduces` (an open finding: the failure must still show, the same way) or `passes`
// (a seed, or a fixed finding). `npm test` replays every file (fuzz/corpus.test.ts). The format
// itself is in finding.ts.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeExpect, describeRet, execute } from './model/execute.js';
import { describeFailure, failed, type ScenarioResult } from './model/fuzzer.js';
import { plant } from './model/plant.js';
import { compile } from './model/program.js';
import { FindingFormatError, type FindingCase } from './finding.js';
import { runRaw } from './raw/engine.js';
import { byteTarget } from './targets/index.js';
import { fuzzTarget, runDifferential } from './differential/diff.js';

/** What identifies a finding (the hash in its file name): its engine's replay input. */
function payload(f: FindingCase): unknown {
  switch (f.engine) {
    case 'model': return [f.scenario, f.skipKnown, f.plant ?? null];
    case 'raw': return [f.rawSeed, f.calls];
    case 'jsfuzz': return [f.target, f.input];
    case 'differential': return [f.scenario, f.targets];
  }
}

export function findingId(f: FindingCase): string {
  return `${f.engine}-${createHash('sha256').update(JSON.stringify(payload(f))).digest('hex').slice(0, 12)}`;
}

/** Writes `f` as <dir>/<engine>-<hash>.json; returns the path. */
export function writeFinding(dir: string, f: FindingCase): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${findingId(f)}.json`);
  writeFileSync(file, JSON.stringify(f, null, 2) + '\n');
  return file;
}

export interface Replay {
  /** Whether the failure showed. */
  readonly failed: boolean;
  /** Whether that is what the file expects. */
  readonly ok: boolean;
  readonly summary: string;
  /** A human account of the replay (calls, expected and actual results). */
  readonly lines: readonly string[];
}

function modelLines(r: ScenarioResult): string[] {
  const lines = [`${r.program.calls.length} call(s) kept, ${r.program.dropped.length} left out; verdict ${JSON.stringify(r.run.verdict).slice(0, 160)}`];
  for (const c of r.program.calls) {
    const args = c.args.map((a) => (a.kind === 'imm' ? `0x${a.v.toString(16)}` : `result#${a.slot}+0x${a.add.toString(16)}`)).join(', ');
    lines.push(`  #${c.index} ${c.name}(${args}) → expect ${c.expect.map(describeExpect).join(' then ')}  [${c.clause}]`);
  }
  for (const d of r.program.dropped) lines.push(`  #${d.index} ${d.name}: left out (${d.why})`);
  if (r.mismatch) lines.push(`mismatch: call #${r.mismatch.index} ${r.mismatch.name}: expected ${r.mismatch.expected}, got ${r.mismatch.got}`);
  for (const f of r.findings) lines.push(`${f.oracle} (after call ${f.call}): ${f.detail.split('\n')[0]}`);
  return lines;
}

/** Replays a finding file's case and says whether it behaved as the file expects. */
export function replayFinding(f: FindingCase): Replay {
  const judge = (didFail: boolean, summary: string, lines: readonly string[]): Replay => ({
    failed: didFail, ok: f.expect === 'reproduces' ? didFail : !didFail, summary, lines,
  });
  switch (f.engine) {
    case 'model': {
      const undo = f.plant !== undefined ? plant(f.plant) : null;
      try {
        const program = compile(f.scenario, { skipKnown: f.skipKnown });
        const run = execute(program);
        const r: ScenarioResult = { program, run, mismatch: run.mismatch, findings: run.findings };
        return judge(failed(r), describeFailure(r), modelLines(r));
      } finally {
        undo?.();
      }
    }
    case 'raw': {
      const a = runRaw({ seed: BigInt(f.rawSeed), calls: f.calls });
      const b = runRaw({ seed: BigInt(f.rawSeed), calls: f.calls });
      const replayDiffers = a.traceHash !== b.traceHash;
      const findings = [...a.findings, ...(replayDiffers ? [{ oracle: 'replay' as const, call: -1, detail: `trace ${a.traceHash} then ${b.traceHash}` }] : [])];
      const summary = findings.length > 0 ? `${findings[0]!.oracle}: ${findings[0]!.detail.split('\n')[0]}` : 'no failure';
      return judge(findings.length > 0 || a.verdict.kind === 'panic', summary, [
        `${a.syscalls} syscalls, verdict ${a.verdict.kind}, trace ${a.traceHash}`, ...findings.map((x) => `${x.oracle} (call ${x.call}): ${x.detail.split('\n')[0]}`),
      ]);
    }
    case 'jsfuzz': {
      const t = byteTarget(f.target);
      if (!t) throw new FindingFormatError(`no byte target '${f.target}'`);
      const input = Buffer.from(f.input, 'base64');
      try {
        t.fuzz(input);
        return judge(false, 'no failure', [`${input.length} bytes: no exception`]);
      } catch (err) {
        const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        if (t.documented(err)) return judge(false, 'no failure', [`${input.length} bytes: documented error ${text}`]);
        return judge(true, `crash: ${text.split('\n')[0]}`, [`${input.length} bytes: undocumented ${text}`, ...(err instanceof Error && err.stack ? err.stack.split('\n').slice(1, 6) : [])]);
      }
    }
    case 'differential': {
      const [an, bn] = f.targets;
      const a = fuzzTarget(an);
      const b = fuzzTarget(bn);
      if (!a || !b) throw new FindingFormatError(`unknown target ${!a ? an : bn}`);
      const r = runDifferential(f.scenario, a, b);
      const d = r.difference;
      return judge(d !== null, d ? `${an} and ${bn} differ at ${d.where}: ${d.a} vs ${d.b}` : 'the targets agree', [
        `${r.program.calls.length} call(s) on ${an} and ${bn}`, ...(d ? [`${d.where}: ${an} ${d.a}, ${bn} ${d.b}`] : []),
      ]);
    }
  }
}

export { describeRet };

export { FINDING_SCHEMA, FindingFormatError, parseFinding, readFinding, type FindingCase, type Expectation, type EngineName } from './finding.js';
