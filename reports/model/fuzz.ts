// Fuzz campaign and differential sections, from the files those commands write.

import { expectFields, expectSchema, InputError, parseJson } from './check.js';
import {
  DIFFERENTIAL_SCHEMA, FUZZ_SCHEMA, type DifferentialFile, type DifferentialSection, type FuzzCampaignFile, type FuzzSection,
} from './types.js';

export function parseFuzzCampaign(text: string, source: string): FuzzCampaignFile {
  const v = parseJson(text, source);
  expectSchema(v, FUZZ_SCHEMA, source);
  const o = expectFields(v, { startedAt: 'string', target: 'string', engines: 'array', timeline: 'array', clausesReached: 'array', findings: 'array' }, source);
  for (const e of o.engines as readonly unknown[]) {
    expectFields(e, { engine: 'string', seed: 'number', seconds: 'number', execs: 'number', syscalls: 'number', findings: 'number' }, `${source}: engines`);
  }
  for (const t of o.timeline as readonly unknown[]) expectFields(t, { t: 'number', execs: 'number', clausesReached: 'number', findings: 'number' }, `${source}: timeline`);
  for (const f of o.findings as readonly unknown[]) {
    expectFields(f, { id: 'string', engine: 'string', seed: 'number', file: 'string', summary: 'string', calls: 'number', clauses: 'array' }, `${source}: findings`);
  }
  return v as unknown as FuzzCampaignFile;
}

export function fuzzSection(f: FuzzCampaignFile): FuzzSection {
  const sum = (k: 'seconds' | 'execs' | 'syscalls' | 'findings'): number => f.engines.reduce((n, e) => n + e[k], 0);
  const seconds = sum('seconds');
  return {
    startedAt: f.startedAt,
    target: f.target,
    engines: f.engines,
    totals: { seconds, execs: sum('execs'), syscalls: sum('syscalls'), findings: sum('findings'), execsPerSecond: seconds > 0 ? Math.round(sum('execs') / seconds) : 0 },
    timeline: [...f.timeline].sort((a, b) => a.t - b.t),
    clausesReached: new Set(f.clausesReached).size,
    findings: f.findings,
  };
}

export function parseDifferential(text: string, source: string): DifferentialFile {
  const v = parseJson(text, source);
  expectSchema(v, DIFFERENTIAL_SCHEMA, source);
  const o = expectFields(v, { startedAt: 'string', targets: 'array', programs: 'number', agreed: 'number', differences: 'array' }, source);
  const targets = o.targets as readonly unknown[];
  if (targets.length !== 2 || targets.some((t) => typeof t !== 'string')) throw new InputError(`${source}: targets must be two target names`);
  for (const d of o.differences as readonly unknown[]) {
    expectFields(d, { id: 'string', program: 'string', where: 'string', a: 'string', b: 'string', clauses: 'array', replay: 'string' }, `${source}: differences`);
  }
  return v as unknown as DifferentialFile;
}

export function differentialSection(f: DifferentialFile): DifferentialSection {
  return { startedAt: f.startedAt, targets: f.targets, programs: f.programs, agreed: f.agreed, differ: f.programs - f.agreed, differences: f.differences };
}
