// Exit codes through fork + waitpid: every code 0..255, and exit arguments wider than a byte.

import { waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { AREA, call, cell, expectSame, expectStatus, fork, ubfx } from './kit.js';

/** fork; the child calls exit(`arg`); the parent reaps it and decodes the status as exit code `code`. */
function exitAndReap(p: CaseProgram, arg: number | bigint, code: number, argClauses: readonly string[]): void {
  const status = cell(p);
  const child = p.variable();
  fork(p, () => p.exit(arg));
  p.save(child);
  call(p, 'waitpid', child, status, 0);
  expectSame(p, 'waitpid returns the child pid', ['PROC.WAIT.REAP', 'PROC.WAIT.EXITCODE'], 0, child.n);
  expectStatus(p, `status word is ${code} << 8 = 0x${waitStatusExited(code).toString(16)}`, ['PROC.WAIT.STATUS', 'PROC.EXIT.CODE', ...argClauses], status, waitStatusExited(code));
  p.loadInt(3, status);
  ubfx(p, 4, 3, 8, 8);
  p.expectEq(`(status >> 8) & 0xff decodes exit code ${code}`, ['PROC.WAIT.EXITCODE'], code, 4);
  ubfx(p, 4, 3, 0, 7);
  p.expectEq('status & 0x7f is 0: the child was not killed by a signal', ['PROC.WAIT.STATUS'], 0, 4);
  call(p, 'waitpid', child, status, 0);
  p.expectErrno('a second waitpid on the reaped child fails ECHILD', ['PROC.WAIT.NONCHILD', 'PROC.WAIT.REAP'], 'ECHILD');
}

function exitCodeCase(code: number): CaseDef {
  return derivedCase(AREA, {
    id: `exit-code/${code}`,
    description: `child exit(${code}): waitpid returns its pid with status ${code} << 8, and a second waitpid fails ECHILD`,
    clauses: ['PROC.WAIT.REAP', 'PROC.WAIT.EXITCODE', 'PROC.WAIT.STATUS', 'PROC.EXIT.CODE', 'PROC.WAIT.NONCHILD', 'PROC.FORK.RETURN'],
    build({ p }) {
      exitAndReap(p, code, code, []);
    },
  });
}

/** exit arguments beyond one byte: the code is status & 0xff of the low 32 bits (ABI.ARGS.UNUSED). */
const WIDE_ARGS: readonly { arg: bigint; label: string }[] = [
  { arg: 0x100n, label: '256' },
  { arg: 0x101n, label: '257' },
  { arg: 0x1ffn, label: '511' },
  { arg: 0x1234n, label: '0x1234' },
  { arg: 0x7fff_ffffn, label: 'int-max' },
  { arg: -1n, label: 'minus-1' },
  { arg: -256n, label: 'minus-256' },
  { arg: -255n, label: 'minus-255' },
  { arg: 0x1_0000_002an, label: 'upper-bits' },
  { arg: 0xffff_ff00_0000_0007n, label: 'upper-bits-7' },
];

function wideExitCase(arg: bigint, label: string): CaseDef {
  const code = Number(BigInt.asUintN(64, arg) & 0xffn);
  const upper = BigInt.asIntN(64, arg) !== BigInt.asIntN(32, arg);
  return derivedCase(AREA, {
    id: `exit-code-wide/${label}`,
    description: `child exit(0x${BigInt.asUintN(64, arg).toString(16)}): the exit code is the low byte, ${code}`,
    clauses: ['PROC.WAIT.REAP', 'PROC.WAIT.EXITCODE', 'PROC.WAIT.STATUS', 'PROC.EXIT.CODE', 'PROC.WAIT.NONCHILD', 'ABI.ARGS.UNUSED'],
    build({ p }) {
      exitAndReap(p, arg, code, upper ? ['ABI.ARGS.UNUSED'] : []);
    },
  });
}

export function exitCases(): CaseDef[] {
  return [
    ...Array.from({ length: 256 }, (_, code) => exitCodeCase(code)),
    ...WIDE_ARGS.map((w) => wideExitCase(w.arg, w.label)),
  ];
}
