// The JIT pattern (MM.WX.JIT, MM.ICACHE): map RW, write instructions, mprotect to R|X, call them,
// mprotect back to RW, rewrite, R|X again, call the new code: each round must run the bytes last
// written. Also what the pattern must not allow: writing while R|X, calling while RW.

import type { CaseDef } from '../../model.js';
import type { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectZero, mprotect } from './calls.js';
import { AREA, PAGE, RW, RX, SIGSEGV } from './consts.js';
import { addArgsK, addr, firstDword, returnK, storeWords } from './emit.js';
import { Prober } from './probe.js';
import { REGIONS, type Region } from './regions.js';

type Shape = 'const' | 'args' | 'cross';
const SHAPES: readonly Shape[] = ['const', 'args', 'cross'];
const SHAPE_TEXT: Readonly<Record<Shape, string>> = {
  const: 'a function returning a constant',
  args: 'a function adding its two arguments and a constant',
  cross: 'a function whose instructions cross into the next page',
};
type Position = 'first' | 'middle' | 'last';
const POSITIONS: readonly Position[] = ['first', 'middle', 'last'];
const POSITION_INDEX: Readonly<Record<Position, number>> = { first: 0, middle: 1, last: 2 };

const ARG0 = 0x1111;
const ARG1 = 0x0202;

/** The code of round `r` and what calling it returns. */
function roundCode(shape: Shape, r: number): { words: number[]; returns: number } {
  const k = 0x100 * (r + 1) + 0x2a;
  if (shape === 'args') return { words: addArgsK(k), returns: ARG0 + ARG1 + k };
  if (shape === 'const') return { words: returnK(k), returns: k };
  // MOVZ x0, #k; ADD x0, x0, #1 | ADD x0, x0, #2; RET (the bar is the page boundary).
  const a = returnK(k);
  const add1 = addArgsK(1)[1]!;
  const add2 = addArgsK(2)[1]!;
  return { words: [a[0]!, add1, add2, a[1]!], returns: k + 3 };
}

function jitCase(region: Region, pos: Position, shape: Shape, rounds: number): CaseDef {
  const pagesUsed = shape === 'cross' ? 2 : 1;
  return derivedCase(AREA, {
    id: `jit/${region.name}/${pos}/${shape}/rounds-${rounds}`,
    description: `JIT in ${region.text} (${pos} of 3 pages): ${rounds} round(s) of write RW, mprotect R|X, call ${SHAPE_TEXT[shape]}; each call runs the code last written`,
    clauses: ['MM.WX.JIT', 'MM.MPROTECT.CHANGE', ...(rounds > 1 ? ['MM.ICACHE'] : []), ...region.clauses],
    build({ p }) {
      const base = p.variable();
      const page = p.variable();
      const fn = p.variable();
      region.make(p, base, 3);
      addr(p, page.n, base.n, POSITION_INDEX[pos] * PAGE);
      // The cross shape starts 8 bytes before the end of the page.
      addr(p, fn.n, page.n, shape === 'cross' ? PAGE - 8 : 0);
      for (let r = 0; r < rounds; r++) {
        const { words, returns } = roundCode(shape, r);
        if (r > 0) {
          mprotect(p, page, pagesUsed * PAGE, RW);
          expectZero(p, `round ${r + 1}: mprotect back to RW`, ['MM.WX.JIT', 'MM.MPROTECT.CHANGE']);
        }
        storeWords(p, fn, 0, words);
        mprotect(p, page, pagesUsed * PAGE, RX);
        expectZero(p, `round ${r + 1}: mprotect to R|X`, ['MM.WX.JIT', 'MM.MPROTECT.CHANGE']);
        p.a.movImm(0, ARG0).movImm(1, ARG1);
        p.a.blr(fn.n);
        p.expectEq(`round ${r + 1}: calling the code returns 0x${returns.toString(16)}`, ['MM.WX.JIT', ...(r > 0 ? ['MM.ICACHE'] : [])], returns);
      }
    },
  });
}

type Misuse = 'call-while-rw' | 'write-while-rx' | 'call-after-back-to-rw' | 'read-while-rx';
const MISUSES: readonly Misuse[] = ['call-while-rw', 'write-while-rx', 'call-after-back-to-rw', 'read-while-rx'];

function misuseCase(region: Region, misuse: Misuse): CaseDef {
  return derivedCase(AREA, {
    id: `jit-misuse/${region.name}/${misuse}`,
    description: `JIT in ${region.text}: ${misuse.replace(/-/g, ' ')} ${misuse === 'read-while-rx' ? 'reads the code' : 'raises SIGSEGV'} (checked in a forked child)`,
    clauses: ['MM.WX.JIT', 'MM.MPROTECT.CHANGE', ...region.clauses],
    build({ p }) {
      const base: Reg = p.variable();
      const prober = new Prober(p);
      region.make(p, base, 1);
      const code = returnK(0x77);
      storeWords(p, base, 0, code);
      const what = `JIT page in ${region.text}`;
      if (misuse === 'call-while-rw') {
        prober.probe(base, 'exec', { kind: 'fault', signal: SIGSEGV }, `${what} still RW`, ['MM.WX.JIT', 'MM.FAULT.SIGSEGV']);
        return;
      }
      mprotect(p, base, PAGE, RX);
      expectZero(p, 'mprotect to R|X', ['MM.WX.JIT']);
      if (misuse === 'write-while-rx') {
        prober.probe(base, 'write', { kind: 'fault', signal: SIGSEGV }, `${what} made R|X`, ['MM.WX.JIT', 'MM.FAULT.SIGSEGV']);
      } else if (misuse === 'read-while-rx') {
        prober.probe(base, 'read', { kind: 'ok', value: firstDword(code), readBack: false }, `${what} made R|X`, ['MM.WX.JIT', 'MM.MPROTECT.CHANGE']);
      } else {
        mprotect(p, base, PAGE, RW);
        expectZero(p, 'mprotect back to RW', ['MM.WX.JIT']);
        prober.probe(base, 'exec', { kind: 'fault', signal: SIGSEGV }, `${what} made R|X and back to RW`, ['MM.WX.JIT', 'MM.FAULT.SIGSEGV']);
      }
    },
  });
}

export function jitCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const region of REGIONS) {
    for (const pos of POSITIONS) {
      for (const shape of SHAPES) {
        if (shape === 'cross' && pos === 'last') continue;
        for (let rounds = 1; rounds <= 3; rounds++) out.push(jitCase(region, pos, shape, rounds));
      }
    }
    for (const misuse of MISUSES) out.push(misuseCase(region, misuse));
  }
  return out;
}
