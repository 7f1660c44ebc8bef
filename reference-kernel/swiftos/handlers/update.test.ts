import { describe, expect, it } from 'vitest';
import { SEEDED_PRINCIPAL_CAPS } from '../../../spec/index.js';
import { baseImage, packImage } from '../pkg/pkg.testkit.js';
import type { Identity } from '../process.js';
import { call, err, Prog, run, type Run, type RunOptions } from '../testkit.js';
import type { EspOptions } from '../update/esp.js';
import type { UpdateStoreOptions } from '../update/store.js';

const USER: Identity = { principal: 2, session: 2, caps: SEEDED_PRINCIPAL_CAPS.user };
const SLOT = 4096;
const STORE: UpdateStoreOptions = { slotBytes: SLOT, rollbackFloor: 5 };
const NO_ARG_CALLS = ['update_confirm', 'update_activate', 'update_stage', 'update_stage_commit', 'update_stage_abort', 'kernel_stage', 'kernel_activate', 'kernel_confirm'] as const;

function go(build: (p: Prog) => void, opts: RunOptions = {}): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, opts);
}

/** begin(version, total), then one write per chunk. */
function stage(p: Prog, version: number, total: number, chunks: readonly Uint8Array[]): void {
  call(p, 'update_stage_begin', version, total);
  for (const c of chunks) call(p, 'update_stage_write', p.bytes(c), c.length);
}

describe('update calls: device and capability', () => {
  it('UPD.NODEV, UPD.ORDER: without a store or ESP every call fails ENODEV', () => {
    const r = go((p) => {
      for (const name of NO_ARG_CALLS) call(p, name);
      call(p, 'update_stage_begin', 6, 128);
      call(p, 'update_stage_write', p.space(16), 16);
    });
    for (const name of [...NO_ARG_CALLS, 'update_stage_begin', 'update_stage_write']) {
      expect([name, r.ret(name), r.clause(name)]).toEqual([name, err('ENODEV'), 'UPD.NODEV']);
    }
  });

  it('UPD.CAP, UPD.ORDER: without capConsole every call fails EPERM, store or not', () => {
    for (const opts of [{}, { updateStore: STORE, esp: {} }] as RunOptions[]) {
      const r = go((p) => {
        for (const name of NO_ARG_CALLS) call(p, name);
        call(p, 'update_stage_begin', 6, 128);
        call(p, 'update_stage_write', 0x10, 16);
      }, { identity: USER, ...opts });
      for (const name of [...NO_ARG_CALLS, 'update_stage_begin', 'update_stage_write']) expect([name, r.ret(name)]).toEqual([name, err('EPERM')]);
      expect(r.clause('update_stage_write')).toBe('UPD.CAP');
    }
  });

  it('UPD.NODEV: update_stage needs the payload disk as well as the store', () => {
    const r = go((p) => call(p, 'update_stage'), { updateStore: STORE });
    expect([r.ret('update_stage'), r.clause('update_stage')]).toEqual([err('ENODEV'), 'UPD.NODEV']);
  });
});

