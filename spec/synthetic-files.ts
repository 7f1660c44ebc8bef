// Formats of the synthetic files the extensions add: the shape every format shares, and the /net
// files (NETFS.*). The /proc formats live in procfs.ts. Grammars are data (ebnf.ts): the EBNF
// text is rendered from them and the checker is driven by them.

import {
  accepts, alt, anyByte, except, grammarText, lit, many, ref, rule, seq, upTo, withCommon, type Grammar,
} from './ebnf.js';

export interface SyntheticFile {
  /** Path pattern; <pid>, <family>, <type>, <id> are placeholders. */
  readonly path: string;
  readonly kind: 'file' | 'directory';
  readonly access: 'read' | 'write' | 'read-write' | 'open';
  /** The format; for a directory, its getdents names each followed by NL. */
  readonly grammar: Grammar;
  readonly example: string;
  readonly clause: string;
}

/** The EBNF text of a format. */
export function syntheticGrammarText(f: SyntheticFile): string {
  return grammarText(f.grammar);
}

/** Whether `bytes` is a sentence of the format. */
export function syntheticAccepts(f: SyntheticFile, bytes: Uint8Array | string): boolean {
  return accepts(f.grammar, bytes);
}

/** Socket types of the local family, in /net/local listing order (NETFS.FAMILIES). */
export const NETFS_LOCAL_TYPES = ['stream', 'seqpacket'] as const;
/** Files of every socket directory, in listing order (NETFS.PATHS). */
export const NETFS_SOCKET_FILES = ['ctl', 'data', 'accept'] as const;
/** The path suffix that makes an open non-blocking (NETFS.NONBLOCK). */
export const NETFS_NONBLOCK_SUFFIX = ':nonblock';
/** Longest local address in bytes (NETFS.ADDRS). */
export const NETFS_LOCAL_ADDR_MAX = 15;

const idName = seq(ref('nonzero'), many(ref('digit')));
const addressRule = rule('address', seq(ref('addr-byte'), upTo(NETFS_LOCAL_ADDR_MAX - 1, ref('addr-byte'))), `local: 1 to ${NETFS_LOCAL_ADDR_MAX} bytes`);
const addrByteRule = rule('addr-byte', except(anyByte, alt(ref('NL'), ref('NUL'), lit(' '))));

export const NETFS_ROOT_GRAMMAR: Grammar = withCommon(rule('listing', seq(lit('local'), ref('NL')), 'families netfs implements'));

export const NETFS_FAMILY_GRAMMAR: Grammar = withCommon(
  rule('listing', seq(...NETFS_LOCAL_TYPES.flatMap((t) => [lit(t), ref('NL')]), lit('addrs'), ref('NL'), many(seq(ref('id'), ref('NL'))))),
  rule('id', idName, 'live sockets by increasing id'),
);

export const NETFS_SOCKET_DIR_GRAMMAR: Grammar = withCommon(
  rule('listing', seq(...NETFS_SOCKET_FILES.flatMap((f) => [lit(f), ref('NL')]))),
);

export const NETFS_ID_GRAMMAR: Grammar = withCommon(
  rule('id-text', seq(ref('id'), ref('NL')), 'what reading a factory handle returns'),
  rule('id', idName),
);

export const NETFS_CTL_GRAMMAR: Grammar = withCommon(
  rule('command', seq(alt(seq(lit('bind '), ref('address')), seq(lit('listen '), ref('dec')), seq(lit('connect '), ref('address'))), ref('NL')), 'one per write'),
  addressRule,
  addrByteRule,
);

export const NETFS_ADDRS_GRAMMAR: Grammar = withCommon(
  rule('addrs', many(seq(ref('address'), ref('NL'))), 'listening sockets by increasing id'),
  addressRule,
  addrByteRule,
);

export const NETFS_FILES: readonly SyntheticFile[] = [
  { path: '/net', kind: 'directory', access: 'read', grammar: NETFS_ROOT_GRAMMAR, example: 'local\n', clause: 'NETFS.FAMILIES' },
  { path: '/net/<family>', kind: 'directory', access: 'read', grammar: NETFS_FAMILY_GRAMMAR, example: 'stream\nseqpacket\naddrs\n1\n4\n', clause: 'NETFS.PATHS' },
  { path: '/net/<family>/<id>', kind: 'directory', access: 'read', grammar: NETFS_SOCKET_DIR_GRAMMAR, example: 'ctl\ndata\naccept\n', clause: 'NETFS.PATHS' },
  { path: '/net/<family>/<type>', kind: 'file', access: 'open', grammar: NETFS_ID_GRAMMAR, example: '1234\n', clause: 'NETFS.FACTORY' },
  { path: '/net/<family>/<id>/ctl', kind: 'file', access: 'write', grammar: NETFS_CTL_GRAMMAR, example: 'listen 8\n', clause: 'NETFS.CTL' },
  { path: '/net/<family>/addrs', kind: 'file', access: 'read', grammar: NETFS_ADDRS_GRAMMAR, example: 'echo-service\n', clause: 'NETFS.ADDRS' },
];
