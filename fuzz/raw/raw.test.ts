import { describe, expect, it } from 'vitest';
import { PROT_R, PROT_W, PROT_X } from '../../cpu/memory/address-space.js';
import { Kernel } from '../../reference-kernel/swiftos/kernel.js';
import { Prog } from '../../reference-kernel/swiftos/testkit.js';
import { syscall } from '../../spec/index.js';
import { Invariants } from '../oracles.js';
import { runRaw } from './engine.js';
import { rawTables } from './values.js';

const seeds = Array.from({ length: 12 }, (_, i) => BigInt(i + 1) * 0x9e37_79b9_7f4a_7c15n);

describe('raw-register fuzzer', () => {
  it('draws from every row number and from edge values of the spec', () => {
    const t = rawTables();
    for (const name of ['open', 'mmap', 'ipc_send', 'pidfd_open']) expect(t.numbers).toContain(BigInt(syscall(name).nr));
    expect(t.values).toContain(0xffff_ffff_ffff_ffffn);
    expect(t.values).toContain(1n << 63n);
    expect(Number.isInteger(Math.log2(t.values.length))).toBe(true);
  });

  it('replaying a seed reproduces the run bit for bit; other seeds give other runs', () => {
    const a = runRaw({ seed: seeds[0]!, calls: 1500 });
    const b = runRaw({ seed: seeds[0]!, calls: 1500 });
    const c = runRaw({ seed: seeds[1]!, calls: 1500 });
    expect(b).toEqual(a);
    expect(c.traceHash).not.toBe(a.traceHash);
    expect(a.syscalls).toBeGreaterThan(100);
  });

  it(`${seeds.length} seeds of 1,500 random calls: no panic and no invariant broken`, () => {
    for (const seed of seeds) {
      const r = runRaw({ seed, calls: 1500 });
      expect(r.verdict.kind, `seed ${seed}`).not.toBe('panic');
      expect(r.findings, `seed ${seed}`).toEqual([]);
    }
  });
});

/** Runs `p` with the invariants checked, and `plant` called after each call to break the kernel on purpose. */
function checked(p: Prog, plant: (k: Kernel, name: string, ret: bigint | null) => void): Invariants {
  let inv: Invariants | null = null;
  const k = new Kernel({
    onSyscall: (e) => {
      plant(k, e.name, e.ret);
      inv!.afterCall(e);
    },
  });
  inv = new Invariants(k);
  k.boot(p.elf(), 'planted');
  inv.atEnd(k.run());
  return inv;
}

function devNullDup(): Prog {
  const p = new Prog();
  p.sys('open', p.str('/dev/null'), 0, 0).keep(19);
  p.mov(0, 19).sys('dup').exit(0);
  return p;
}

describe('the oracles catch planted kernel bugs', () => {
  it('a dup that widens rights is a rights finding', () => {
    const inv = checked(devNullDup(), (k, name, ret) => {
      if (name !== 'dup' || ret === null || ret < 0n) return;
      const proc = [...k.processes.values()][0]!;
      const t = k.handles(proc);
      const h = t.get(Number(ret))!;
      let extra = 1;
      while ((h.rights & extra) !== 0) extra <<= 1;
      t.installAt(Number(ret), { ...h, rights: h.rights | extra });
    });
    expect(inv.findings.map((f) => f.oracle)).toContain('rights');
  });

  it('the same program unplanted has no finding', () => {
    expect(checked(devNullDup(), () => {}).findings).toEqual([]);
  });

  it('a page made writable and executable is a W^X finding', () => {
    const inv = checked(devNullDup(), (k, name) => {
      if (name !== 'dup') return;
      const space = [...k.processes.values()][0]!.space;
      space.protectPage(space.mappedPages()[0]!, PROT_R | PROT_W | PROT_X);
    });
    expect(inv.findings.map((f) => f.oracle)).toContain('wx');
  });

  it('a frame still in use once every process exited is a leak finding', () => {
    const inv = checked(devNullDup(), (k, name) => {
      if (name === 'dup') k.phys.alloc();
    });
    expect(inv.findings.map((f) => f.oracle)).toContain('leak');
  });
});
