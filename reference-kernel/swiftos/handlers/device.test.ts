import { describe, expect, it } from 'vitest';
import { constValue, encodeLayout, layout, type FieldValue } from '../../../spec/index.js';
import type { DeviceSpec } from '../objects/device.js';
import { err, Prog, run, type Run, type RunOptions } from '../testkit.js';
import { call, print, record, text } from '../tty/testkit.js';

const NO_MMIO = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_NO_MMIO_GRANT');
const DISCOVERED = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_DISCOVERED');
const MMIO_GRANT = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_MMIO_GRANT');
const AUTHORITY = constValue('DEVICE_FLAGS', 'SWIFTOS_DEVICE_FLAG_HARDWARE_AUTHORITY');
const PSEUDO = constValue('DEVICE_KINDS', 'SWIFTOS_DEVICE_KIND_PSEUDO_INPUT');
const VIRTIO = constValue('DEVICE_KINDS', 'SWIFTOS_DEVICE_KIND_VIRTIO_INPUT');
const BUS_PSEUDO = constValue('DEVICE_BUSES', 'SWIFTOS_DEVICE_BUS_PSEUDO');
const BUS_MMIO = constValue('DEVICE_BUSES', 'SWIFTOS_DEVICE_BUS_VIRTIO_MMIO');
const MAGIC = constValue('VIRTIO_MMIO', 'VIRTIO_MMIO_MAGIC');
const ID_INPUT = constValue('VIRTIO_MMIO', 'VIRTIO_ID_INPUT');
const PROT_RX = constValue('PROT', 'PROT_READ') | constValue('PROT', 'PROT_EXEC');
const ALL_INHERIT = constValue('RIGHT_MASKS', 'SWIFTOS_RIGHTS_ALL_INHERIT');
const INFO = 64;
const BASE = 0x0a00_3e00;
const VIRTIO_INPUT: DeviceSpec = { name: 'virtio-input.0', kind: 'virtio-input', mmioBase: BASE, mmioLen: 0x200 };
const MAPPABLE: DeviceSpec = { ...VIRTIO_INPUT, mappable: true };
const NOCONSOLE = { principal: 2, session: 2, caps: 0x0e };

function go(build: (p: Prog) => void, opts: RunOptions = {}): Run {
  const p = new Prog();
  build(p);
  p.exit(0);
  return run(p, opts);
}

/** The i-th device_info record printed on the console. */
function info(r: Run, i = 0): Record<string, FieldValue> {
  return record(r, 'device_info', i * INFO);
}

const u64 = (v: FieldValue | undefined): bigint => v as bigint;

describe('device_discover', () => {
  it('DEV.DISCOVER, DEV.REGISTRY, DEV.CLAIM.FALLBACK: a machine without devices lists pseudo-input.0 alone', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      call(p, 'device_discover', 0, b);
      print(p, b, INFO);
      call(p, 'device_discover', 1, b);
    });
    expect(r.rets('device_discover')).toEqual([0n, err('ENOENT')]);
    expect(r.clause('device_discover', 1)).toBe('DEV.DISCOVER.END');
    const d = info(r);
    expect([d.kind, d.bus, u64(d.mmio_base), u64(d.mmio_len), d.irq, d.flags, d.generation, d.claimed])
      .toEqual([PSEUDO, BUS_PSEUDO, 0n, 0n, 0, NO_MMIO, 0, 0]);
    expect(text(d.name)).toBe('pseudo-input.0');
  });

  it('DEV.REGISTRY, DEV.CLAIM.METADATA: a virtio input device replaces the fallback and carries DISCOVERED', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      call(p, 'device_discover', 0, b);
      print(p, b, INFO);
      call(p, 'device_discover', 1, b);
    }, { devices: [VIRTIO_INPUT] });
    expect(r.rets('device_discover')).toEqual([0n, err('ENOENT')]);
    const d = info(r);
    expect([d.kind, d.bus, u64(d.mmio_base), u64(d.mmio_len), d.flags]).toEqual([VIRTIO, BUS_MMIO, BigInt(BASE), 0x200n, NO_MMIO | DISCOVERED]);
    expect(text(d.name)).toBe('virtio-input.0');
  });

  it('DEV.REGISTRY: undiscoverable devices are skipped by ordinal but claimable by name', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      call(p, 'device_discover', 0, b);
      print(p, b, INFO);
      call(p, 'device_discover', 1, b);
      call(p, 'device_claim', p.str('hidden.0'), 0);
    }, { devices: [{ ...VIRTIO_INPUT, name: 'hidden.0', discoverable: false }, { ...VIRTIO_INPUT, name: 'virtio-input.1' }] });
    expect(text(info(r).name)).toBe('virtio-input.1');
    expect(r.ret('device_discover', 1)).toBe(err('ENOENT'));
    expect(r.ret('device_claim')).toBe(3n);
  });

  it('DEV.CAP: without capConsole discover and claim fail EACCES', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      call(p, 'device_discover', 0, b);
      call(p, 'device_claim', p.str('pseudo-input.0'), b);
    }, { identity: NOCONSOLE });
    expect([r.ret('device_discover'), r.ret('device_claim')]).toEqual([err('EACCES'), err('EACCES')]);
    expect([r.clause('device_discover'), r.clause('device_claim')]).toEqual(['DEV.CAP', 'DEV.CAP']);
  });
});

