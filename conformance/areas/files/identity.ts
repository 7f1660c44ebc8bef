// The base image's identity store (SEC.PASSWD.FORMAT, SEC.SUDOERS.FORMAT): root reads
// /etc/swos/passwd and /etc/swos/sudoers whole, and the program looks for lines by the fields the
// spec fixes: each seeded account as name:principal:<session>:caps:, and sudoers rule lines as
// "name ALL" or "name /path".

import { IDENTITY_FILE_MAX, PASSWD_PATH, SUDOERS_PATH } from '../../../spec/index.js';
import type { CaseDef } from '../../model.js';
import { derivedCase } from '../../program/derived-case.js';
import { FILES, GUEST, O, ROOT, USER, type Identity, type Prog } from './kit.js';
import type { Reg } from '../../program/builder.js';

/** A piece of a line pattern: literal bytes, or one field (anything but ':' and NL) and its ':'. */
type Token = string | { readonly field: true };
const FIELD: Token = { field: true };

const NL = 0x0a;
const COLON = 0x3a;

/**
 * Sets x0 to 1 when some line of buf[0, len) starts with `tokens`, else 0 (clobbers x0, x10..x13).
 * Lines are scanned from each line start; a token that fails moves on to the next line.
 */
function findLine(p: Prog, buf: number, len: Reg, tokens: readonly Token[]): void {
  const a = p.a;
  const done = a.label();
  const nextLine = a.label();
  a.movImm(0, 0).movImm(10, buf);
  a.inst('ADD_sreg', { sf: 1, shift: 0, Rm: len.n, imm6: 0, Rn: 10, Rd: 11 }); // x11 = end
  const lineLoop = a.here();
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 11, imm6: 0, Rn: 10, Rd: 31 });
  a.bcond('cs', done);
  p.mov(12, 10);
  const loadNext = (): void => {
    a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 11, imm6: 0, Rn: 12, Rd: 31 });
    a.bcond('cs', nextLine);
    a.inst('LDRB_post', { imm9: 1, Rn: 12, Rt: 13 });
  };
  for (const t of tokens) {
    if (typeof t === 'string') {
      for (const c of t) {
        loadNext();
        a.cmpImm(13, c.charCodeAt(0), 0);
        a.bcond('ne', nextLine);
      }
    } else {
      const skip = a.here();
      loadNext();
      a.cmpImm(13, NL, 0);
      a.bcond('eq', nextLine);
      a.cmpImm(13, COLON, 0);
      a.bcond('ne', skip);
    }
  }
  a.movImm(0, 1);
  a.b(done);
  // Past the next newline (x10 is still the line's start).
  a.bind(nextLine);
  const toNl = a.here();
  a.inst('SUBS_sreg', { sf: 1, shift: 0, Rm: 11, imm6: 0, Rn: 10, Rd: 31 });
  a.bcond('cs', done);
  a.inst('LDRB_post', { imm9: 1, Rn: 10, Rt: 13 });
  a.cmpImm(13, NL, 0);
  a.bcond('ne', toNl);
  a.b(lineLoop);
  a.bind(done);
}

/** Opens and reads `path` whole (one read of up to IDENTITY_FILE_MAX bytes); returns the buffer and the length register. */
function slurp(p: Prog, path: string, clauses: readonly string[]): { buf: number; len: Reg } {
  const fd = p.call(p.variable(), 'open', p.str(path), O.RDONLY, 0);
  p.expectOk(`root opens ${path}`, clauses, fd);
  const buf = p.space(IDENTITY_FILE_MAX + 1, 8);
  const len = p.call(p.variable(), 'read', fd, buf, IDENTITY_FILE_MAX + 1);
  p.expectCmp(`${path} is at most ${IDENTITY_FILE_MAX} bytes`, clauses, 'le', IDENTITY_FILE_MAX, len);
  p.expectCmp(`${path} is not empty`, clauses, 'gt', 0, len);
  return { buf, len };
}

const PASSWD = ['SEC.PASSWD.FORMAT', 'SEC.PRINCIPALS'];
const SUDOERS = ['SEC.SUDOERS.FORMAT'];

function accountCase(id: Identity): CaseDef {
  return derivedCase(FILES, {
    id: `identity/passwd/${id.name}`,
    description: `${PASSWD_PATH} has a line ${id.name}:${id.principal}:<session>:${id.caps}: for the seeded account`,
    build: ({ p }) => {
      const { buf, len } = slurp(p, PASSWD_PATH, PASSWD);
      findLine(p, buf, len, [`${id.name}:${id.principal}:`, FIELD, `${id.caps}:`]);
      p.expectEq(`a line starts ${id.name}:${id.principal}:<session>:${id.caps}:`, PASSWD, 1);
      findLine(p, buf, len, [`${id.name}:${id.principal}:`, FIELD, FIELD, FIELD, '/']);
      p.expectEq(`${id.name}'s line ends with an absolute shell after salt$hash`, PASSWD, 1);
    },
  });
}

/** A negative control: the scanner must not find what is not there. */
function absentCase(): CaseDef {
  return derivedCase(FILES, {
    id: 'identity/passwd/no-principal-0',
    description: `no ${PASSWD_PATH} line gives root principal 0 or lists a name with a space`,
    build: ({ p }) => {
      const { buf, len } = slurp(p, PASSWD_PATH, PASSWD);
      findLine(p, buf, len, ['root:0:']);
      p.expectEq('no line starts root:0:', PASSWD, 0);
      findLine(p, buf, len, ['user ']);
      p.expectEq('no passwd line starts "user "', PASSWD, 0);
    },
  });
}

function sudoersCase(): CaseDef {
  return derivedCase(FILES, {
    id: 'identity/sudoers/rules',
    description: `${SUDOERS_PATH} lets user run every command ("user ALL") and has no rule for guest`,
    build: ({ p }) => {
      const { buf, len } = slurp(p, SUDOERS_PATH, SUDOERS);
      findLine(p, buf, len, [`${USER.name} ALL\n`]);
      p.expectEq('a line reads "user ALL"', SUDOERS, 1);
      findLine(p, buf, len, [`${GUEST.name} `]);
      p.expectEq('no rule names guest', SUDOERS, 0);
    },
  });
}

export function identityCases(): CaseDef[] {
  return [...[ROOT, USER, GUEST].map(accountCase), absentCase(), sudoersCase()];
}
