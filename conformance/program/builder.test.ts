import { describe, expect, it } from 'vitest';
import { Kernel } from '../../reference-kernel/swiftos/kernel.js';
import { CaseProgram } from './builder.js';
import { parseTap } from './tap.js';

function runInit(elf: Uint8Array): { out: string; status: number | null } {
  const k = new Kernel({ maxInstructions: 10_000_000 });
  k.boot(elf, 'init');
  const r = k.run();
  return { out: new TextDecoder().decode(r.console), status: r.verdict.kind === 'exit' ? r.verdict.status : null };
}

describe('case program builder', () => {
  it('prints one TAP line per assertion, the plan, and exits with the failure count', () => {
    const p = new CaseProgram();
    const pid = p.variable();
    p.sys('getpid').save(pid);
    p.expectEq('getpid is 1', ['PROC.GETPID'], 1);
    p.expectEq('a deliberately wrong expectation', [], 0x1234, pid);
    p.expectOk('non-negative', [], pid);
    p.expectCmp('pid < 1 is false', [], 'lt', 1, pid);
    const buf = p.bytes(Uint8Array.of(1, 2, 3, 4));
    p.expectMem('memory equal', [], buf, Uint8Array.of(1, 2, 3, 4));
    p.expectMem('memory differs at offset 2', [], buf, Uint8Array.of(1, 2, 9, 4));
    p.sys('close', 99).expectErrno('close(99) is EBADF', ['FD.BADF'], 'EBADF');
    const { out, status } = runInit(p.finish());
    const tap = parseTap(out);
    expect(tap.plan).toBe(7);
    expect(tap.results.map((r) => r.ok)).toEqual([true, false, true, false, true, false, true]);
    expect(tap.results[1]!.diagnostic).toBe('got 0x0000000000000001');
    expect(tap.results[3]!.diagnostic).toBe('got 0x0000000000000001');
    expect(tap.results[5]!.diagnostic).toBe('got 0x0000000000000003');
    expect(tap.results.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(tap.results[0]!.description).toBe('getpid is 1');
    expect(status).toBe(3);
    expect(p.assertions[6]).toEqual({ n: 7, description: 'close(99) is EBADF', clauses: ['FD.BADF'] });
  });

  it('parseTap keeps other output apart and reports a missing plan as null', () => {
    const tap = parseTap('hello\nok 1 - a\nnot ok 2 - b # got 0x2\n');
    expect(tap.plan).toBeNull();
    expect(tap.other).toEqual(['hello']);
    expect(tap.results[1]).toEqual({ n: 2, ok: false, description: 'b', diagnostic: 'got 0x2' });
  });
});
