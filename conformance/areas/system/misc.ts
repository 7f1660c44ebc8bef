// random (SYS.RANDOM.*, FS.DEV.RANDOM) and reboot (SYS.REBOOT.*).

import { constValue } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { CaseProgram, CODE_BASE } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectIdentity } from './caps.js';
import {
  bootIdentities, bootWith, hasCap, hex, O_RDONLY, planNow, REBOOT, SCRATCH, seeded, AREA, type Identity,
} from './lib.js';

const RANDOM_MAX = constValue('LIMITS', 'RANDOM_MAX');
const POWER_RESET = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_RESET');
const POWER_OFF = constValue('REBOOT_CMDS', 'SWIFTOS_POWER_OFF');
const GUARD = 0xa5;

// ---- random ----------------------------------------------------------------------------------

const LENGTHS: readonly number[] = [1, 2, 7, 8, 15, 16, 31, 64, 255, 256, 1000, 4096, RANDOM_MAX - 1, RANDOM_MAX];
const SEEDS: readonly number[] = [1, 2, 0x5eed];

function lengthCase(len: number, seed: number): CaseDef {
  return derivedCase(AREA, {
    id: `random/length/${len}/seed-${seed}`,
    description: `with boot seed ${seed}, random(buf, ${len}) returns ${len} and writes nothing past byte ${len}`,
    clauses: ['SYS.RANDOM.FILL', 'SYS.RANDOM.DETERMINISTIC'],
    boot: { seed },
    build({ p }) {
      const buf = p.bytes(new Uint8Array(len + 16).fill(GUARD), 16);
      p.sys('random', buf, len);
      p.expectEq(`random returns ${len}`, ['SYS.RANDOM.FILL'], len);
      p.expectMem('the 16 bytes after the requested length are untouched', ['SYS.RANDOM.FILL'], buf + len, new Uint8Array(16).fill(GUARD));
    },
  });
}

/** Two 32-byte reads differ (a repeat has probability 2^-256 for any entropy source). */
function differCase(seed: number): CaseDef {
  return derivedCase(AREA, {
    id: `random/two-reads-differ/seed-${seed}`,
    description: `with boot seed ${seed}, two random(buf, 32) calls return different bytes, and neither is all zero`,
    clauses: ['SYS.RANDOM.FILL', 'SYS.RANDOM.DETERMINISTIC'],
    boot: { seed },
    build({ p }) {
      const a = p.space(32, 16);
      const b = p.space(32, 16);
      p.sys('random', a, 32);
      p.expectEq('first random returns 32', ['SYS.RANDOM.FILL'], 32);
      p.sys('random', b, 32);
      p.expectEq('second random returns 32', ['SYS.RANDOM.FILL'], 32);
      orWords(p, a, 4, 3);
      p.expectCmp('the first 32 bytes are not all zero', ['SYS.RANDOM.FILL'], 'ne', 0, 3);
      xorWords(p, a, b, 4, 3);
      p.expectCmp('the two reads differ', ['SYS.RANDOM.FILL', 'SYS.RANDOM.DETERMINISTIC'], 'ne', 0, 3);
    },
  });
}

/** x[rd] = OR of `n` words at `a` (clobbers x4, x9). */
function orWords(p: CaseProgram, a: number, n: number, rd: number): void {
  p.a.movImm(rd, 0);
  for (let i = 0; i < n; i++) {
    p.a.movImm(9, a + 8 * i).inst('LDR_X_uoff', { Rt: 4, Rn: 9, imm12: 0 });
    p.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 4, imm6: 0, Rn: rd, Rd: rd });
  }
}

/** x[rd] = OR over i of (a[i] XOR b[i]) for `n` words (clobbers x4, x5, x9). */
function xorWords(p: CaseProgram, a: number, b: number, n: number, rd: number): void {
  p.a.movImm(rd, 0);
  for (let i = 0; i < n; i++) {
    p.a.movImm(9, a + 8 * i).inst('LDR_X_uoff', { Rt: 4, Rn: 9, imm12: 0 });
    p.a.movImm(9, b + 8 * i).inst('LDR_X_uoff', { Rt: 5, Rn: 9, imm12: 0 });
    p.a.inst('EOR_sreg', { sf: 1, shift: 0, Rm: 5, imm6: 0, Rn: 4, Rd: 4 });
    p.a.inst('ORR_sreg', { sf: 1, shift: 0, Rm: 4, imm6: 0, Rn: rd, Rd: rd });
  }
}

function tooLongCase(len: number): CaseDef {
  return derivedCase(AREA, {
    id: `random/too-long/${len}`,
    description: `random with cap ${len} (above RANDOM_MAX ${RANDOM_MAX}) into a mapped buffer of that size fails EINVAL and writes nothing`,
    clauses: ['SYS.RANDOM.DETERMINISTIC', 'ABI.LENGTH.BOUNDS'],
    build({ p }) {
      // The whole range is mapped, so only the length bound can fail.
      const buf = p.bytes(new Uint8Array(len).fill(GUARD), 16);
      p.sys('random', buf, len);
      p.expectErrno(`random(buf, ${len}) fails EINVAL`, ['SYS.RANDOM.DETERMINISTIC', 'ABI.LENGTH.BOUNDS'], 'EINVAL');
      p.expectMem('the first 64 bytes are untouched', ['ABI.LENGTH.BOUNDS'], buf, new Uint8Array(64).fill(GUARD));
    },
  });
}

