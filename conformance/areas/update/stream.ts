// Streamed staging of a base image (UPD.STREAM.*): begin's checks and order, write's chunking
// and limits, commit's validation, abort, and the stage's owner (UPD.STAGE.NONE).

import type { CaseDef } from '../../model.js';
import { base64, baseImage, packImage } from '../pkg/images.js';
import type { Kit } from '../pkg/kit.js';
import { SLOT, STORE, updateCase } from './slots.js';

const IMAGE = baseImage(300);

function begin(k: Kit, version: number, total: number, clauses: readonly string[] = ['UPD.STREAM.BEGIN']): void {
  k.p.sys('update_stage_begin', version, total);
  k.p.expectEq(`update_stage_begin(${version}, ${total}) returns 0`, clauses, 0);
}

function write(k: Kit, bytes: Uint8Array, clauses: readonly string[] = ['UPD.STREAM.WRITE']): void {
  k.p.sys('update_stage_write', k.p.bytes(bytes, 1), bytes.length);
  k.p.expectEq(`update_stage_write of ${bytes.length} bytes returns ${bytes.length}`, clauses, bytes.length);
}

function expectErr(k: Kit, row: string, errno: 'EINVAL' | 'EFBIG' | 'EPERM' | 'EAGAIN' | 'EIO' | 'ENOENT', clauses: readonly string[]): void {
  k.p.expectErrno(`${row} fails ${errno}`, clauses, errno);
}

function begins(): CaseDef[] {
  const table: [string, number, number, 'EINVAL' | 'EFBIG' | 'EPERM' | null, readonly string[]][] = [
    ['total-zero', 6, 0, 'EINVAL', ['UPD.INVALID']],
    ['total-over-slot', 6, SLOT + 1, 'EFBIG', ['UPD.TOOBIG']],
    ['total-slot', 6, SLOT, null, ['UPD.TOOBIG']],
    ['version-floor', 5, 256, 'EPERM', ['UPD.ROLLBACK']],
    ['version-below-floor', 4, 256, 'EPERM', ['UPD.ROLLBACK']],
    ['version-zero', 0, 256, 'EPERM', ['UPD.ROLLBACK']],
    ['version-above-floor', 6, 256, null, ['UPD.ROLLBACK']],
    ['order-total-before-version', 0, 0, 'EINVAL', ['UPD.INVALID', 'UPD.ORDER']],
    ['order-size-before-version', 1, SLOT + 1, 'EFBIG', ['UPD.TOOBIG', 'UPD.ORDER']],
  ];
  return table.map(([id, version, total, errno, clauses]) => updateCase({
    id: `stream/begin/${id}`, description: `update_stage_begin(${version}, ${total}) with floor 5 and ${SLOT}-byte slots ${errno ? `fails ${errno}` : 'returns 0'}`,
    clauses: ['UPD.STREAM.RESERVE', 'UPD.STREAM.BEGIN', ...clauses], boot: { updateStore: STORE },
    body(k) {
      k.p.sys('update_stage_begin', version, total);
      if (errno) expectErr(k, 'update_stage_begin', errno, ['UPD.STREAM.RESERVE', ...clauses]);
      else k.p.expectEq('update_stage_begin returns 0', ['UPD.STREAM.BEGIN', ...clauses], 0);
    },
  })).concat(updateCase({
    id: 'stream/begin/huge-version', description: 'the version is an unsigned 64-bit number: 2^64 - 1 is above any floor',
    clauses: ['UPD.STREAM.RESERVE', 'UPD.ROLLBACK'], boot: { updateStore: { ...STORE, rollbackFloor: 2 ** 40 } },
    body(k) {
      k.p.sys('update_stage_begin', 2n ** 64n - 1n, 256);
      k.p.expectEq('update_stage_begin returns 0', ['UPD.ROLLBACK'], 0);
    },
  }));
}

