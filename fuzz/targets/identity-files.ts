// /etc/swos/passwd and /etc/swos/sudoers (spec/identity-files.ts parsePasswd, parseSudoers): the
// first byte picks the file, the rest is its text. Besides never throwing, two oracles: the
// hand-written parser and the EBNF grammar agree on whether the bytes are syntactically a file, and
// an accepted file renders back to bytes that parse to the same value.

import { isDeepStrictEqual } from 'node:util';
import {
  IDENTITY_FILE_MAX, identityFileAccepts, parsePasswd, parseSudoers, renderPasswd, renderSudoers, type IdentityParse,
} from '../../spec/index.js';
import { PASSWD_TEXT, SUDOERS_TEXT } from '../../reference-kernel/swiftos/vfs/identity-files.js';
import { nothingThrown, type ByteTarget } from './target.js';
import { editedSeeds } from './mutate.js';

function check<T>(file: 'passwd' | 'sudoers', text: Uint8Array, r: IdentityParse<T>, render: (v: readonly T[]) => Uint8Array, parse: (b: Uint8Array) => IdentityParse<T>): void {
  const grammar = identityFileAccepts(file, text);
  if (grammar !== (r.ok || r.kind === 'rule')) {
    throw new Error(`${file}: the grammar ${grammar ? 'accepts' : 'rejects'} what the parser calls ${r.ok ? 'valid' : `${r.kind} (line ${r.line}: ${r.reason})`}`);
  }
  if (!r.ok) return;
  const again = parse(render(r.value));
  if (!again.ok || !isDeepStrictEqual(again.value, r.value)) throw new Error(`${file}: render(parse(x)) does not parse back to the same value`);
}

/** Twice what sudo reads is enough to cross every size rule; longer only slows the grammar down. */
const INPUT_MAX = 2 * IDENTITY_FILE_MAX;

export function fuzz(buf: Buffer): void {
  const text = new Uint8Array(buf.subarray(1, 1 + INPUT_MAX));
  if (((buf[0] ?? 0) & 1) === 0) check('passwd', text, parsePasswd(text), (v) => renderPasswd(v), parsePasswd);
  else check('sudoers', text, parseSudoers(text), (v) => renderSudoers(v), parseSudoers);
}

const latin1 = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function seeds(): Uint8Array[] {
  return [
    Uint8Array.from([0, ...latin1(PASSWD_TEXT)]),
    Uint8Array.from([1, ...latin1(SUDOERS_TEXT)]),
    Uint8Array.from([1, ...latin1('# ops\nops /bin/id,/bin/ls\nuser ALL\n')]),
  ];
}

export const documented = nothingThrown;

export const identityFilesTarget: ByteTarget = {
  name: 'identity-files',
  parser: 'spec/identity-files.ts parsePasswd and parseSudoers (/etc/swos/passwd and sudoers), against their grammars',
  documentedError: 'none: failures are IdentityParse values',
  fuzz,
  documented,
  seeds,
  structured: () => editedSeeds(seeds(), 48),
};
