import { describe, expect, it } from 'vitest';
import { waitStatusSignaled } from '../../../spec/index.js';
import { processGenerator } from './index.js';
import { PidModel } from './pids.js';
import { coarseOutcome, raceScheduleCount } from './races.js';
import { prefixSchedules, randomSchedules } from './schedules.js';
import { SIGTERM } from './kit.js';

describe('process generator', () => {
  it('has at least 900 cases with unique ids', () => {
    const cases = processGenerator.cases();
    expect(cases.length).toBeGreaterThanOrEqual(900);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('PidModel follows PROC.PID.ALLOC: next free above the last, wrapping to 2', () => {
    const m = new PidModel(4);
    const got: (number | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const pid = m.alloc();
      got.push(pid);
      if (pid !== null) m.free(pid);
    }
    expect(got).toEqual([2, 3, 4, 2, 3]);
    const held = new PidModel(3);
    expect([held.alloc(), held.alloc(), held.alloc()]).toEqual([2, 3, null]);
  });

  it('schedules: all 0/1 prefixes, and seeded random ones are reproducible', () => {
    expect(new Set(prefixSchedules(3).map((s) => s.name)).size).toBe(8);
    expect(randomSchedules(7, 3, 20, 4)).toEqual(randomSchedules(7, 3, 20, 4));
    expect(raceScheduleCount().explored).toBeGreaterThan(0);
  });

  it('the coarse naive killall kills the innocent process exactly when the victim ends and init respawns first', () => {
    for (const s of prefixSchedules(4)) {
      const hazard = s.choices[0] === 0 && s.choices[1] === 1;
      expect(coarseOutcome('naive', s.choices).innocent === waitStatusSignaled(SIGTERM), s.name).toBe(hazard);
      expect(coarseOutcome('pidfd', s.choices).innocent === waitStatusSignaled(SIGTERM), s.name).toBe(false);
    }
  });
});
