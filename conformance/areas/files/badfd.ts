// EBADF for every handle-taking row of the area, for each kind of bad number (negative, at or
// past FD_MAX, never opened, closed), with the other arguments bad too: the handle is the first
// argument, so its check comes first (ABI.CHECK.ORDER).

import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { BAD_ADDR, F, FILES, LIMIT, O, type Prog, SEEK } from './kit.js';

interface FdRow {
  readonly row: string;
  readonly call: (p: Prog, fd: number) => void;
  readonly text: string;
}

const ROWS: readonly FdRow[] = [
  { row: 'read', text: 'read(fd, NULL, 4)', call: (p, fd) => { p.sys('read', fd, BAD_ADDR.null, 4); } },
  { row: 'write', text: 'write(fd, NULL, 4)', call: (p, fd) => { p.sys('write', fd, BAD_ADDR.null, 4); } },
  { row: 'close', text: 'close(fd)', call: (p, fd) => { p.sys('close', fd); } },
  { row: 'lseek', text: 'lseek(fd, -1, 7)', call: (p, fd) => { p.sys('lseek', fd, -1, 7); } },
  { row: 'fstat', text: 'fstat(fd, NULL)', call: (p, fd) => { p.sys('fstat', fd, BAD_ADDR.null); } },
  { row: 'getdents', text: 'getdents(fd, NULL, 64)', call: (p, fd) => { p.sys('getdents', fd, BAD_ADDR.null, 64); } },
  { row: 'dup', text: 'dup(fd)', call: (p, fd) => { p.sys('dup', fd); } },
  { row: 'dup2', text: 'dup2(fd, 5)', call: (p, fd) => { p.sys('dup2', fd, 5); } },
  { row: 'fcntl', text: 'fcntl(fd, 99, 0)', call: (p, fd) => { p.sys('fcntl', fd, 99, 0); } },
  { row: 'fcntl', text: 'fcntl(fd, F_GETFD, 0)', call: (p, fd) => { p.sys('fcntl', fd, F.GETFD, 0); } },
  { row: 'ftruncate', text: 'ftruncate(fd, -1)', call: (p, fd) => { p.sys('ftruncate', fd, -1); } },
  { row: 'fsync', text: 'fsync(fd)', call: (p, fd) => { p.sys('fsync', fd); } },
];

const BAD: readonly { name: string; fd: number; text: string; prepare?: (p: Prog) => void }[] = [
  { name: 'minus-1', fd: -1, text: '-1' },
  { name: 'int-min', fd: -0x8000_0000, text: '-2^31' },
  { name: 'fd-max', fd: LIMIT.FD_MAX, text: `FD_MAX (${LIMIT.FD_MAX})` },
  { name: 'int-max', fd: 0x7fff_ffff, text: '2^31-1' },
  { name: 'never-opened', fd: 7, text: 'a number never opened (7)' },
  { name: 'closed', fd: 3, text: 'a closed number (3)', prepare: (p) => { p.sys('open', p.str('/etc'), O.RDONLY, 0); p.sys('close', 3).expectEq('set-up: close(3)', ['FD.CLOSE.RELEASE'], 0); } },
  { name: 'last-closed', fd: LIMIT.FD_MAX - 1, text: `the highest number after close (${LIMIT.FD_MAX - 1})`, prepare: (p) => { p.sys('dup2', 0, LIMIT.FD_MAX - 1); p.sys('close', LIMIT.FD_MAX - 1); } },
];

function badCase(r: FdRow, b: (typeof BAD)[number], i: number): CaseDef {
  return derivedCase(FILES, {
    id: `badfd/${r.row}${i ? `-${i}` : ''}/${b.name}`,
    description: `${r.text.replace('fd', b.text)} fails EBADF, before any other argument is looked at`,
    build({ p }) {
      b.prepare?.(p);
      r.call(p, b.fd);
      p.expectFail(r.text.replace('fd', String(b.fd)), ['FD.BADF', 'ABI.CHECK.ORDER'], 'EBADF');
    },
  });
}

function doubleClose(): CaseDef {
  return derivedCase(FILES, {
    id: 'badfd/close/twice',
    description: 'closing a handle twice: the second close fails EBADF',
    build({ p }) {
      p.sys('open', p.str('/dev/null'), O.RDONLY, 0).expectEq('open is 3', ['FS.OPEN.LOWEST'], 3);
      p.sys('close', 3).expectEq('the first close returns 0', ['FD.CLOSE.RELEASE'], 0);
      p.sys('close', 3).expectFail('the second close', ['FD.BADF', 'FD.CLOSE.RELEASE'], 'EBADF');
      p.sys('lseek', 3, 0, SEEK.SET).expectFail('lseek on the closed number', ['FD.BADF'], 'EBADF');
    },
  });
}

export function badfdCases(): CaseDef[] {
  const out: CaseDef[] = [];
  const seen = new Map<string, number>();
  for (const r of ROWS) {
    const i = seen.get(r.row) ?? 0;
    seen.set(r.row, i + 1);
    for (const b of BAD) out.push(badCase(r, b, i));
  }
  out.push(doubleClose());
  return out;
}
