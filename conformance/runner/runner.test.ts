import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../evaluate.js';
import type { CaseDef } from '../model.js';
import { allCases } from '../registry.js';
import { referenceTarget } from '../targets/index.js';
import type { Target } from '../targets/target.js';
import { executeCase, isFailing, parseExpectations, parseShard, runSuite, selectCases } from './index.js';
import { CRASHING, FAILING, HANGING, LOOPING, PASSING, UNBUILDABLE, UNSUPPORTED } from './fixtures.testkit.js';
import { compiledUrl } from './paths.js';

const withoutTime = (rs: readonly CaseResult[]): Omit<CaseResult, 'ms'>[] => rs.map(({ ms: _ms, ...r }) => r);

describe('runSuite', () => {
  it('gives the same results in process and on worker threads (abi area)', async () => {
    const inProcess = await runSuite({ area: 'abi', target: referenceTarget, jobs: 1 });
    const workers = await runSuite({ area: 'abi', target: referenceTarget, jobs: 2 });
    expect(inProcess.results.length).toBe(allCases().filter((c) => c.area === 'abi').length);
    expect(inProcess.results.length).toBeGreaterThan(0);
    expect(workers.jobs).toBe(2);
    expect(withoutTime(workers.results)).toEqual(withoutTime(inProcess.results));
  });

  it('reports every result to onResult and returns them in suite order', async () => {
    const seen: string[] = [];
    const run = await runSuite({ grep: '^abi/enosys-unknown/', target: referenceTarget, jobs: 2, onResult: (r) => seen.push(r.id) });
    const expected = allCases().filter((c) => c.id.startsWith('abi/enosys-unknown/')).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(run.results.map((r) => r.id)).toEqual(expected);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('a worker that does not answer in time, or dies, is replaced; its case is timeout or panic', async () => {
    const casesModule = compiledUrl('fixtures.testkit.js').href;
    const run = await runSuite({ target: referenceTarget, jobs: 2, casesModule, timeoutMs: 2500 });
    const byId = new Map(run.results.map((r) => [r.id, r.status]));
    expect(byId.get(HANGING.id)).toBe('timeout');
    expect(byId.get(FAILING.id)).toBe('fail');
    expect(byId.get(CRASHING.id)).toBe('panic');
    expect(run.results.filter((r) => r.status === 'pass').length).toBe(6);
    expect(run.results[2]!.reason).toMatch(/wall-clock/);
    expect(run.results[3]!.reason).toMatch(/worker running the case died: exit code 7/);
  });

  it('rejects a planted list of cases with workers (they load cases themselves)', async () => {
    await expect(runSuite({ cases: [PASSING, FAILING], target: referenceTarget, jobs: 2 })).rejects.toThrow(/in process only/);
  });
});

describe('sharding', () => {
  it('--shard i/n partitions the selection: disjoint, complete, balanced', () => {
    const cases = allCases();
    for (const sel of [{}, { area: 'abi' }, { grep: 'notimpl' }]) {
      const all = selectCases(cases, sel);
      for (const n of [1, 2, 3, 7]) {
        const parts = Array.from({ length: n }, (_, i) => selectCases(cases, { ...sel, shard: { index: i + 1, count: n } }));
        const union = parts.flat().sort((a, b) => a - b);
        expect(union).toEqual(all);
        expect(new Set(parts.flat()).size).toBe(all.length);
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('runs one shard: the results are that shard', async () => {
    const shard = parseShard('2/3');
    const run = await runSuite({ area: 'abi', shard, target: referenceTarget, jobs: 1 });
    const cases = allCases();
    expect(run.results.map((r) => r.id)).toEqual(selectCases(cases, { area: 'abi', shard }).map((i) => cases[i]!.id));
    expect(run.shard).toEqual({ index: 2, count: 3 });
  });

  it('parseShard rejects malformed and out-of-range shards', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '-1/2']) expect(() => parseShard(bad)).toThrow();
  });
});

describe('status of a planted case', () => {
  it('an assertion that does not hold is fail, with the failed assertion, its clause and the value printed', () => {
    const { result } = executeCase(FAILING, referenceTarget);
    expect(result.status).toBe('fail');
    expect(result.failures).toEqual([{ n: 2, description: 'getpid is 2', clauses: ['PROC.GETPID'], got: 'got 0x0000000000000001' }]);
    expect(result.actual).toBe('exit 1, 1/2 assertions pass');
    expect(isFailing(result.status)).toBe(true);
  });

  it('expectations turn the failing case into xfail and a passing one into xpass', () => {
    const expectations = parseExpectations(JSON.stringify({
      [FAILING.id]: { status: 'fail', reason: 'known bug 1' },
      [PASSING.id]: { status: 'fail', reason: 'known bug 2' },
    }));
    const xfail = executeCase(FAILING, referenceTarget, { expectations }).result;
    const xpass = executeCase(PASSING, referenceTarget, { expectations }).result;
    expect([xfail.status, xfail.reason]).toEqual(['xfail', 'known bug 1']);
    expect(xpass.status).toBe('xpass');
    expect(isFailing('xfail')).toBe(false);
    expect(isFailing('xpass')).toBe(true);
  });

  it('budget exhausted is timeout, a missing row skip, a build exception broken, a target exception panic', () => {
    expect(executeCase(LOOPING, referenceTarget).result.status).toBe('timeout');
    const skip = executeCase(UNSUPPORTED, referenceTarget).result;
    expect([skip.status, skip.reason]).toEqual(['skip', 'target reference lacks no_such_row']);
    const broken = executeCase(UNBUILDABLE, referenceTarget).result;
    expect(broken.status).toBe('broken');
    expect(broken.reason).toMatch(/planted build failure/);
    const badImage: CaseDef = { ...PASSING, id: 'planted/bad-image', build: () => ({ ...PASSING.build(), files: [{ path: '/tmp/x', data: new Uint8Array(1) }] }) };
    const rejected = executeCase(badImage, referenceTarget).result;
    expect(rejected.status).toBe('broken');
    expect(rejected.reason).toMatch(/^boot options rejected: base image: \/tmp\/x lies in a mount point \(.*\/tmp.*\)$/);
    const notElf: CaseDef = { ...PASSING, id: 'planted/not-elf', build: () => ({ ...PASSING.build(), program: Uint8Array.of(1, 2, 3) }) };
    expect(executeCase(notElf, referenceTarget).result.status).toBe('broken');
    const throwing: Target = { name: 'throwing', supports: () => true, run: () => { throw new TypeError('boom'); } };
    const panic = executeCase(PASSING, throwing).result;
    expect(panic.status).toBe('panic');
    expect(panic.reason).toMatch(/TypeError: boom/);
  });

  it('a run of planted cases in process keeps their order and statuses', async () => {
    const cases: CaseDef[] = [PASSING, FAILING, LOOPING, UNSUPPORTED, UNBUILDABLE];
    const run = await runSuite({ cases, target: referenceTarget, jobs: 1 });
    expect(run.jobs).toBe(1);
    expect(run.results.map((r) => r.status)).toEqual(['pass', 'fail', 'timeout', 'skip', 'broken']);
  });
});

describe('expectations files', () => {
  it('need status fail and a reason; $-keys are comments', () => {
    expect(parseExpectations('{"$comment": "x", "a/b": {"status": "fail", "reason": "r"}}')).toEqual({ 'a/b': { status: 'fail', reason: 'r' } });
    expect(() => parseExpectations('{"a": {"status": "pass", "reason": "r"}}')).toThrow(/status must be "fail"/);
    expect(() => parseExpectations('{"a": {"status": "fail"}}')).toThrow(/reason/);
    expect(() => parseExpectations('[]')).toThrow();
    expect(() => parseExpectations('{')).toThrow(/not JSON/);
  });
});