describe('device_claim', () => {
  it('DEV.CLAIM, DEV.GENERATION, DEV.CLAIM.BUSY, DEV.CLOSE.RELEASE: claim, busy, release, reclaim', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      const name = p.str('pseudo-input.0');
      call(p, 'device_claim', name, b).keep(19);
      print(p, b, INFO);
      call(p, 'device_discover', 0, b);
      print(p, b, INFO);
      call(p, 'device_claim', name, b);
      call(p, 'close', { r: 19 });
      call(p, 'device_discover', 0, b);
      print(p, b, INFO);
      call(p, 'device_claim', name, b);
      print(p, b, INFO);
    });
    expect(r.rets('device_claim')).toEqual([3n, err('EBUSY'), 3n]);
    expect(r.clause('device_claim')).toBe('DEV.CLAIM.FALLBACK');
    expect(r.clause('device_claim', 1)).toBe('DEV.CLAIM.BUSY');
    expect([info(r, 0).generation, info(r, 0).claimed]).toEqual([1, 1]);
    expect([info(r, 1).generation, info(r, 1).claimed]).toEqual([1, 1]);
    expect([info(r, 2).generation, info(r, 2).claimed]).toEqual([1, 0]);
    expect([info(r, 3).generation, info(r, 3).claimed]).toEqual([2, 1]);
  });

  it('DEV.CLAIM.UNKNOWN: an unknown name, and the fallback on a machine with a virtio input device', () => {
    const r = go((p) => {
      call(p, 'device_claim', p.str('nope.0'), 0);
      call(p, 'device_claim', p.str('pseudo-input.0'), 0);
    }, { devices: [VIRTIO_INPUT] });
    expect(r.rets('device_claim')).toEqual([err('ENOENT'), err('ENOENT')]);
    expect(r.clause('device_claim')).toBe('DEV.CLAIM.UNKNOWN');
  });

  it('DEV.RIGHTS, DEV.AUTHORITY: a metadata grant has GETATTR|TRANSFER only: dup and device_mmap fail EACCES', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      call(p, 'device_claim', p.str('virtio-input.0'), b).keep(19);
      print(p, b, INFO);
      call(p, 'dup', { r: 19 });
      call(p, 'device_mmap', { r: 19 }, 0x200);
    }, { devices: [VIRTIO_INPUT] });
    expect(r.ret('dup')).toBe(err('EACCES'));
    expect(r.ret('device_mmap')).toBe(err('EACCES'));
    expect(r.clause('device_mmap')).toBe('FD.RIGHTS.MISSING');
    expect(r.clause('device_claim')).toBe('DEV.CLAIM.METADATA');
    const d = info(r);
    expect((d.flags as number) & AUTHORITY).toBe(0);
    expect((d.flags as number) & NO_MMIO).toBe(NO_MMIO);
  });

  it('DEV.CLOSE.RELEASE: a fork child holding the handle keeps the claim until it exits', () => {
    const r = go((p) => {
      const name = p.str('pseudo-input.0');
      const fds = p.space(8, 8);
      const byte = p.space(8);
      call(p, 'pipe', fds);
      p.a.movImm(9, fds).inst('LDRSW_uoff', { Rt: 21, Rn: 9, imm12: 0 }).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 1 });
      call(p, 'device_claim', name, 0).keep(19);
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'close', { r: 22 });
      call(p, 'read', { r: 21 }, byte, 1);
      p.exit(0);
      p.a.bind(parent);
      p.keep(20);
      call(p, 'close', { r: 19 });
      call(p, 'device_claim', name, 0);
      call(p, 'write', { r: 22 }, byte, 1);
      call(p, 'waitpid', { r: 20 }, 0, 0);
      call(p, 'device_claim', name, 0);
    });
    expect(r.rets('device_claim')).toEqual([5n, err('EBUSY'), 5n]);
  });

  it('DEV.CLOSE.RELEASE: exit releases the claims of the process', () => {
    const r = go((p) => {
      const name = p.str('pseudo-input.0');
      call(p, 'fork');
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      call(p, 'device_claim', name, 0);
      p.exit(0);
      p.a.bind(parent);
      call(p, 'waitpid', -1, 0, 0);
      call(p, 'device_claim', name, 0);
    });
    expect(r.rets('device_claim')).toEqual([3n, 3n]);
  });
});