describe('A/B slots', () => {
  it('UPD.CONFIRM: update_confirm marks the booted slot confirmed', () => {
    const r = go((p) => call(p, 'update_confirm'), { updateStore: { ...STORE, bootedSlot: 1 } });
    expect([r.ret('update_confirm'), r.clause('update_confirm')]).toEqual([0n, 'UPD.CONFIRM']);
    expect(r.kernel.updates!.slots[1].state).toBe('confirmed');
  });

  it('UPD.NOSLOT, UPD.ACTIVATE, UPD.SLOTS: activate needs an inactive image; it may be repeated', () => {
    const empty = go((p) => call(p, 'update_activate'), { updateStore: STORE });
    expect([empty.ret('update_activate'), empty.clause('update_activate')]).toEqual([err('ENOENT'), 'UPD.NOSLOT']);
    const r = go((p) => {
      call(p, 'update_activate');
      call(p, 'update_activate');
    }, { updateStore: { ...STORE, inactivePresent: true } });
    expect(r.rets('update_activate')).toEqual([0n, 0n]);
    expect(r.kernel.updates!.nextSlot).toBe(1);
  });

  const payloadCases: [string, Uint8Array, bigint, string][] = [
    ['a version-2 image', baseImage(256, { version: 2 }), err('EINVAL'), 'UPD.INVALID'],
    ['no SWOSBASE magic', new Uint8Array(256), err('EINVAL'), 'UPD.INVALID'],
    ['a zero-length image', baseImage(256, { data_offset: 0n, data_size: 0n }), err('EINVAL'), 'UPD.INVALID'],
    ['an image truncated on the disk', baseImage(256, { data_size: 200n }), err('EINVAL'), 'UPD.INVALID'],
    ['an image larger than the slot', baseImage(SLOT + 1), err('EFBIG'), 'UPD.TOOBIG'],
  ];
  for (const [what, disk, ret, clause] of payloadCases) {
    it(`UPD.PAYLOAD: update_stage of ${what} fails and leaves the inactive slot empty`, () => {
      const r = go((p) => {
        call(p, 'update_stage');
        call(p, 'update_activate');
      }, { updateStore: { ...STORE, payload: disk } });
      expect([r.ret('update_stage'), r.clause('update_stage')]).toEqual([ret, clause]);
      expect(r.ret('update_activate')).toBe(err('ENOENT'));
    });
  }

  it('UPD.STAGE, UPD.PAYLOAD: update_stage fills the inactive slot, which activate then accepts', () => {
    const r = go((p) => {
      call(p, 'update_stage');
      call(p, 'update_activate');
    }, { updateStore: { ...STORE, payload: baseImage(SLOT) } });
    expect([r.ret('update_stage'), r.clause('update_stage'), r.ret('update_activate')]).toEqual([0n, 'UPD.STAGE', 0n]);
  });

  it('UPD.IO: a failing copy or flush fails update_stage with EIO', () => {
    for (const ioFault of ['write', 'flush'] as const) {
      const r = go((p) => call(p, 'update_stage'), { updateStore: { ...STORE, payload: baseImage(512), ioFault } });
      expect([r.ret('update_stage'), r.clause('update_stage')]).toEqual([err('EIO'), 'UPD.IO']);
    }
  });
});

