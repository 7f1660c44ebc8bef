// Opening the special files of /net: a factory makes a socket (NETFS.FACTORY), ctl and data name
// one (NETFS.CTL, NETFS.DATA), accept takes a waiting connection or blocks (NETFS.ACCEPT).

import { constValue, NETFS_NONBLOCK_SUFFIX } from '../../../spec/index.js';
import type { SpecialOpener } from '../handlers/files.js';
import { fail } from '../result.js';
import type { OpenFile } from '../vfs/index.js';
import { CtlFile, DataFile, FactoryFile } from './handles.js';
import type { LocalFamily, LocalType } from './local.js';

const O_NONBLOCK = constValue('OPEN_FLAGS', 'O_NONBLOCK');

export function netOpener(family: LocalFamily): SpecialOpener {
  return (ctx, of: OpenFile) => {
    const path = of.node.synthetic!.path;
    if (path.length === 2) {
      const socket = family.create(path[1] as LocalType, ctx.process.identity.principal);
      return { object: new FactoryFile(of, family, socket), clause: 'NETFS.FACTORY' };
    }
    const socket = family.sockets.get(Number(path[1]))!;
    const name = path[2]!;
    const nonblock = name.endsWith(NETFS_NONBLOCK_SUFFIX);
    if (nonblock) of.statusFlags |= O_NONBLOCK;
    if (name === 'ctl') return { object: new CtlFile(of, family, socket), clause: 'NETFS.CTL' };
    if (!name.startsWith('accept')) return { object: new DataFile(of, family, socket), clause: nonblock ? 'NETFS.NONBLOCK' : 'NETFS.DATA' };
    const r = family.accept(socket);
    if (r.ok === false) return fail(r.errno, r.clause);
    if (r.ok === 'wait') return (of.statusFlags & O_NONBLOCK) !== 0 ? fail('EAGAIN', 'NETFS.NONBLOCK') : ctx.kernel.block(ctx.thread, r.queue);
    return { object: new DataFile(of, family, r.value), clause: 'NETFS.ACCEPT' };
  };
}