describe('device_info and transfers', () => {
  it('DEV.XFER.MOVE, DEV.INFO: ipc_send moves the grant; the sender\'s fd is gone, the claim stays', () => {
    const send = layout('ipc_send_msg');
    const recv = layout('ipc_recv_msg');
    const r = go((p) => {
      const b = p.space(INFO);
      const ends = p.space(8, 8);
      const out = p.space(4, 4);
      call(p, 'endpoint_create', ends);
      call(p, 'device_claim', p.str('pseudo-input.0'), 0).keep(19);
      const msg = p.bytes(encodeLayout(send, { buf: 0n, len: 0n, handle_fd: 5, requested_rights: ALL_INHERIT }), 8);
      const rmsg = p.bytes(encodeLayout(recv, { buf: 0n, cap: 0n, out_handle_fd: BigInt(out), out_badge: 0n }), 8);
      p.a.movImm(9, ends).inst('LDRSW_uoff', { Rt: 20, Rn: 9, imm12: 0 }).inst('LDRSW_uoff', { Rt: 21, Rn: 9, imm12: 1 });
      call(p, 'ipc_send', { r: 20 }, msg);
      call(p, 'device_info', { r: 19 }, b);
      call(p, 'ipc_recv', { r: 21 }, rmsg);
      p.a.movImm(9, out).inst('LDRSW_uoff', { Rt: 22, Rn: 9, imm12: 0 });
      call(p, 'device_info', { r: 22 }, b);
      print(p, b, INFO);
      call(p, 'device_claim', p.str('pseudo-input.0'), 0);
      call(p, 'close', { r: 22 });
      call(p, 'device_claim', p.str('pseudo-input.0'), 0);
    });
    // endpoint ends are 3 and 4, the device 5.
    expect(r.ret('ipc_send')).toBe(0n);
    expect(r.rets('device_info')).toEqual([err('EBADF'), 0n]);
    expect(r.clause('device_info', 1)).toBe('DEV.INFO');
    expect([info(r).claimed, info(r).generation]).toEqual([1, 1]);
    expect(r.rets('device_claim')).toEqual([5n, err('EBUSY'), 5n]);
  });
});