describe('streamed staging', () => {
  const image = baseImage(300);

  it('UPD.STREAM.BEGIN, UPD.STREAM.WRITE, UPD.STREAM.COMMIT: a streamed image makes the inactive slot present', () => {
    const r = go((p) => {
      stage(p, 6, image.length, [image.slice(0, 100), image.slice(100)]);
      call(p, 'update_stage_commit');
      call(p, 'update_activate');
    }, { updateStore: STORE });
    expect(r.ret('update_stage_begin')).toBe(0n);
    expect(r.rets('update_stage_write')).toEqual([100n, 200n]);
    expect([r.ret('update_stage_commit'), r.ret('update_activate')]).toEqual([0n, 0n]);
    expect(r.kernel.updates!.slots[1]).toMatchObject({ present: true, state: 'untried', version: 6n });
  });

  it('UPD.STREAM.RESERVE, UPD.INVALID, UPD.TOOBIG, UPD.ROLLBACK: begin checks total, size and version in that order', () => {
    const r = go((p) => {
      call(p, 'update_stage_begin', 1, 0);
      call(p, 'update_stage_begin', 1, SLOT + 1);
      call(p, 'update_stage_begin', 5, SLOT);
      call(p, 'update_stage_begin', 0, SLOT);
      call(p, 'update_stage_begin', 6, SLOT);
    }, { updateStore: STORE });
    expect(r.rets('update_stage_begin')).toEqual([err('EINVAL'), err('EFBIG'), err('EPERM'), err('EPERM'), 0n]);
    expect(r.clause('update_stage_begin', 2)).toBe('UPD.ROLLBACK');
  });

  it('UPD.STREAM.RESERVE: a second begin restarts the stage', () => {
    const r = go((p) => {
      stage(p, 6, 200, [new Uint8Array(150)]);
      stage(p, 7, 200, [new Uint8Array(150)]);
    }, { updateStore: STORE });
    expect(r.rets('update_stage_write')).toEqual([150n, 150n]);
    expect(r.kernel.updates!.stageOf(r.kernel.init!)).toBeNull();
  });

  it('UPD.STREAM.CHUNK: one write takes at most 65536 bytes; a count of 0 returns 0', () => {
    const r = go((p) => {
      call(p, 'update_stage_begin', 6, 70000);
      const b = p.space(70000);
      call(p, 'update_stage_write', b, 70000);
      call(p, 'update_stage_write', b, 0);
      call(p, 'update_stage_write', b, 70000 - 65536);
    }, { updateStore: { slotBytes: 1 << 20 } });
    expect(r.rets('update_stage_write')).toEqual([65536n, 0n, 4464n]);
  });

  it('UPD.TOOBIG, UPD.STREAM.CHUNK, UPD.STAGE.NONE: a write past the total fails EFBIG and drops the stage', () => {
    const r = go((p) => {
      stage(p, 6, 100, [new Uint8Array(60), new Uint8Array(41), new Uint8Array(1)]);
    }, { updateStore: STORE });
    expect(r.rets('update_stage_write')).toEqual([60n, err('EFBIG'), err('EAGAIN')]);
    expect(r.clause('update_stage_write', 2)).toBe('UPD.STAGE.NONE');
  });

  it('UPD.IO: a failing slot write fails EIO and drops the stage; a failing flush fails the commit', () => {
    const w = go((p) => stage(p, 6, 300, [image, image]), { updateStore: { ...STORE, ioFault: 'write' } });
    expect(w.rets('update_stage_write')).toEqual([err('EIO'), err('EAGAIN')]);
    const f = go((p) => {
      stage(p, 6, 300, [image]);
      call(p, 'update_stage_commit');
      call(p, 'update_activate');
    }, { updateStore: { ...STORE, ioFault: 'flush' } });
    expect([f.ret('update_stage_commit'), f.clause('update_stage_commit'), f.ret('update_activate')]).toEqual([err('EIO'), 'UPD.IO', err('ENOENT')]);
  });

  it('UPD.STREAM.VALIDATE: commit needs every byte and a version-3 header of exactly the total', () => {
    const cases: [number, Uint8Array][] = [
      [300, image.slice(0, 299)],
      [300, baseImage(300, { version: 2 })],
      [300, baseImage(300, { data_size: 100n })],
      [300, new Uint8Array(300)],
      [40, new Uint8Array(40)],
    ];
    for (const [total, bytes] of cases) {
      const r = go((p) => {
        stage(p, 6, total, [bytes]);
        call(p, 'update_stage_commit');
        call(p, 'update_stage_commit');
      }, { updateStore: STORE });
      expect(r.rets('update_stage_commit')).toEqual([err('EINVAL'), err('EAGAIN')]);
      expect(r.clause('update_stage_commit')).toBe('UPD.INVALID');
    }
  });

  it('UPD.STREAM.ABORT, UPD.STAGE.NONE: abort ends the stage; without one write, commit and abort fail EAGAIN', () => {
    const r = go((p) => {
      call(p, 'update_stage_write', p.space(8), 8);
      call(p, 'update_stage_commit');
      call(p, 'update_stage_abort');
      stage(p, 6, 300, [image.slice(0, 10)]);
      call(p, 'update_stage_abort');
      call(p, 'update_stage_abort');
    }, { updateStore: STORE });
    expect(r.rets('update_stage_write')).toEqual([err('EAGAIN'), 10n]);
    expect(r.ret('update_stage_commit')).toBe(err('EAGAIN'));
    expect(r.rets('update_stage_abort')).toEqual([err('EAGAIN'), 0n, err('EAGAIN')]);
  });

  it('UPD.STAGE.NONE: another process cannot use the stage; a stage whose owner ended is gone', () => {
    const r = go((p) => {
      call(p, 'update_stage_begin', 6, 300);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'update_stage_write', p.bytes(image), 300);
      call(p, 'update_stage_begin', 6, 300);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      call(p, 'update_stage_write', p.bytes(image), 300);
    }, { updateStore: STORE });
    expect(r.rets('update_stage_write')).toEqual([err('EAGAIN'), err('EAGAIN')]);
    expect(r.rets('update_stage_begin')).toEqual([0n, 0n]);
  });

  it('UPD.PAYLOAD, UPD.STAGE.NONE: update_stage drops a stream stage in progress', () => {
    const r = go((p) => {
      stage(p, 6, 300, [image.slice(0, 10)]);
      call(p, 'update_stage');
      call(p, 'update_stage_write', p.bytes(image), 10);
    }, { updateStore: { ...STORE, payload: baseImage(512) } });
    expect(r.rets('update_stage_write')).toEqual([10n, err('EAGAIN')]);
  });

  it('UPD.STREAM.VALIDATE: a packed v2 package payload is not a base image', () => {
    const v2 = packImage([{ path: 'usr/x', data: 'x' }]);
    const r = go((p) => {
      stage(p, 6, v2.length, [v2]);
      call(p, 'update_stage_commit');
    }, { updateStore: STORE });
    expect(r.ret('update_stage_commit')).toBe(err('EINVAL'));
  });
});

