// Laws of the net generator: unique ids, every NET clause listed by some case, every cell of the
// network rows provoked by the errors area, and every case passing on the reference kernel.

import { describe, expect, it } from 'vitest';
import { CLAUSE_LIST, SYSCALLS } from '../../../spec/index.js';
import { executeCase } from '../../runner/execute.js';
import { referenceTarget } from '../../targets/reference.js';
import { cellKey, errorCases, UNREACHABLE } from '../errors/index.js';
import { missingCells } from '../errors/coverage.js';
import { netCases } from './index.js';

const cases = netCases();
const NET_ROWS = new Set(SYSCALLS.filter((r) => r.family === 'net').map((r) => r.name));

describe('net generator', () => {
  it('makes cases with unique net/<family>/<variant> ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.id).toMatch(/^net\/[a-z0-9-]+\/[a-z0-9._/-]+$/);
  });

  it('lists every NET clause (the NETFS ones belong to the netfs area)', () => {
    const listed = new Set(cases.flatMap((c) => c.clauses));
    expect(CLAUSE_LIST.filter((c) => c.id.startsWith('NET.') && !listed.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('needs only network rows and rows every target has', () => {
    for (const c of cases) for (const r of c.rows) expect(SYSCALLS.some((row) => row.name === r), `${c.id}: ${r}`).toBe(true);
    expect(cases.some((c) => c.rows.includes('fork'))).toBe(true);
  });

  it('with the errors area, provokes every documented error of the network rows and of read/write on sockets', () => {
    const mine = (cell: { row: string; clause: string }): boolean => NET_ROWS.has(cell.row) || cell.clause.startsWith('NET.');
    expect(missingCells(errorCases()).filter(mine).map(cellKey)).toEqual([]);
    expect(UNREACHABLE.filter(mine).map(cellKey)).toEqual([]);
  });

  it('every case passes on the reference kernel', () => {
    const bad = cases
      .map((c) => executeCase(c, referenceTarget).result)
      .filter((r) => r.status !== 'pass')
      .map((r) => `${r.id}: ${r.status}: ${r.reason.split('\n')[0]}`);
    expect(bad).toEqual([]);
  }, 120_000);
});
