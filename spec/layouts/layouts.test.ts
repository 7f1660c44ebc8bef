import { describe, expect, it } from 'vitest';
import { fieldSize, scalarWidth } from '../layout-codec.js';
import { LAYOUT_LIST, LAYOUTS } from './index.js';

/** Sizes as the seed (or, for records the seed hides, swift-os / the decision) gives them. */
const EXPECTED_SIZES: Readonly<Record<string, number>> = {
  stat: 32,
  dirent: 19,
  pollfd: 8,
  termios: 16,
  fd_pair: 8,
  int32: 4,
  uint32: 4,
  uint64: 8,
  security_info: 16,
  security_info_ex: 32,
  spawn_handle: 16,
  ps_entry: 32,
  procstat: 56,
  sysinfo: 64,
  sysinfo_s5: 200,
  log_stats: 32,
  sigframe: 800,
  ipc_send_msg: 24,
  ipc_recv_msg: 32,
  ipc_call_msg: 44,
  ipc_reply_recv_msg: 60,
  udp_msg: 20,
  udp_msg_v6: 34,
  netinfo: 56,
  device_info: 64,
  pkg_stream_begin_desc: 88,
  swpkg_header: 128,
  swosbase_header: 64,
  swosbase_entry: 40,
  timespec: 16,
  itimerspec: 32,
};

/** Offsets the seed prints in its struct comments, checked field by field. */
const SEED_OFFSETS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  stat: { st_mode: 0, st_uid: 4, st_size: 8, st_gid: 16, st_nlink: 20, st_mtime: 24 },
  dirent: { d_ino: 0, d_off: 8, d_reclen: 16, d_type: 18 },
  pollfd: { fd: 0, events: 4, revents: 6 },
  ps_entry: { pid: 0, ppid: 4, state: 8, name: 12 },
  sysinfo_s5: { uptime_ticks: 0, hz: 48, reserved: 60, cpu_count: 64, cpu_capacity: 68, cpu_ticks: 72, cpu_idle_ticks: 136 },
  procstat: { pid: 0, principal: 12, cpu_ticks: 16, start_tick: 24, res_bytes: 32, name: 40 },
  netinfo: { flags: 0, ipv4: 4, gateway4: 8, dns4: 12, mask4: 16, ipv6: 20, gateway6: 36, prefix6: 52 },
  udp_msg: { buf: 0, len: 8, ip: 12, port: 16, pad: 18 },
  udp_msg_v6: { buf: 0, len: 8, ip6: 12, port: 28, scope: 30 },
  device_info: { kind: 0, bus: 4, mmio_base: 8, mmio_len: 16, irq: 24, flags: 28, generation: 32, claimed: 36, name: 40 },
};

describe('layouts', () => {
  it('have unique names', () => {
    expect(new Set(LAYOUT_LIST.map((l) => l.name)).size).toBe(LAYOUT_LIST.length);
  });

  it('match the documented sizes', () => {
    for (const layout of LAYOUT_LIST) expect(layout.size, layout.name).toBe(EXPECTED_SIZES[layout.name]);
    expect(Object.keys(EXPECTED_SIZES).sort()).toEqual(LAYOUT_LIST.map((l) => l.name).sort());
  });

  it('match the seed\'s field offsets', () => {
    for (const [name, offsets] of Object.entries(SEED_OFFSETS)) {
      const layout = LAYOUTS[name];
      expect(layout, name).toBeDefined();
      for (const [field, offset] of Object.entries(offsets)) {
        expect(layout?.fields.find((f) => f.name === field)?.offset, `${name}.${field}`).toBe(offset);
      }
    }
  });

  it('keep every field inside the record, without overlaps', () => {
    for (const layout of LAYOUT_LIST) {
      const sorted = [...layout.fields].sort((a, b) => a.offset - b.offset);
      let end = 0;
      for (const f of sorted) {
        expect(f.offset, `${layout.name}.${f.name} overlaps`).toBeGreaterThanOrEqual(end);
        end = f.offset + fieldSize(f);
        expect(end, `${layout.name}.${f.name} overruns`).toBeLessThanOrEqual(layout.size);
      }
      expect(new Set(layout.fields.map((f) => f.name)).size, layout.name).toBe(layout.fields.length);
    }
  });

  it('fill the record up to the last field, leaving only trailing padding below the alignment', () => {
    for (const layout of LAYOUT_LIST) {
      const end = Math.max(...layout.fields.map((f) => f.offset + fieldSize(f)));
      expect(layout.size - end, layout.name).toBeLessThan(Math.max(layout.align, 1));
    }
  });

  it('align fields naturally unless packed', () => {
    for (const layout of LAYOUT_LIST) {
      if (layout.packed === true) continue;
      for (const f of layout.fields) {
        expect(f.offset % scalarWidth(f.type), `${layout.name}.${f.name}`).toBe(0);
        expect(layout.align % scalarWidth(f.type), `${layout.name} align vs ${f.name}`).toBe(0);
      }
    }
  });

  it('name an existing length field for variable-length tails', () => {
    for (const layout of LAYOUT_LIST) {
      if (layout.tail === undefined) continue;
      expect(layout.fields.some((f) => f.name === layout.tail?.recordLengthField)).toBe(true);
      expect(layout.fields.some((f) => f.name === layout.tail?.field)).toBe(false);
    }
  });

  it('keep the full sysinfo record\'s first 64 bytes identical to the legacy one', () => {
    const legacy = LAYOUTS.sysinfo;
    const full = LAYOUTS.sysinfo_s5;
    for (const f of legacy?.fields ?? []) expect(full?.fields.find((g) => g.name === f.name)).toEqual(f);
  });
});
