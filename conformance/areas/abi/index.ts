import { SYSCALLS, syscallByNumber } from '../../../spec/index.js';
import type { CaseDef, Generator } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { gapCases } from './gaps.js';
import { notLinuxCases } from './notlinux.js';
import { widthCases } from './widths.js';

const AREA = 'abi';

/** Numbers the table does not define: the gaps, the edges, and values past 16 bits. */
function unknownNumbers(): bigint[] {
  const out: bigint[] = [0n];
  for (let n = 1; n <= 320; n++) if (syscallByNumber(n) === undefined) out.push(BigInt(n));
  out.push(0xffffn, 0x10000n, 0x7fff_ffffn, 0xffff_ffffn, 2n ** 63n, 2n ** 64n - 1n);
  return out;
}

function enosysUnknown(nr: bigint): CaseDef {
  return derivedCase(AREA, {
    id: `enosys-unknown/${nr.toString(16)}`,
    description: `syscall number 0x${nr.toString(16)} is not in the table: -ENOSYS, arguments untouched`,
    build({ p }) {
      for (let i = 0; i < 6; i++) p.a.movImm(i, 0x1111 * (i + 1));
      p.a.movImm(8, nr).svc();
      const x1 = p.variable();
      p.mov(x1.n, 1);
      p.expectErrno(`x8 = 0x${nr.toString(16)} returns -ENOSYS`, ['ABI.ENOSYS.UNKNOWN'], 'ENOSYS');
      p.expectEq('x1 is preserved', ['ABI.REGS.PRESERVE'], 0x2222, x1);
      p.sys('getpid').expectEq('the process carries on: getpid is 1', ['PROC.GETPID'], 1);
    },
  });
}

function enosysNotImplemented(name: string, nr: number): CaseDef {
  return derivedCase(AREA, {
    id: `enosys-notimpl/${name}`,
    description: `${name} (${nr}) is marked not implemented: -ENOSYS before any argument check`,
    build({ p }) {
      // By number, not p.sys: the case checks the row's absence and does not need it.
      for (let i = 0; i < 6; i++) p.a.movImm(i, 1);
      p.a.movImm(8, nr).svc();
      p.expectErrno(`${name} returns -ENOSYS`, ['ABI.ENOSYS.NOTIMPL'], 'ENOSYS');
    },
  });
}

export const abiGenerator: Generator = {
  area: 'abi',
  cases() {
    return [
      ...unknownNumbers().map(enosysUnknown),
      ...SYSCALLS.filter((r) => r.support === 'not-implemented').map((r) => enosysNotImplemented(r.name, r.nr)),
      ...gapCases(),
      ...notLinuxCases(),
      ...widthCases(),
    ];
  },
};