describe('device_mmap', () => {
  it('DEV.MMAP, DEV.MMAP.GRANT, DEV.MMAP.WINDOW, DEV.MMIO.REGS: a mappable grant maps the window at mmio_base\'s offset', () => {
    const r = go((p) => {
      const b = p.space(INFO);
      call(p, 'device_claim', p.str('virtio-input.0'), b).keep(19);
      print(p, b, INFO);
      call(p, 'device_mmap', { r: 19 }, 0x200).keep(20);
      p.a.inst('LDR_W_uoff', { Rt: 21, Rn: 20, imm12: 0 }).inst('LDR_W_uoff', { Rt: 22, Rn: 20, imm12: 2 });
      p.a.movImm(23, 0x1234).inst('STR_W_uoff', { Rt: 23, Rn: 20, imm12: 16 });
      call(p, 'device_mmap', { r: 19 }, 0x100).keep(24);
      p.a.inst('LDR_W_uoff', { Rt: 25, Rn: 24, imm12: 16 });
      p.store(21, b).store(22, b + 8).store(25, b + 16);
      print(p, b, 24);
      call(p, 'device_mmap', { r: 19 }, 0x201);
      p.a.movImm(9, 0xfff).inst('BIC_sreg', { sf: 1, shift: 0, Rm: 9, imm6: 0, Rn: 20, Rd: 0 });
      call(p, 'mprotect', { r: 0 }, 4096, PROT_RX);
    }, { devices: [MAPPABLE] });
    expect(r.clause('device_claim')).toBe('DEV.MMAP.GRANT');
    const d = info(r);
    expect(d.flags).toBe(MMIO_GRANT | DISCOVERED);
    const maps = r.rets('device_mmap');
    expect(maps[0]! % 4096n).toBe(BigInt(BASE % 4096));
    expect(maps[1]! % 4096n).toBe(BigInt(BASE % 4096));
    expect(maps[0]).not.toBe(maps[1]);
    expect(maps[2]).toBe(err('EINVAL'));
    expect(r.clause('device_mmap', 2)).toBe('DEV.MMAP.LEN');
    const v = new DataView(r.result.console.buffer, r.result.console.byteOffset + INFO, 24);
    expect([v.getUint32(0, true), v.getUint32(8, true), v.getUint32(16, true)]).toEqual([MAGIC, ID_INPUT, 0x1234]);
    expect(r.ret('mprotect')).toBe(err('EINVAL'));
    expect(r.clause('mprotect')).toBe('SHM.NOEXEC');
  });

  it('MM.MMAP.NOSPACE: device_mmap with the mapping area full fails ENOMEM', () => {
    const floor = constValue('ADDRESS_SPACE', 'USER_MMAP_FLOOR');
    const top = constValue('ADDRESS_SPACE', 'USER_MMAP_TOP');
    const r = go((p) => {
      call(p, 'device_claim', p.str('virtio-input.0'), 0).keep(19);
      call(p, 'mmap', 0, top - floor, 0, constValue('MAP_FLAGS', 'MAP_ANONYMOUS') | constValue('MAP_FLAGS', 'MAP_PRIVATE'), -1, 0);
      call(p, 'device_mmap', { r: 19 }, 4);
    }, { devices: [MAPPABLE] });
    expect(r.ret('mmap')).toBe(BigInt(floor));
    expect(r.ret('device_mmap')).toBe(err('ENOMEM'));
    expect(r.clause('device_mmap')).toBe('MM.MMAP.NOSPACE');
  });
});

describe('the registry', () => {
  it('DEV.REGISTRY: bad device specs are configuration errors', () => {
    const bad: DeviceSpec[] = [
      { ...VIRTIO_INPUT, name: '' },
      { ...VIRTIO_INPUT, name: 'x'.repeat(24) },
      { ...VIRTIO_INPUT, mmioLen: 0 },
    ];
    for (const d of bad) expect(() => run(new Prog().exit(0), { devices: [d] })).toThrow();
    expect(() => run(new Prog().exit(0), { devices: [VIRTIO_INPUT, VIRTIO_INPUT] })).toThrow();
  });
});