function writes(): CaseDef[] {
  return [
    updateCase({
      id: 'stream/commit', description: 'begin, two writes and commit fill the inactive slot; update_activate then accepts it',
      clauses: ['UPD.STREAM.BEGIN', 'UPD.STREAM.WRITE', 'UPD.STREAM.COMMIT', 'UPD.STREAM.VALIDATE', 'UPD.SLOTS'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, IMAGE.length);
        write(k, IMAGE.slice(0, 100));
        write(k, IMAGE.slice(100));
        k.p.sys('update_stage_commit');
        k.p.expectEq('update_stage_commit returns 0', ['UPD.STREAM.COMMIT', 'UPD.STREAM.VALIDATE'], 0);
        k.p.sys('update_activate');
        k.p.expectEq('update_activate returns 0', ['UPD.SLOTS', 'UPD.ACTIVATE'], 0);
        k.p.sys('update_stage_commit');
        expectErr(k, 'a second commit', 'EAGAIN', ['UPD.STAGE.NONE', 'UPD.STREAM.VALIDATE']);
      },
    }),
    updateCase({
      id: 'stream/write-zero', description: 'a zero-byte write returns 0',
      clauses: ['UPD.STREAM.CHUNK', 'ABI.NULL.EMPTY'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, IMAGE.length);
        k.p.sys('update_stage_write', 0, 0);
        k.p.expectEq('update_stage_write(NULL, 0) returns 0', ['UPD.STREAM.CHUNK'], 0);
      },
    }),
    updateCase({
      id: 'stream/chunk', description: 'one write takes at most 65536 bytes and says how many it took',
      clauses: ['UPD.STREAM.CHUNK', 'UPD.STREAM.WRITE'], boot: { updateStore: { slotBytes: 1 << 20 } },
      body(k) {
        const total = 70000;
        begin(k, 1, total);
        const buf = k.p.space(total, 16);
        k.p.sys('update_stage_write', buf, total);
        k.p.expectEq('a 70000-byte write returns 65536', ['UPD.STREAM.CHUNK'], 65536);
        k.p.sys('update_stage_write', buf, total - 65536);
        k.p.expectEq(`the rest (${total - 65536} bytes) returns ${total - 65536}`, ['UPD.STREAM.CHUNK', 'UPD.STREAM.WRITE'], total - 65536);
        k.p.sys('update_stage_write', buf, 1);
        expectErr(k, 'one more byte', 'EFBIG', ['UPD.TOOBIG', 'UPD.STREAM.CHUNK']);
      },
    }),
    updateCase({
      id: 'stream/past-total', description: 'a write running past the declared total fails EFBIG and drops the stage',
      clauses: ['UPD.TOOBIG', 'UPD.STREAM.CHUNK', 'UPD.STAGE.NONE'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, 100);
        write(k, new Uint8Array(60));
        k.p.sys('update_stage_write', k.p.space(41), 41);
        expectErr(k, 'a 41-byte write at 60 of 100', 'EFBIG', ['UPD.TOOBIG', 'UPD.STREAM.CHUNK']);
        k.p.sys('update_stage_write', k.p.space(40), 40);
        expectErr(k, 'the next write', 'EAGAIN', ['UPD.STAGE.NONE', 'UPD.STREAM.CHUNK']);
      },
    }),
    updateCase({
      id: 'stream/io-write', description: 'a failing slot write fails EIO and drops the stage',
      clauses: ['UPD.IO', 'UPD.STREAM.CHUNK', 'UPD.STAGE.NONE'], boot: { updateStore: { ...STORE, ioFault: 'write' } },
      body(k) {
        begin(k, 6, IMAGE.length);
        k.p.sys('update_stage_write', k.p.bytes(IMAGE, 1), IMAGE.length);
        expectErr(k, 'update_stage_write', 'EIO', ['UPD.IO', 'UPD.STREAM.CHUNK']);
        k.p.sys('update_stage_commit');
        expectErr(k, 'update_stage_commit', 'EAGAIN', ['UPD.STAGE.NONE']);
      },
    }),
    updateCase({
      id: 'stream/io-flush', description: 'a failing flush fails the commit with EIO, drops the stage and leaves the slot empty',
      clauses: ['UPD.IO', 'UPD.STREAM.VALIDATE'], boot: { updateStore: { ...STORE, ioFault: 'flush' } },
      body(k) {
        begin(k, 6, IMAGE.length);
        write(k, IMAGE);
        k.p.sys('update_stage_commit');
        expectErr(k, 'update_stage_commit', 'EIO', ['UPD.IO', 'UPD.STREAM.VALIDATE']);
        k.p.sys('update_activate');
        expectErr(k, 'update_activate', 'ENOENT', ['UPD.NOSLOT', 'UPD.STREAM.VALIDATE']);
      },
    }),
  ];
}

function commits(): CaseDef[] {
  const v2 = packImage([{ path: 'usr/x', data: 'x' }]);
  const table: [string, string, number, Uint8Array][] = [
    ['short', 'one byte short of the total', 300, IMAGE.slice(0, 299)],
    ['version-2', 'a version-2 header', 300, baseImage(300, { version: 2 })],
    ['length-mismatch', 'a header whose length is not the total', 300, baseImage(300, { data_size: 100n })],
    ['no-magic', 'no SWOSBASE magic', 300, new Uint8Array(300)],
    ['shorter-than-header', 'a 40-byte image', 40, new Uint8Array(40)],
    ['package-payload', 'a packed package payload', v2.length, v2],
  ];
  return table.map(([id, what, total, bytes]) => updateCase({
    id: `stream/validate/${id}`, description: `update_stage_commit of ${what} fails EINVAL, drops the stage and leaves the slot empty`,
    clauses: ['UPD.STREAM.VALIDATE', 'UPD.INVALID', 'UPD.STAGE.NONE'], boot: { updateStore: STORE },
    body(k) {
      begin(k, 6, total);
      write(k, bytes);
      k.p.sys('update_stage_commit');
      expectErr(k, 'update_stage_commit', 'EINVAL', ['UPD.STREAM.VALIDATE', 'UPD.INVALID']);
      k.p.sys('update_stage_commit');
      expectErr(k, 'a second commit', 'EAGAIN', ['UPD.STAGE.NONE']);
      k.p.sys('update_activate');
      expectErr(k, 'update_activate', 'ENOENT', ['UPD.STREAM.VALIDATE', 'UPD.NOSLOT']);
    },
  }));
}

