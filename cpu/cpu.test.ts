import { describe, expect, it } from 'vitest';
import { Assembler } from './asm/assembler.js';
import { CODE_BASE, DATA_BASE, machineWith } from './testing/run-words.js';
import { PROT_R, PROT_W, PROT_X } from './memory/address-space.js';

/** x0 = n; loop: x1 += 1; x0 -= 1; cbnz x0, loop — 2 + 3n instructions before the SVC. */
function countingLoop(n: number): number[] {
  const a = new Assembler().movImm(0, n).movImm(1, 0);
  const top = a.here();
  a.addImm(1, 1, 1).subImm(0, 0, 1).cbnz(0, top);
  return [...a.assemble()];
}

describe('Cpu.run', () => {
  it('retires exactly the budget, for every budget, and resumes where it stopped', () => {
    const total = 2 + 3 * 50;
    for (let budget = 1; budget <= total + 1; budget += 7) {
      const { cpu } = machineWith(countingLoop(50));
      const stop = cpu.run(budget);
      if (budget <= total) {
        expect(stop.kind).toBe('budget');
        expect(cpu.instret).toBe(budget);
      }
      let s = stop;
      while (s.kind === 'budget') s = cpu.run(budget);
      expect(s).toEqual({ kind: 'svc', imm: 0, pc: CODE_BASE + 4 * (countingLoop(50).length + 1) });
      expect(cpu.instret).toBe(total + 1);
      expect(cpu.getX(1)).toBe(50n);
    }
  });

  it('counts the SVC as retired and leaves pc after it', () => {
    const { cpu } = machineWith([]);
    expect(cpu.run(10)).toEqual({ kind: 'svc', imm: 0, pc: CODE_BASE + 4 });
    expect(cpu.instret).toBe(1);
  });

  it('stops with undefined on an unimplemented word, pc at it, not retired', () => {
    // 0x00010000: bits 31:16 nonzero in the reserved space (0x0000xxxx is UDF).
    const a = new Assembler().movImm(0, 1).word(0x0001_0000);
    const { cpu } = machineWith([...a.assemble()]);
    expect(cpu.run(10)).toEqual({ kind: 'undefined', pc: CODE_BASE + 4, word: 0x0001_0000 });
    expect(cpu.instret).toBe(1);
    expect(cpu.getX(0)).toBe(1n);
  });

  it('BRK stops at the BRK without retiring it', () => {
    const a = new Assembler().nop().brk(0x3e8);
    const { cpu } = machineWith([...a.assemble()]);
    expect(cpu.run(10)).toEqual({ kind: 'brk', imm: 0x3e8, pc: CODE_BASE + 4 });
    expect(cpu.instret).toBe(1);
  });

  it('a branch to a non-executable page faults on fetch with the exact address', () => {
    const a = new Assembler().movImm(5, DATA_BASE + 8).br(5);
    const { cpu } = machineWith([...a.assemble()]);
    const stop = cpu.run(100);
    expect(stop).toMatchObject({ kind: 'fault', pc: DATA_BASE + 8, addr: DATA_BASE + 8, access: 'exec' });
    expect(cpu.instret).toBe(a.assemble().length);
  });

  it('a branch to an unmapped or non-canonical address faults', () => {
    for (const target of [0x1000n, 0xffff_0000_0000_0000n, 1n << 40n]) {
      const { cpu } = machineWith([...new Assembler().movImm(5, target).br(5).assemble()]);
      const stop = cpu.run(100);
      expect(stop.kind).toBe('fault');
      if (stop.kind === 'fault') {
        expect(stop.access).toBe('exec');
        expect(BigInt(stop.addr)).toBe(target);
      }
    }
  });

  it('the JIT pattern RW -> RX -> RW -> RX runs the new code each time', () => {
    const { cpu, space, phys } = machineWith([...new Assembler().blr(9).assemble()]);
    const page = 0x900000 / 4096;
    space.mapPage(page, phys.alloc(), PROT_R | PROT_W);
    const jitAndCall = (value: number): bigint => {
      space.protectPage(page, PROT_R | PROT_W);
      space.poke(0x900000, new Assembler().movImm(0, value).ret().bytesOut());
      space.protectPage(page, PROT_R | PROT_X);
      cpu.pc = CODE_BASE;
      cpu.setX(9, 0x900000n);
      expect(cpu.run(100).kind).toBe('svc');
      return cpu.getX(0);
    };
    expect(jitAndCall(111)).toBe(111n);
    expect(jitAndCall(222)).toBe(222n);
  });

  it('drops translations when a code page loses execute permission', () => {
    const { cpu, space } = machineWith([...new Assembler().movImm(0, 7).assemble()]);
    expect(cpu.run(100).kind).toBe('svc');
    space.protectPage(CODE_BASE / 4096, PROT_R);
    cpu.pc = CODE_BASE;
    expect(cpu.run(100)).toMatchObject({ kind: 'fault', access: 'exec', addr: CODE_BASE });
  });

  it('is deterministic: same program, same budget slices, same state', () => {
    const run = (): string => {
      const { cpu } = machineWith(countingLoop(1000));
      const trace: number[] = [];
      let s = cpu.run(37);
      while (s.kind === 'budget') {
        trace.push(cpu.pc, cpu.x[0]!);
        s = cpu.run(37);
      }
      return JSON.stringify([trace, [...cpu.x]]);
    };
    expect(run()).toBe(run());
  });
});
