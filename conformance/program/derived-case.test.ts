import { describe, expect, it } from 'vitest';
import { CaseProgram } from './builder.js';
import { derivedCase } from './derived-case.js';

describe('derived cases', () => {
  it('rows are the rows the programs call, children included; TAP plumbing and absent rows are not', () => {
    const c = derivedCase('t', {
      id: 'rows/child',
      description: 'rows',
      build({ p, child, file }) {
        p.sys('getpid').expectEq('getpid is 1', ['PROC.GETPID'], 1);
        p.sysAbsent('socket', 0, 0, 0);
        const kid = child();
        kid.sys('nanosleep', 0, 1);
        kid.exit(0);
        file({ path: '/bin/kid', data: kid.elf() });
        p.recordRow('close');
      },
    });
    expect(c.id).toBe('t/rows/child');
    expect(c.rows).toEqual(['close', 'exit', 'getpid', 'nanosleep']);
    expect(c.build().files.map((f) => f.path)).toEqual(['/bin/kid']);
  });

  it('clauses are the named ones plus every assertion clause, sorted', () => {
    const c = derivedCase('t', {
      id: 'clauses',
      description: 'clauses',
      clauses: ['ABI.TRAP'],
      build({ p }) {
        p.sys('getpid').expectEq('getpid is 1', ['PROC.GETPID', 'ABI.NEGERRNO'], 1);
      },
    });
    expect(c.clauses).toEqual(['ABI.NEGERRNO', 'ABI.TRAP', 'PROC.GETPID']);
  });

  it('builds deterministically, the same whether the lists or the build come first', () => {
    const spec = {
      id: 'same',
      description: 'same',
      build({ p }: { p: CaseProgram }): void {
        p.sys('getpid').expectEq('getpid is 1', ['PROC.GETPID'], 1);
      },
    };
    const listsFirst = derivedCase('t', spec);
    const buildFirst = derivedCase('t', spec);
    expect(listsFirst.rows).toEqual(['getpid']);
    const a = listsFirst.build();
    const b = buildFirst.build();
    expect(buildFirst.rows).toEqual(['getpid']);
    expect(a.program).toEqual(b.program);
    expect(listsFirst.build().program).toEqual(a.program);
    expect(a.verdict).toEqual({ kind: 'exit', status: 0 });
  });

  it('a case that cannot be built keeps its named clauses and no rows, and build() throws', () => {
    const c = derivedCase('t', { id: 'broken', description: 'broken', clauses: ['ABI.TRAP'], build() {} });
    expect(c.clauses).toEqual(['ABI.TRAP']);
    expect(c.rows).toEqual([]);
    expect(() => c.build()).toThrow(/no assertions/);
    expect(() => derivedCase('t', { id: 'Bad_Id', description: 'x', build() {} })).toThrow(/outside/);
  });
});