function owners(): CaseDef[] {
  const rows = ['update_stage_write', 'update_stage_commit', 'update_stage_abort'] as const;
  const call = (k: Kit, row: (typeof rows)[number]): void => {
    if (row === 'update_stage_write') k.p.sys(row, k.p.bytes(IMAGE, 1), IMAGE.length);
    else k.p.sys(row);
  };
  const out: CaseDef[] = [];
  for (const row of rows) {
    out.push(updateCase({
      id: `stream/none/${row}`, description: `${row} with no stage in progress fails EAGAIN`,
      clauses: ['UPD.STAGE.NONE'], boot: { updateStore: STORE },
      body(k) {
        call(k, row);
        expectErr(k, row, 'EAGAIN', ['UPD.STAGE.NONE']);
      },
    }));
    out.push(updateCase({
      id: `stream/none/${row}/other-process`, description: `${row} from a process that did not begin the stage fails EAGAIN`,
      clauses: ['UPD.STAGE.NONE'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, IMAGE.length);
        k.inChild(() => {
          call(k, row);
          expectErr(k, `${row} in the child`, 'EAGAIN', ['UPD.STAGE.NONE']);
        });
        write(k, IMAGE, ['UPD.STAGE.NONE', 'UPD.STREAM.WRITE']);
        k.p.sys('update_stage_commit');
        k.p.expectEq('the owner still commits', ['UPD.STAGE.NONE', 'UPD.STREAM.COMMIT'], 0);
      },
    }));
  }
  out.push(
    updateCase({
      id: 'stream/abort', description: 'abort ends the stage: the next write fails EAGAIN and the slot stays empty',
      clauses: ['UPD.STREAM.ABORT', 'UPD.STAGE.NONE'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, IMAGE.length);
        write(k, IMAGE.slice(0, 10));
        k.p.sys('update_stage_abort');
        k.p.expectEq('update_stage_abort returns 0', ['UPD.STREAM.ABORT'], 0);
        k.p.sys('update_stage_write', k.p.bytes(IMAGE, 1), 10);
        expectErr(k, 'update_stage_write', 'EAGAIN', ['UPD.STAGE.NONE']);
        k.p.sys('update_stage_abort');
        expectErr(k, 'a second abort', 'EAGAIN', ['UPD.STAGE.NONE']);
        k.p.sys('update_activate');
        expectErr(k, 'update_activate', 'ENOENT', ['UPD.STREAM.ABORT', 'UPD.NOSLOT']);
      },
    }),
    updateCase({
      id: 'stream/restart', description: 'a second begin discards the stage in progress and starts a fresh one',
      clauses: ['UPD.STREAM.RESERVE'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, 200);
        write(k, new Uint8Array(150));
        begin(k, 7, IMAGE.length, ['UPD.STREAM.RESERVE']);
        write(k, IMAGE, ['UPD.STREAM.RESERVE']);
        k.p.sys('update_stage_commit');
        k.p.expectEq('the new stage commits', ['UPD.STREAM.RESERVE', 'UPD.STREAM.COMMIT'], 0);
      },
    }),
    updateCase({
      id: 'stream/taken-over', description: 'a begin by another process takes the stage over: its first owner\'s writes fail EAGAIN',
      clauses: ['UPD.STREAM.RESERVE', 'UPD.STAGE.NONE'], boot: { updateStore: STORE },
      body(k) {
        begin(k, 6, IMAGE.length);
        k.inChild(() => begin(k, 7, IMAGE.length, ['UPD.STREAM.RESERVE']));
        k.p.sys('update_stage_write', k.p.bytes(IMAGE, 1), IMAGE.length);
        expectErr(k, 'the first owner\'s write', 'EAGAIN', ['UPD.STREAM.RESERVE', 'UPD.STAGE.NONE']);
      },
    }),
    updateCase({
      id: 'stream/dropped-by-update-stage', description: 'update_stage drops a stream stage in progress',
      clauses: ['UPD.PAYLOAD', 'UPD.STAGE.NONE'], boot: { updateStore: { ...STORE, payload: base64(baseImage(512)) } },
      body(k) {
        begin(k, 6, IMAGE.length);
        write(k, IMAGE.slice(0, 10));
        k.p.sys('update_stage');
        k.p.expectEq('update_stage returns 0', ['UPD.STAGE', 'UPD.PAYLOAD'], 0);
        k.p.sys('update_stage_write', k.p.bytes(IMAGE, 1), 10);
        expectErr(k, 'update_stage_write', 'EAGAIN', ['UPD.PAYLOAD', 'UPD.STAGE.NONE']);
      },
    }),
  );
  return out;
}

export function streamCases(): CaseDef[] {
  return [...begins(), ...writes(), ...commits(), ...owners()];
}

