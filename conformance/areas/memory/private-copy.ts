// Two decisions about what a protection allows, checked through more than a load or store:
//   implied-read  a PROT_WRITE-only or PROT_EXEC-only page reads at EL0 and is a valid write()
//                 source: the kernel reads it too (MM.PROT.READIMPLIED)
//   file-private  a mmap_file mapping made writable is a private copy: read() of the file and a
//                 second mapping keep the original bytes, fork copies the modified page
//                 (MM.MMAPFILE.MPROTECT)

import { waitStatusExited } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { Reg } from '../../program/builder.js';
import { derivedCase } from '../../program/derived-case.js';
import { expectPlaced, mmapPlaced, mprotect, openRead } from './calls.js';
import { ANON, AREA, PAGE, PROT_EXEC, PROT_READ, PROT_WRITE, protText, RW } from './consts.js';
import { loadDword, storeDword } from './emit.js';
import { dataFiles, FILE_PATH, FILE_SIZE, fileBytes } from './files.js';

const MARK = 0x1122_3344_5566_7788n;

function leBytes(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}

function fileDword(): bigint {
  return new DataView(fileBytes().buffer).getBigUint64(0, true);
}

function impliedReadCase(prot: number): CaseDef {
  const name = prot === PROT_WRITE ? 'write-only' : 'exec-only';
  return derivedCase(AREA, {
    id: `implied-read/${name}`,
    description: `a page filled while RW and then given ${protText(prot)} is read by a load and by write(): a pipe carries its bytes (any access implies read)`,
    clauses: ['MM.PROT.READIMPLIED', 'MM.MPROTECT.CHANGE'],
    build({ p }) {
      const base = p.variable();
      mmapPlaced(p, base, PAGE, RW, ANON, ['MM.MMAP.ZERO']);
      storeDword(p, base, 0, MARK);
      mprotect(p, base, PAGE, prot);
      p.expectEq(`mprotect to ${protText(prot)} returns 0`, ['MM.MPROTECT.CHANGE'], 0);
      loadDword(p, 3, base, 0);
      p.expectEq(`a load from the ${protText(prot)} page reads its bytes`, ['MM.PROT.READIMPLIED'], MARK, 3);
      const fds = p.space(8, 8);
      p.sys('pipe', fds).expectEq('pipe returns 0', ['FD.PIPE.ORDER'], 0);
      const rfd = p.variable();
      const wfd = p.variable();
      p.loadInt(rfd, fds).loadInt(wfd, fds + 4);
      p.sys('write', wfd, base, 8).expectEq(`write(pipe, the ${protText(prot)} page, 8) returns 8`, ['MM.PROT.READIMPLIED'], 8);
      const buf = p.space(8, 8);
      p.sys('read', rfd, buf, 8).expectEq('read of the pipe returns 8', ['FD.PIPE.PARTIAL'], 8);
      p.expectMem('the pipe carried the page\'s bytes', ['MM.PROT.READIMPLIED'], buf, leBytes(MARK));
    },
  });
}

function filePrivateCase(): CaseDef {
  return derivedCase(AREA, {
    id: 'file-private/mprotect-rw',
    description: 'a PROT_READ mmap_file mapping made RW by mprotect takes a store; read() of the file, a second mapping of it and the parent keep the original bytes, a forked child sees the store',
    clauses: ['MM.MMAPFILE.MPROTECT', 'MM.MPROTECT.CHANGE', 'MM.MMAPFILE.BACKING', 'PROC.FORK.MEMORY'],
    build({ p, file }) {
      file(...dataFiles());
      const fd = p.variable();
      const map = p.variable();
      openRead(p, fd, FILE_PATH);
      p.sys('mmap_file', fd, FILE_SIZE, PROT_READ).save(map);
      expectPlaced(p, map, FILE_SIZE, 'mmap_file of the whole file', ['MM.MMAPFILE.BACKING']);
      mprotect(p, map, PAGE, RW);
      p.expectEq('mprotect of the file mapping to PROT_READ|PROT_WRITE returns 0', ['MM.MMAPFILE.MPROTECT', 'MM.MPROTECT.CHANGE'], 0);
      storeDword(p, map, 0, MARK);
      loadDword(p, 3, map, 0);
      p.expectEq('the mapping holds the stored word', ['MM.MMAPFILE.MPROTECT'], MARK, 3);

      // A forked child sees the modified page and exits with its low byte.
      const child = p.variable();
      p.sys('fork').save(child);
      const parent = p.a.label();
      p.a.cbnz(0, parent);
      loadDword(p, 0, map, 0);
      p.a.inst('AND_imm', { sf: 1, N: 1, immr: 0, imms: 7, Rn: 0, Rd: 0 });
      p.exit(new Reg(0));
      p.a.bind(parent);
      const status = p.space(8, 8);
      p.sys('waitpid', child, status, 0);
      p.loadInt(3, status);
      p.expectEq('the child read the stored word (exit code = its low byte)', ['MM.MMAPFILE.MPROTECT', 'PROC.FORK.MEMORY'], waitStatusExited(Number(MARK & 0xffn)), 3);

      const buf = p.space(8, 8);
      p.sys('read', fd, buf, 8).expectEq('read of the file returns 8', ['FD.READ.OFFSET'], 8);
      p.expectMem('the file still holds its original bytes', ['MM.MMAPFILE.MPROTECT'], buf, fileBytes().slice(0, 8));
      const again = p.variable();
      p.sys('mmap_file', fd, FILE_SIZE, PROT_READ).save(again);
      expectPlaced(p, again, FILE_SIZE, 'a second mmap_file of the file', ['MM.MMAPFILE.BACKING']);
      loadDword(p, 3, again, 0);
      p.expectEq('a second mapping of the file holds the original bytes', ['MM.MMAPFILE.MPROTECT'], fileDword(), 3);
      loadDword(p, 3, map, 0);
      p.expectEq('the first mapping still holds the stored word', ['MM.MMAPFILE.MPROTECT'], MARK, 3);
    },
  });
}

export function privateCopyCases(): CaseDef[] {
  return [impliedReadCase(PROT_WRITE), impliedReadCase(PROT_EXEC), filePrivateCase()];
}
