// The streamed install (PKG.STREAM.*), the one-mutation rule (PKG.BUSY) and the stream's owner
// (PKG.STREAM.NONE, PKG.STREAM.EXIT).

import type { LayoutValues } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { latin1Bytes, packImage, sha256 } from './images.js';
import { fullGeneration, HELLO_FILE, HELLO_PAYLOAD, type Kit, pkgCase, preseeded, STORE, USER } from './kit.js';

const half = HELLO_PAYLOAD.length >> 1;
const PART1 = HELLO_PAYLOAD.slice(0, half);
const PART2 = HELLO_PAYLOAD.slice(half);

/** begin a stream of the sample package (named `name`). */
function beginHello(k: Kit, name = 'hello', over: LayoutValues = {}): void {
  k.begin(k.desc(name, '1.0_1', HELLO_PAYLOAD, over));
}

function streams(): CaseDef[] {
  return [
    pkgCase({
      id: 'stream/commit', description: 'begin, two writes and commit activate the package and mount its files',
      clauses: ['PKG.STREAM.BEGIN', 'PKG.STREAM.WRITE', 'PKG.STREAM.COMMIT', 'PKG.MOUNT', 'PKG.INFO'], boot: STORE,
      body(k) {
        beginHello(k);
        k.write(PART1).write(PART2);
        k.p.sys('pkg_stream_commit');
        k.p.expectEq('pkg_stream_commit returns 0', ['PKG.STREAM.COMMIT'], 0);
        k.expectInfo(0, 'hello-1.0_1', ['PKG.STREAM.COMMIT', 'PKG.INFO']);
        k.expectFile('/usr/bin/hello', 'hello from a package\n', ['PKG.STREAM.COMMIT', 'PKG.MOUNT']);
      },
    }),
    pkgCase({
      id: 'stream/small-writes', description: 'a payload written 16 bytes at a time commits like one written at once',
      clauses: ['PKG.STREAM.WRITE', 'PKG.STREAM.COMMIT'], boot: STORE,
      body(k) {
        beginHello(k);
        for (let at = 0; at < HELLO_PAYLOAD.length; at += 16) {
          const chunk = HELLO_PAYLOAD.subarray(at, at + 16);
          k.p.sys('pkg_stream_write', k.p.bytes(chunk, 1), chunk.length);
          k.p.expectEq(`write at ${at} returns 0`, ['PKG.STREAM.WRITE'], 0);
        }
        k.p.sys('pkg_stream_commit');
        k.p.expectEq('pkg_stream_commit returns 0', ['PKG.STREAM.COMMIT'], 0);
      },
    }),
    pkgCase({
      id: 'stream/write-zero', description: 'a zero-byte write returns 0 and changes nothing',
      clauses: ['PKG.STREAM.WRITE', 'ABI.NULL.EMPTY'], boot: STORE,
      body(k) {
        beginHello(k);
        k.p.sys('pkg_stream_write', 0, 0);
        k.p.expectEq('pkg_stream_write(NULL, 0) returns 0', ['PKG.STREAM.WRITE'], 0);
        k.write(HELLO_PAYLOAD);
        k.p.sys('pkg_stream_commit');
        k.p.expectEq('pkg_stream_commit returns 0', ['PKG.STREAM.COMMIT'], 0);
      },
    }),
    pkgCase({
      id: 'stream/size', description: 'a write past the declared size fails EFBIG and drops the stream',
      clauses: ['PKG.STREAM.SIZE', 'PKG.STREAM.NONE'], boot: STORE,
      body(k) {
        beginHello(k);
        k.write(PART1);
        k.p.sys('pkg_stream_write', k.p.bytes(new Uint8Array(PART2.length + 1), 1), PART2.length + 1);
        k.p.expectErrno('a write one byte too long fails EFBIG', ['PKG.STREAM.SIZE'], 'EFBIG');
        k.p.sys('pkg_stream_write', k.p.bytes(PART2, 1), PART2.length);
        k.p.expectErrno('the stream is gone: the next write fails EAGAIN', ['PKG.STREAM.SIZE', 'PKG.STREAM.NONE'], 'EAGAIN');
      },
    }),
    pkgCase({
      id: 'stream/hash', description: 'commit of a payload whose SHA-256 differs from the descriptor fails EINVAL and drops the stream',
      clauses: ['PKG.STREAM.HASH', 'PKG.STREAM.NONE'], boot: STORE,
      body(k) {
        beginHello(k, 'hello', { payload_sha256: sha256(PART1) });
        k.write(HELLO_PAYLOAD);
        k.p.sys('pkg_stream_commit');
        k.p.expectErrno('pkg_stream_commit fails EINVAL', ['PKG.STREAM.HASH'], 'EINVAL');
        k.p.sys('pkg_stream_commit');
        k.p.expectErrno('a second commit fails EAGAIN', ['PKG.STREAM.HASH', 'PKG.STREAM.NONE'], 'EAGAIN');
        k.expectNoInfo(0, ['PKG.STREAM.HASH']);
      },
    }),
    pkgCase({
      id: 'stream/short', description: 'commit before the declared size is written fails EINVAL',
      clauses: ['PKG.STREAM.HASH'], boot: STORE,
      body(k) {
        beginHello(k);
        k.write(PART1);
        k.p.sys('pkg_stream_commit');
        k.p.expectErrno('pkg_stream_commit fails EINVAL', ['PKG.STREAM.HASH'], 'EINVAL');
      },
    }),
    pkgCase({
      id: 'stream/not-an-image', description: 'a payload with the right size and hash that is not a packed v2 image fails EINVAL at commit',
      clauses: ['PKG.FORMAT', 'PKG.PAYLOAD', 'PKG.STREAM.COMMIT'], boot: STORE,
      body(k) {
        const junk = new Uint8Array(96).fill(0x41);
        k.begin(k.desc('junk', '1', junk));
        k.write(junk);
        k.p.sys('pkg_stream_commit');
        k.p.expectErrno('pkg_stream_commit fails EINVAL', ['PKG.FORMAT', 'PKG.PAYLOAD'], 'EINVAL');
        k.p.sys('pkg_stream_abort');
        k.p.expectErrno('the stream is gone: abort fails EAGAIN', ['PKG.STREAM.NONE'], 'EAGAIN');
      },
    }),
    pkgCase({
      id: 'stream/mount-clash', description: 'a streamed payload that clashes with a mounted file fails EINVAL at commit',
      clauses: ['PKG.MOUNT', 'PKG.STREAM.COMMIT'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        k.installOk('hello', '1.0_1', ['PKG.INSTALL']);
        const clash = packImage([{ path: 'usr/bin/hello/sub', data: 'x' }]);
        k.begin(k.desc('clash', '1', clash));
        k.write(clash);
        k.p.sys('pkg_stream_commit');
        k.p.expectErrno('pkg_stream_commit fails EINVAL', ['PKG.MOUNT'], 'EINVAL');
      },
    }),
    pkgCase({
      id: 'stream/full-count', description: 'with 32 packages active, committing a 33rd name fails ENOSPC',
      clauses: ['PKG.STORE.FULL', 'PKG.STREAM.COMMIT'], boot: { packageStore: fullGeneration() },
      body(k) {
        beginHello(k);
        k.write(HELLO_PAYLOAD);
        k.p.sys('pkg_stream_commit');
        k.p.expectErrno('pkg_stream_commit fails ENOSPC', ['PKG.STORE.FULL'], 'ENOSPC');
        k.expectNoInfo(32, ['PKG.STORE.FULL']);
      },
    }),
    pkgCase({
      id: 'stream/abort', description: 'abort drops the stream and frees the store for the next mutation',
      clauses: ['PKG.STREAM.ABORT', 'PKG.STREAM.NONE', 'PKG.BUSY'], boot: STORE, files: [HELLO_FILE],
      body(k) {
        beginHello(k);
        k.write(PART1);
        k.p.sys('pkg_stream_abort');
        k.p.expectEq('pkg_stream_abort returns 0', ['PKG.STREAM.ABORT'], 0);
        k.p.sys('pkg_stream_write', k.p.bytes(PART2, 1), PART2.length);
        k.p.expectErrno('a write after abort fails EAGAIN', ['PKG.STREAM.NONE'], 'EAGAIN');
        k.installOk('hello', '1.0_1', ['PKG.STREAM.ABORT', 'PKG.BUSY']);
        k.expectNoInfo(1, ['PKG.STREAM.ABORT']);
      },
    }),
  ];
}

