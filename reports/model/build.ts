// report.json from its inputs: every number the page shows is computed here.

import type { CaseDef } from '../../conformance/model.js';
import type { ResultsDocument } from '../conformance/index.js';
import { clauseSection, type ClauseListing } from './clauses.js';
import { codeCoverageSection } from './code-coverage.js';
import { conformanceSection, MAX_FAILURES } from './conformance.js';
import { errnoCandidates, errnoSection } from './errno.js';
import { differentialSection, fuzzSection } from './fuzz.js';
import { insnSection } from './insn.js';
import {
  REPORT_SCHEMA, type CodeCoverageSection, type CoverageRunFile, type DifferentialFile, type FuzzCampaignFile, type InputNote, type ReportModel,
} from './types.js';

export interface ReportInputs {
  /** The suite's cases (clause coverage and the errno matrix are properties of the suite). */
  readonly cases: readonly CaseDef[];
  readonly results: ResultsDocument | null;
  readonly coverage: { readonly run: CoverageRunFile; readonly source: CodeCoverageSection['source']; readonly html: string; readonly lcov: string } | null;
  readonly fuzz: FuzzCampaignFile | null;
  readonly differential: DifferentialFile | null;
  /** Where each input came from, or why it is absent. */
  readonly notes: ReportModel['inputs'];
  readonly generatedAt?: string;
  readonly maxFailures?: number;
}

/**
 * Each case of the suite with its clauses: as the results file recorded them when it ran the case
 * (the same list, and free: building an errors case to learn its clauses costs its program),
 * else from the case itself.
 */
export function clauseListings(cases: readonly CaseDef[], results: ResultsDocument | null): ClauseListing[] {
  const recorded = new Map(results?.results.map((r) => [r.id, r.clauses]) ?? []);
  return cases.map((c) => ({ id: c.id, clauses: recorded.get(c.id) ?? c.clauses }));
}

export function notRun(note: string): InputNote {
  return { file: null, note };
}

export function buildReport(i: ReportInputs): ReportModel {
  const cov = i.coverage;
  const listings = clauseListings(i.cases, i.results);
  const clausesById = new Map(listings.map((l) => [l.id, l.clauses]));
  return {
    schema: REPORT_SCHEMA,
    generatedAt: i.generatedAt ?? new Date().toISOString(),
    inputs: i.notes,
    conformance: i.results ? conformanceSection(i.results, i.maxFailures ?? MAX_FAILURES) : null,
    clauses: clauseSection(listings, i.results ? i.results.results : null),
    errno: errnoSection(errnoCandidates(i.cases, (c) => clausesById.get(c.id) ?? c.clauses)),
    codeCoverage: cov ? codeCoverageSection(cov.run, cov.source, { html: cov.html, lcov: cov.lcov }) : null,
    instructions: cov && Object.keys(cov.run.rowTranslations).length > 0 ? insnSection(cov.run.rowTranslations) : null,
    fuzz: i.fuzz ? fuzzSection(i.fuzz) : null,
    differential: i.differential ? differentialSection(i.differential) : null,
  };
}