describe('kernel slots on the ESP', () => {
  function all(esp: EspOptions): Run {
    return go((p) => {
      call(p, 'kernel_stage');
      call(p, 'kernel_confirm');
      call(p, 'kernel_activate');
    }, { esp });
  }

  it('UPD.KERNEL.STAGE, UPD.KERNEL.CONFIRM, UPD.KERNEL.ACTIVATE: a healthy ESP takes all three', () => {
    const r = all({ activeSlot: 1 });
    expect([r.ret('kernel_stage'), r.ret('kernel_confirm'), r.ret('kernel_activate')]).toEqual([0n, 0n, 0n]);
    expect([r.clause('kernel_stage'), r.clause('kernel_confirm'), r.clause('kernel_activate')]).toEqual(['UPD.KERNEL.STAGE', 'UPD.KERNEL.CONFIRM', 'UPD.KERNEL.ACTIVATE']);
    expect(r.kernel.esp!.stateActive).toBe(0);
  });

  it('UPD.KERNEL.PENDING: after kernel_activate, kernel_confirm fails EINVAL', () => {
    const r = go((p) => {
      call(p, 'kernel_activate');
      call(p, 'kernel_confirm');
    }, { esp: {} });
    expect([r.ret('kernel_activate'), r.ret('kernel_confirm'), r.clause('kernel_confirm')]).toEqual([0n, err('EINVAL'), 'UPD.INVALID']);
  });

  const table: [string, EspOptions, [bigint, bigint, bigint]][] = [
    ['kernelB.bin missing', { missing: ['kernelB.bin'] }, [err('ENOENT'), 0n, 0n]],
    ['kernel-boot missing', { missing: ['kernel-boot'] }, [err('ENOENT'), 0n, err('ENOENT')]],
    ['kernel-state missing', { missing: ['kernel-state'] }, [0n, err('ENOENT'), err('ENOENT')]],
    ['slot sizes differ', { kernelBytes: [4096, 8192] }, [err('EINVAL'), 0n, 0n]],
    ['empty slots', { kernelBytes: [0, 0] }, [err('EINVAL'), 0n, 0n]],
    ['kernel-state corrupt', { corrupt: ['kernel-state'] }, [0n, err('EINVAL'), err('EINVAL')]],
    ['kernel-boot corrupt', { corrupt: ['kernel-boot'] }, [0n, 0n, 0n]],
    ['both corrupt', { corrupt: ['kernel-boot', 'kernel-state'] }, [err('EINVAL'), err('EINVAL'), err('EINVAL')]],
    ['kernel-boot corrupt, kernel-state missing', { corrupt: ['kernel-boot'], missing: ['kernel-state'] }, [err('EINVAL'), err('ENOENT'), err('ENOENT')]],
    ['writes failing', { ioFault: true }, [err('EIO'), err('EIO'), err('EIO')]],
  ];
  for (const [what, esp, want] of table) {
    it(`UPD.KERNEL.ESP, UPD.NOSLOT, UPD.INVALID, UPD.IO: ${what}`, () => {
      const r = all(esp);
      expect([r.ret('kernel_stage'), r.ret('kernel_confirm'), r.ret('kernel_activate')]).toEqual(want);
    });
  }
});