function none(): CaseDef[] {
  const calls: [string, (k: Kit) => void][] = [
    ['pkg_stream_write', (k) => k.p.sys('pkg_stream_write', k.p.bytes(PART1, 1), PART1.length)],
    ['pkg_stream_commit', (k) => k.p.sys('pkg_stream_commit')],
    ['pkg_stream_abort', (k) => k.p.sys('pkg_stream_abort')],
  ];
  const out: CaseDef[] = [];
  for (const [row, call] of calls) {
    for (const store of [true, false]) {
      out.push(pkgCase({
        id: `stream/none/${row}/${store ? 'store' : 'no-store'}`,
        description: `${row} with no stream in progress fails EAGAIN${store ? '' : ' (no store: no stream can exist)'}`,
        clauses: store ? ['PKG.STREAM.NONE'] : ['PKG.STREAM.NONE', 'PKG.ORDER'], boot: store ? STORE : {},
        body(k) {
          call(k);
          k.p.expectErrno(`${row} fails EAGAIN`, ['PKG.STREAM.NONE'], 'EAGAIN');
        },
      }));
    }
    out.push(pkgCase({
      id: `stream/none/${row}/other-process`, description: `${row} from a process that did not begin the stream fails EAGAIN`,
      clauses: ['PKG.STREAM.NONE'], boot: STORE,
      body(k) {
        beginHello(k);
        k.inChild(() => {
          call(k);
          k.p.expectErrno(`${row} in the child fails EAGAIN`, ['PKG.STREAM.NONE'], 'EAGAIN');
        });
        k.write(HELLO_PAYLOAD, ['PKG.STREAM.WRITE', 'PKG.STREAM.NONE']);
        k.p.sys('pkg_stream_commit');
        k.p.expectEq('the owner still commits its stream', ['PKG.STREAM.NONE', 'PKG.STREAM.COMMIT'], 0);
      },
    }));
  }
  out.push(pkgCase({
    id: 'stream/owner-exit', description: 'a stream whose owner ended no longer keeps the store busy',
    clauses: ['PKG.STREAM.EXIT', 'PKG.BUSY'], boot: STORE, files: [HELLO_FILE],
    body(k) {
      k.inChild(() => beginHello(k));
      k.installOk('hello', '1.0_1', ['PKG.STREAM.EXIT']);
    },
  }));
  return out;
}

