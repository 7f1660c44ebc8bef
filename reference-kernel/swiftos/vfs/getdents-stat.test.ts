import { describe, expect, it } from 'vitest';
import { decodeRecords, layout } from '../../../spec/index.js';
import { direntRecord } from './dirents.js';
import { encodeStat, statOf } from './stat.js';
import { makeVfs, must, O_RDONLY, ROOT, USER, writeFile } from './vfs.testkit.js';

const fail = (errno: string, clause: string) => ({ ok: false, errno, clause });
const names = (buf: Uint8Array) => decodeRecords(layout('dirent'), buf).map((r) => Buffer.from(r['d_name'] as Uint8Array).toString('latin1'));

describe('getdents', () => {
  const setup = () => {
    const { vfs } = makeVfs();
    for (const n of ['one', 'a-much-longer-name', 'x']) writeFile(vfs, `/tmp/${n}`, n);
    must(vfs.mkdir('/tmp/dir', 0, USER));
    return vfs;
  };

  it('FS.DIRENT.RECORD / FS.GETDENTS.RECORDS: byte layout of one record', () => {
    const vfs = setup();
    const d = must(vfs.open('/tmp', O_RDONLY, 0, USER));
    const buf = must(d.getdents(4096));
    const ino = must(vfs.lookup('/tmp/one', USER)).ino;
    const expected = new Uint8Array(24);
    const v = new DataView(expected.buffer);
    v.setBigUint64(0, BigInt(ino), true);
    v.setBigUint64(8, 1n, true);
    v.setUint16(16, 24, true);
    v.setUint8(18, 8);
    expected.set(Buffer.from('one'), 19);
    expect(buf.subarray(0, 24)).toEqual(expected);
  });

  it('FS.GETDENTS.RECORDS: reclen = (19 + namelen + 1 + 7) & ~7; d_off is the 1-based next index', () => {
    const vfs = setup();
    const recs = decodeRecords(layout('dirent'), must(must(vfs.open('/tmp', O_RDONLY, 0, USER)).getdents(4096)));
    expect(recs.map((r) => r['d_reclen'])).toEqual([24, 40, 24, 24]);
    expect(recs.map((r) => r['d_off'])).toEqual([1n, 2n, 3n, 4n]);
    for (const r of recs) expect((r['d_reclen'] as number) % 8).toBe(0);
  });

  it('FS.GETDENTS.NODOTS / FS.GETDENTS.DTYPE: no "." or "..", creation order, DT_DIR/DT_REG/DT_CHR', () => {
    const vfs = setup();
    const buf = must(must(vfs.open('/tmp', O_RDONLY, 0, USER)).getdents(4096));
    expect(names(buf)).toEqual(['one', 'a-much-longer-name', 'x', 'dir']);
    expect(decodeRecords(layout('dirent'), buf).map((r) => r['d_type'])).toEqual([8, 8, 8, 4]);
    const dev = decodeRecords(layout('dirent'), must(must(vfs.open('/dev', O_RDONLY, 0, USER)).getdents(4096)));
    expect(dev.map((r) => r['d_type'])).toEqual([2, 2, 2, 2]);
    expect(names(must(must(vfs.open('/', O_RDONLY, 0, USER)).getdents(4096)))).toEqual(['bin', 'etc', 'dev', 'proc', 'tmp', 'net']);
  });

  it('paging: whole records only, resumable at the cursor, 0 at the end (FS.GETDENTS.END)', () => {
    const vfs = setup();
    const d = must(vfs.open('/tmp', O_RDONLY, 0, USER));
    const seen: string[] = [];
    const sizes: number[] = [];
    for (;;) {
      const r = d.getdents(50);
      const buf = must(r);
      if (buf.length === 0) {
        expect(r.clause).toBe('FS.GETDENTS.END');
        break;
      }
      sizes.push(buf.length);
      seen.push(...names(buf));
    }
    expect(sizes).toEqual([24, 40, 48]);
    expect(seen).toEqual(['one', 'a-much-longer-name', 'x', 'dir']);
    expect(must(d.getdents(50)).length).toBe(0);
  });

  it('FS.GETDENTS.SMALL: a buffer too small for the next record fails EINVAL without moving the cursor', () => {
    const vfs = setup();
    const d = must(vfs.open('/tmp', O_RDONLY, 0, USER));
    expect(d.getdents(23)).toEqual(fail('EINVAL', 'FS.GETDENTS.SMALL'));
    expect(d.getdents(0)).toEqual(fail('EINVAL', 'FS.GETDENTS.SMALL'));
    expect(names(must(d.getdents(24)))).toEqual(['one']);
    expect(d.getdents(39)).toEqual(fail('EINVAL', 'FS.GETDENTS.SMALL'));
  });

  it('an empty directory reads 0 at once, whatever the count', () => {
    const vfs = setup();
    expect(must(must(vfs.open('/tmp/dir', O_RDONLY, 0, USER)).getdents(0)).length).toBe(0);
  });

  it('FD.KIND.WRONG: getdents on a file fails ENOTDIR', () => {
    const vfs = setup();
    expect(must(vfs.open('/tmp/x', O_RDONLY, 0, USER)).getdents(100)).toEqual(fail('ENOTDIR', 'FD.KIND.WRONG'));
  });

  it('encodes names byte for byte (latin1)', () => {
    const vfs = setup();
    const rec = direntRecord(must(vfs.lookup('/tmp/x', ROOT)), '\xff\x80', 3);
    expect(Array.from(rec.subarray(19, 22))).toEqual([0xff, 0x80, 0]);
  });
});

describe('stat', () => {
  it('FS.STAT.RECORD: the 32-byte layout, field by field', () => {
    const { vfs } = makeVfs({ t0: 0x1_2345_6789 });
    writeFile(vfs, '/tmp/f', 'hello', { ...USER });
    const s = must(vfs.stat('/tmp/f', USER));
    const b = encodeStat(s);
    expect(b.length).toBe(32);
    const v = new DataView(b.buffer);
    expect(v.getUint32(0, true)).toBe(0x8000 | 0o644);
    expect(v.getUint32(4, true)).toBe(2);
    expect(v.getBigUint64(8, true)).toBe(5n);
    expect(v.getUint32(16, true)).toBe(2);
    expect(v.getUint32(20, true)).toBe(1);
    expect(v.getBigUint64(24, true)).toBe(0x1_2345_6789n);
  });
  it('FS.STAT.NOCAP: stat needs no capability; fstat reports the same record', () => {
    const { vfs } = makeVfs();
    const none = { ...USER, caps: 0 };
    const s = must(vfs.stat('/etc/motd', none));
    expect(must(vfs.open('/etc/motd', O_RDONLY, 0, USER)).fstat()).toEqual(s);
    expect(statOf(must(vfs.lookup('/etc', none))).st_size).toBe(0n);
  });
  it('FS.MODE.TYPES: S_IFREG, S_IFDIR, S_IFCHR', () => {
    const { vfs } = makeVfs();
    expect(must(vfs.stat('/etc/motd', USER)).st_mode & 0xf000).toBe(0x8000);
    expect(must(vfs.stat('/etc', USER)).st_mode & 0xf000).toBe(0x4000);
    expect(must(vfs.stat('/dev/zero', USER)).st_mode & 0xf000).toBe(0x2000);
  });
});
