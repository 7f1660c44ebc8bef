import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { minimizeScenario } from '../campaign.js';
import { failed, modelCampaign, runScenario, scenarioArb } from './fuzzer.js';
import { plant } from './plant.js';
import { compile } from './program.js';

let undo: (() => void) | null = null;
afterEach(() => {
  undo?.();
  undo = null;
});

describe('model-based sequence fuzzer', () => {
  it('finds a planted missing-attenuation bug in ipc_send within 60 s and shrinks it to at most five calls', () => {
    undo = plant('ipc-no-attenuate');
    const t0 = performance.now();
    const found = modelCampaign({ seed: 42, timeMs: 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    expect(found, 'the planted bug was not found').not.toBeNull();
    const minimal = minimizeScenario(found!.scenario);
    const r = runScenario(minimal);
    expect(failed(r)).toBe(true);
    expect(r.program.calls.length).toBeLessThanOrEqual(5);
    expect(r.program.calls.map((c) => c.name)).toEqual(expect.arrayContaining(['endpoint_create', 'ipc_send', 'ipc_recv']));
    expect(r.findings.map((f) => f.oracle)).toContain('rights');
    expect(seconds).toBeLessThan(60);
    undo();
    undo = null;
    expect(failed(runScenario(minimal)), 'the minimal sequence passes once the bug is gone').toBe(false);
  });

  it('finds a planted bug only the model sees (dup not taking the lowest number) as a model mismatch', () => {
    undo = plant('dup-not-lowest');
    const found = modelCampaign({ seed: 3, timeMs: 30_000, profiles: ['fds'] });
    expect(found).not.toBeNull();
    expect(found!.oracle).toBe('model');
    expect(found!.summary).toMatch(/dup returned \d+, the spec says \d+/);
  });

  it('the reference kernel passes 600 generated sequences', () => {
    const found = modelCampaign({ seed: 20_260_101, timeMs: 60_000, maxRuns: 600 });
    expect(found?.summary ?? null).toBeNull();
  });

  it('compiling is a pure function of the scenario, and a kept call records one result (a fork two)', () => {
    for (const sc of fc.sample(scenarioArb(), { seed: 9, numRuns: 40 })) {
      const a = compile(sc);
      const b = compile(sc);
      expect(b.elf).toEqual(a.elf);
      const recorded = a.calls.reduce((n, c) => n + c.expect.length, 0);
      expect(a.recorded).toBe(recorded);
      expect(a.calls.length + a.dropped.length).toBeLessThanOrEqual(sc.calls.length);
      for (const c of a.calls) expect(c.expect.length).toBe(c.name === 'fork' ? 2 : 1);
    }
  });
});