function busy(): CaseDef[] {
  const during: [string, (k: Kit) => void][] = [
    ['pkg_install', (k) => k.install('hello', '1.0_1')],
    ['pkg_remove', (k) => k.p.sys('pkg_remove', k.p.str('base'))],
    ['pkg_stream_begin', (k) => k.p.sys('pkg_stream_begin', k.desc('other', '1', HELLO_PAYLOAD))],
  ];
  const boot = { packageStore: preseeded([{ name: 'base', version: '1', payload: packImage([{ path: 'usr/base', data: 'b' }]) }]) };
  const out: CaseDef[] = [];
  for (const [row, call] of during) {
    out.push(pkgCase({
      id: `busy/${row}`, description: `${row} while a stream is in progress fails EAGAIN`,
      clauses: ['PKG.BUSY'], boot, files: [HELLO_FILE],
      body(k) {
        beginHello(k, 'streamed');
        call(k);
        k.p.expectErrno(`${row} fails EAGAIN`, ['PKG.BUSY'], 'EAGAIN');
      },
    }));
    out.push(pkgCase({
      id: `busy/${row}/other-process`, description: `${row} from another process while a stream is in progress fails EAGAIN`,
      clauses: ['PKG.BUSY'], boot, files: [HELLO_FILE],
      body(k) {
        beginHello(k, 'streamed');
        k.inChild(() => {
          call(k);
          k.p.expectErrno(`${row} in the child fails EAGAIN`, ['PKG.BUSY'], 'EAGAIN');
        });
      },
    }));
  }
  out.push(pkgCase({
    id: 'busy/order-busy-before-format', description: 'while a stream is in progress even a malformed package fails EAGAIN, not EINVAL',
    clauses: ['PKG.BUSY', 'PKG.ORDER'], boot: STORE,
    files: [{ path: HELLO_FILE.path, data: new Uint8Array(10) }],
    body(k) {
      beginHello(k);
      k.install('hello', '1.0_1');
      k.p.expectErrno('pkg_install fails EAGAIN', ['PKG.BUSY', 'PKG.ORDER'], 'EAGAIN');
    },
  }));
  return out;
}