function randomMiscCases(): CaseDef[] {
  const out: CaseDef[] = [];
  out.push(derivedCase(AREA, {
    id: 'random/zero-null',
    description: 'random(NULL, 0) returns 0',
    clauses: ['SYS.RANDOM.FILL', 'ABI.NULL.EMPTY'],
    build({ p }) {
      p.sys('random', 0, 0);
      p.expectEq('random(NULL, 0) returns 0', ['SYS.RANDOM.FILL', 'ABI.NULL.EMPTY'], 0);
    },
  }));
  for (const [tag, addr, len] of [['null', 0, 16], ['unmapped', 0x1000, 16], ['code', CODE_BASE, 16], ['stack-top-straddle', 0x9000_0000 - 8, 16]] as const) {
    out.push(derivedCase(AREA, {
      id: `random/fault/${tag}`,
      description: `random into ${tag} memory (${hex(addr)}, ${len} bytes) fails EFAULT`,
      clauses: ['ABI.FAULT'],
      build({ p }) {
        p.sys('random', addr, len);
        p.expectErrno(`random(${hex(addr)}, ${len}) fails EFAULT`, ['ABI.FAULT'], 'EFAULT');
      },
    }));
  }
  for (const dev of ['/dev/random', '/dev/urandom']) {
    out.push(derivedCase(AREA, {
      id: `random/device/${dev.slice(5)}`,
      description: `${dev} reads like the random call: 32 bytes per read, two reads differ`,
      clauses: ['FS.DEV.RANDOM', 'FS.OPEN.CAP.READ', 'FS.OPEN.LOWEST'],
      build({ p }) {
        const a = p.space(32, 16);
        const b = p.space(32, 16);
        p.sys('open', p.str(dev), O_RDONLY, 0).save(SCRATCH);
        p.expectEq(`open ${dev} returns handle 3`, ['FS.OPEN.CAP.READ', 'FS.OPEN.LOWEST'], 3);
        p.sys('read', SCRATCH, a, 32);
        p.expectEq('the first read returns 32', ['FS.DEV.RANDOM'], 32);
        p.sys('read', SCRATCH, b, 32);
        p.expectEq('the second read returns 32', ['FS.DEV.RANDOM'], 32);
        xorWords(p, a, b, 4, 3);
        p.expectCmp('the two reads differ', ['FS.DEV.RANDOM'], 'ne', 0, 3);
      },
    }));
  }
  return out;
}

// ---- reboot ----------------------------------------------------------------------------------

function rebootCase(cmd: number, name: string, id: Identity, tag: string): CaseDef {
  return derivedCase(AREA, {
    id: `reboot/${name}/${tag}`,
    description: `reboot(${name}) as ${tag} (holds capConsole) ends the run with the reboot outcome; nothing after it runs`,
    clauses: ['SYS.REBOOT.OUTCOME', 'SYS.REBOOT.SYNC', 'SYS.REBOOT.CAP', 'SYS.REBOOT.CONDUIT', 'SEC.INFO.RECORD', 'SEC.INFO.EFFECTIVE'],
    boot: bootWith(id),
    verdict: REBOOT,
    build({ p }) {
      expectIdentity(p, id);
      planNow(p);
      p.sys('reboot', cmd);
      p.print('reboot returned\n');
    },
  });
}

const BAD_CMDS: readonly bigint[] = [2n, 3n, 0xffn, 0x7fff_ffffn, 0xffff_ffffn];

function badCmdCase(cmd: bigint, id: Identity, tag: string): CaseDef {
  const gated = !hasCap(id, 'capConsole');
  return derivedCase(AREA, {
    id: `reboot/invalid-cmd/${cmd.toString(16)}/${tag}`,
    description: gated
      ? `reboot(${hex(cmd)}) as ${tag} (no capConsole) fails EPERM: the capability gate comes before the cmd check`
      : `reboot(${hex(cmd)}) as ${tag} fails EINVAL (unknown cmd) and the program carries on`,
    clauses: gated ? ['SYS.REBOOT.CAP', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO', 'PROC.GETPID'] : ['SYS.REBOOT.OUTCOME', 'ABI.ENUM.UNKNOWN', 'PROC.GETPID'],
    boot: bootWith(id),
    build({ p }) {
      p.sys('reboot', cmd);
      if (gated) p.expectErrno(`reboot(${hex(cmd)}) fails EPERM`, ['SYS.REBOOT.CAP', 'ABI.CHECK.ORDER', 'SEC.CAP.ERRNO'], 'EPERM');
      else p.expectErrno(`reboot(${hex(cmd)}) fails EINVAL`, ['SYS.REBOOT.OUTCOME', 'ABI.ENUM.UNKNOWN'], 'EINVAL');
      p.sys('getpid');
      p.expectEq('the program is still running: getpid returns 1', ['PROC.GETPID'], 1);
    },
  });
}

export function miscCases(): CaseDef[] {
  const out: CaseDef[] = [];
  for (const len of LENGTHS) for (const seed of SEEDS) out.push(lengthCase(len, seed));
  for (const seed of SEEDS) out.push(differCase(seed));
  for (const len of [RANDOM_MAX + 1, RANDOM_MAX + 4096, RANDOM_MAX * 2]) out.push(tooLongCase(len));
  out.push(...randomMiscCases());
  const withConsole = bootIdentities().filter((b) => hasCap(b.identity, 'capConsole'));
  for (const b of withConsole) out.push(rebootCase(POWER_OFF, 'poweroff', b.identity, b.tag));
  out.push(rebootCase(POWER_RESET, 'reset', seeded('root'), 'root'));
  for (const cmd of BAD_CMDS) {
    out.push(badCmdCase(cmd, seeded('root'), 'root'));
    out.push(badCmdCase(cmd, seeded('user'), 'user'));
  }
  return out;
}
