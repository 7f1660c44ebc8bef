// The finding file format (corpora/findings/*.json, corpora/fuzz/*.json): what each engine needs
// to replay a case, what the file expects on replay, and a checking parser.

import { readFileSync } from 'node:fs';
import type { Scenario } from './model/program.js';
import type { OracleName } from './oracles.js';

export const FINDING_SCHEMA = 'touchstone-fuzz-finding/1';

export type Expectation = 'reproduces' | 'passes';
export type EngineName = 'model' | 'raw' | 'jsfuzz' | 'differential';

interface FindingBase {
  readonly schema: typeof FINDING_SCHEMA;
  readonly engine: EngineName;
  readonly summary: string;
  readonly oracle: OracleName | 'crash' | 'none';
  readonly expect: Expectation;
  /** Clauses the minimized case reaches (the model's for each call, or the kernel's). */
  readonly clauses: readonly string[];
  /** The campaign seed that found it. */
  readonly seed: number;
  readonly note?: string;
}

export interface ModelFindingCase extends FindingBase {
  readonly engine: 'model';
  readonly scenario: Scenario;
  /** Whether calls that hit a known kernel difference are left out (KNOWN_DIFFERENCES). */
  readonly skipKnown: boolean;
  /** A planted bug to put in before replaying (fuzz/model/plant.ts): seed entries that show an oracle works. */
  readonly plant?: string;
}

export interface RawFindingCase extends FindingBase {
  readonly engine: 'raw';
  /** The guest's seed (decimal, 64-bit). */
  readonly rawSeed: string;
  readonly calls: number;
}

export interface BytesFindingCase extends FindingBase {
  readonly engine: 'jsfuzz';
  readonly target: string;
  /** The input, base64. */
  readonly input: string;
  /**
   * A pattern (RegExp source) for the errors of the same underlying bug, which other inputs raise
   * with other messages: tests that fuzz the target treat them as this open finding.
   */
  readonly match?: string;
}

export interface DifferentialFindingCase extends FindingBase {
  readonly engine: 'differential';
  readonly scenario: Scenario;
  readonly targets: readonly [string, string];
}

export type FindingCase = ModelFindingCase | RawFindingCase | BytesFindingCase | DifferentialFindingCase;

/** A finding file that is not one (bad JSON, wrong schema, missing or mistyped fields). */
export class FindingFormatError extends Error {
  override readonly name = 'FindingFormatError';
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function need(cond: boolean, source: string, what: string): asserts cond {
  if (!cond) throw new FindingFormatError(`${source}: ${what}`);
}

function checkScenario(v: unknown, source: string): Scenario {
  need(isObject(v), source, 'scenario must be an object');
  need(typeof v.caps === 'number' && Number.isInteger(v.caps), source, 'scenario.caps must be an integer');
  need(Array.isArray(v.calls), source, 'scenario.calls must be an array');
  (v.calls as unknown[]).forEach((c, i) => {
    need(isObject(c), source, `call ${i} must be an object`);
    if ('row' in c) need(typeof c.row === 'string' && Array.isArray(c.args) && c.args.every(isObject), source, `call ${i}: row must be a string and args an array of choices`);
    else need(typeof c.nr === 'number' && Array.isArray(c.regs) && c.regs.every((r) => typeof r === 'string' && /^-?\d+$/.test(r)), source, `call ${i}: nr must be a number and regs decimal strings`);
  });
  return v as unknown as Scenario;
}

/** Parses and checks a finding file's text. Throws FindingFormatError. */
export function parseFinding(text: string, source = 'finding'): FindingCase {
  let v: unknown;
  try {
    v = JSON.parse(text) as Json;
  } catch (err) {
    throw new FindingFormatError(`${source}: not JSON: ${(err as Error).message}`);
  }
  need(isObject(v), source, 'not an object');
  need(v.schema === FINDING_SCHEMA, source, `schema ${String(v.schema)}, expected ${FINDING_SCHEMA}`);
  need(typeof v.summary === 'string', source, 'summary must be a string');
  need(typeof v.oracle === 'string', source, 'oracle must be a string');
  need(v.expect === 'reproduces' || v.expect === 'passes', source, 'expect must be "reproduces" or "passes"');
  need(Array.isArray(v.clauses) && v.clauses.every((c) => typeof c === 'string'), source, 'clauses must be an array of strings');
  need(typeof v.seed === 'number' && Number.isSafeInteger(v.seed), source, 'seed must be an integer');
  switch (v.engine) {
    case 'model':
      checkScenario(v.scenario, source);
      need(typeof v.skipKnown === 'boolean', source, 'skipKnown must be a boolean');
      need(v.plant === undefined || typeof v.plant === 'string', source, 'plant must be a string');
      break;
    case 'raw':
      need(typeof v.rawSeed === 'string' && /^\d+$/.test(v.rawSeed), source, 'rawSeed must be a decimal string');
      need(typeof v.calls === 'number' && Number.isInteger(v.calls) && v.calls > 0 && v.calls <= 1_000_000, source, 'calls must be a positive integer');
      break;
    case 'jsfuzz':
      need(typeof v.target === 'string', source, 'target must be a string');
      need(typeof v.input === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v.input), source, 'input must be base64');
      need(v.match === undefined || (typeof v.match === 'string' && validRegExp(v.match)), source, 'match must be a regular expression');
      break;
    case 'differential':
      checkScenario(v.scenario, source);
      need(Array.isArray(v.targets) && v.targets.length === 2 && v.targets.every((t) => typeof t === 'string'), source, 'targets must be two target names');
      break;
    default:
      throw new FindingFormatError(`${source}: unknown engine ${String(v.engine)}`);
  }
  return v as unknown as FindingCase;
}

function validRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export function readFinding(file: string): FindingCase {
  return parseFinding(readFileSync(file, 'utf8'), file);
}