function begins(): CaseDef[] {
  const out: CaseDef[] = [];
  const names: [string, LayoutValues, boolean][] = [
    ['name-31', { name: latin1Bytes('n'.repeat(31)) }, true],
    ['version-15', { version_revision: latin1Bytes('v'.repeat(15)) }, true],
    ['name-unterminated', { name: latin1Bytes('n'.repeat(32)) }, false],
    ['name-empty', { name: new Uint8Array(0) }, false],
    ['version-unterminated', { version_revision: latin1Bytes('v'.repeat(16)) }, false],
    ['version-empty', { version_revision: new Uint8Array(0) }, false],
  ];
  for (const [id, over, good] of names) {
    out.push(pkgCase({
      id: `stream/names/${id}`, description: `pkg_stream_begin with ${id.replace('-', ' ')} ${good ? 'succeeds' : 'fails EINVAL'}`,
      clauses: good ? ['PKG.NAMES', 'PKG.STREAM.BEGIN'] : ['PKG.NAMES'], boot: STORE,
      body(k) {
        k.p.sys('pkg_stream_begin', k.desc('hello', '1.0_1', HELLO_PAYLOAD, over));
        if (good) k.p.expectEq('pkg_stream_begin returns 0', ['PKG.NAMES', 'PKG.STREAM.BEGIN'], 0);
        else k.p.expectErrno('pkg_stream_begin fails EINVAL', ['PKG.NAMES'], 'EINVAL');
      },
    }));
  }
  out.push(
    pkgCase({
      id: 'stream/size-below-header', description: 'a declared payload size below a packed image header (63 bytes) fails EINVAL',
      clauses: ['PKG.FORMAT', 'PKG.PAYLOAD'], boot: STORE,
      body(k) {
        k.p.sys('pkg_stream_begin', k.desc('hello', '1', HELLO_PAYLOAD, { payload_size: 63n }));
        k.p.expectErrno('pkg_stream_begin fails EINVAL', ['PKG.FORMAT'], 'EINVAL');
        k.p.sys('pkg_stream_begin', k.desc('hello', '1', HELLO_PAYLOAD, { payload_size: 64n }));
        k.p.expectEq('64 bytes are accepted', ['PKG.STREAM.BEGIN'], 0);
      },
    }),
    pkgCase({
      id: 'stream/size-beyond-store', description: 'a declared size beyond the space left fails ENOSPC; exactly the space left is accepted',
      clauses: ['PKG.STORE.FULL', 'PKG.STREAM.BEGIN'], boot: { packageStore: { capacity: 4096 } },
      body(k) {
        for (const size of [4097n, 2n ** 64n - 1n]) {
          k.p.sys('pkg_stream_begin', k.desc('big', '1', HELLO_PAYLOAD, { payload_size: size }));
          k.p.expectErrno(`a declared size of ${size} fails ENOSPC`, ['PKG.STORE.FULL'], 'ENOSPC');
        }
        k.p.sys('pkg_stream_begin', k.desc('big', '1', HELLO_PAYLOAD, { payload_size: 4096n }));
        k.p.expectEq('a declared size of 4096 is accepted', ['PKG.STORE.FULL', 'PKG.STREAM.BEGIN'], 0);
      },
    }),
    pkgCase({
      id: 'stream/reservation', description: 'a stream reserves its declared size until it ends; abort returns it',
      clauses: ['PKG.STORE.FULL', 'PKG.STREAM.ABORT'], boot: { packageStore: { capacity: 4096 } },
      body(k) {
        k.begin(k.desc('a', '1', HELLO_PAYLOAD, { payload_size: 3000n }));
        k.p.sys('pkg_stream_abort');
        k.p.expectEq('pkg_stream_abort returns 0', ['PKG.STREAM.ABORT'], 0);
        k.begin(k.desc('b', '1', HELLO_PAYLOAD, { payload_size: 4096n }), ['PKG.STORE.FULL', 'PKG.STREAM.ABORT']);
      },
    }),
    pkgCase({
      id: 'stream/root', description: 'pkg_stream_begin by a non-root principal fails EACCES',
      clauses: ['PKG.ROOT'], boot: { identity: USER, ...STORE },
      body(k) {
        k.p.sys('pkg_stream_begin', k.desc('hello', '1', HELLO_PAYLOAD));
        k.p.expectErrno('pkg_stream_begin fails EACCES', ['PKG.ROOT'], 'EACCES');
      },
    }),
  );
  return out;
}

export function streamCases(): CaseDef[] {
  return [...streams(), ...none(), ...busy(), ...begins()];
}
