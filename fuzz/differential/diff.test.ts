import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../model/fuzzer.js';
import { compile } from '../model/program.js';
import { asCase, compareOutcomes, differentialCampaign, fuzzTarget, runDifferential } from './diff.js';

const reference = fuzzTarget('reference')!;

describe('differential mode', () => {
  it('the reference agrees with itself on 120 generated programs, and the program reports every result on fd 1', () => {
    const r = differentialCampaign({ seed: 77, timeMs: 60_000, maxRuns: 120, a: reference, b: reference });
    expect(r.found).toBeNull();
    expect(r.programs).toBe(120);
    const sc = fc.sample(scenarioArb({ profiles: ['fds'] }), { seed: 1, numRuns: 1 })[0]!;
    const p = compile(sc);
    const out = reference.run(asCase(p));
    expect(out.verdict).toEqual({ kind: 'exit', status: 0 });
    expect(out.console.length).toBe(8 * p.recorded);
  });

  it('a target that differs (a planted dup bug) is found and shrunk to the differing call', () => {
    const planted = fuzzTarget('planted:dup-not-lowest')!;
    const r = differentialCampaign({ seed: 3, timeMs: 60_000, a: reference, b: planted });
    expect(r.found).not.toBeNull();
    expect(r.found!.difference.where).toMatch(/dup/);
    expect(r.found!.calls).toBeLessThanOrEqual(8);
    expect(runDifferential(r.found!.scenario, reference, reference).difference).toBeNull();
  });

  it('a different verdict is a difference', () => {
    const p = compile({ caps: 63, calls: [] });
    const ok = { verdict: { kind: 'exit', status: 0 } as const, console: new Uint8Array(0) };
    expect(compareOutcomes(p, ok, ok)).toBeNull();
    expect(compareOutcomes(p, ok, { verdict: { kind: 'signal', signal: 13 }, console: new Uint8Array(0) })?.where).toBe('verdict');
    expect(fuzzTarget('planted:nothing')).toBeUndefined();
  });
});
