// /etc/swos/passwd and /etc/swos/sudoers, the identity store /bin/sudo and /bin/console-login read
// (SEC.PASSWD.FORMAT, SEC.SUDOERS.FORMAT): each format's EBNF grammar as data, a parser that
// also applies the rules a grammar cannot say (ranges, unique names, sizes), and a renderer. The
// reference kernel renders its base-image files with these; the fuzzer checks that the parser and
// the grammar agree on every input and that render(parse(x)) parses back to the same value.

import { accepts, alt, anyByte, except, lit, many, ref, rule, seq, some, upTo, withCommon, type Grammar } from './ebnf.js';
import { CAPABILITIES } from './constants/capabilities.js';

export const PASSWD_PATH = '/etc/swos/passwd';
export const SUDOERS_PATH = '/etc/swos/sudoers';

/** sudo reads at most this many bytes of either file (swift-os sudo.swift storeCap). */
export const IDENTITY_FILE_MAX = 4096;
/** Longest line, newline included (swift-os lineMax). */
export const IDENTITY_LINE_MAX = 256;
/** Longest account name (swift-os nameMax less its NUL). */
export const ACCOUNT_NAME_MAX = 63;
/** Bytes of a SHA-256 digest in lowercase hex. */
export const SHA256_HEX_LENGTH = 64;

export interface PasswdEntry {
  readonly name: string;
  readonly principal: number;
  readonly session: number;
  /** CAPABILITIES bits, decimal in the file. */
  readonly caps: number;
  /** The hash is SHA-256(salt + password) in lowercase hex. */
  readonly salt: string;
  readonly hash: string;
  readonly shell: string;
}

export interface SudoersRule {
  readonly name: string;
  /** 'ALL', or the absolute paths the account may run. */
  readonly commands: 'ALL' | readonly string[];
}

// ---- grammars ------------------------------------------------------------------------------

const chars = (s: string): ReturnType<typeof alt> => alt(...s.split('').map(lit));
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

const commonLines = [
  rule('comment', seq(lit('#'), many(except(anyByte, ref('NL'))), ref('NL')), '"#" in the first column'),
  rule('blank', ref('NL')),
  rule('name', seq(ref('name-start'), upTo(ACCOUNT_NAME_MAX - 1, ref('name-char'))), `at most ${ACCOUNT_NAME_MAX} bytes`),
  rule('name-start', alt(chars(LOWER), lit('_'))),
  rule('name-char', alt(ref('name-start'), ref('digit'), lit('-'))),
];

/** name:principal:session:caps:salt$sha256hex:shell, one account per line. */
export const PASSWD_GRAMMAR: Grammar = withCommon(
  rule('passwd', many(alt(ref('account'), ref('comment'), ref('blank'))), `at most ${IDENTITY_FILE_MAX} bytes; names and principals unique`),
  rule('account', seq(
    ref('name'), lit(':'), ref('dec'), lit(':'), ref('dec'), lit(':'), ref('dec'), lit(':'),
    ref('salt'), lit('$'), ref('sha256'), lit(':'), ref('shell'), ref('NL'),
  ), `principal 1..2^32-1, session 0..2^32-1, caps only CAPABILITIES bits; at most ${IDENTITY_LINE_MAX} bytes`),
  rule('salt', some(alt(chars(LOWER), chars(LOWER.toUpperCase()), ref('digit'), chars('._-')))),
  rule('sha256', seq(...Array.from({ length: SHA256_HEX_LENGTH }, () => ref('hex'))), 'SHA-256(salt + password), lowercase hex'),
  rule('shell', seq(lit('/'), many(ref('path-char')))),
  rule('path-char', except(anyByte, alt(ref('NL'), ref('NUL'), lit(':'), lit(' '), lit('\t'), lit(',')))),
  ...commonLines,
);

/** "name commands", commands ALL or comma-separated absolute paths. */
export const SUDOERS_GRAMMAR: Grammar = withCommon(
  rule('sudoers', many(alt(ref('rule'), ref('comment'), ref('blank'))), `at most ${IDENTITY_FILE_MAX} bytes; names unique`),
  rule('rule', seq(ref('name'), lit(' '), ref('commands'), ref('NL')), `at most ${IDENTITY_LINE_MAX} bytes`),
  rule('commands', alt(lit('ALL'), seq(ref('path'), many(seq(lit(','), ref('path')))))),
  rule('path', seq(lit('/'), many(ref('path-char')))),
  rule('path-char', except(anyByte, alt(ref('NL'), ref('NUL'), lit(':'), lit(' '), lit('\t'), lit(',')))),
  ...commonLines,
);

// ---- parsing -------------------------------------------------------------------------------

/** A failure: `syntax` when the grammar rejects the bytes too, `rule` when only a rule outside it does. */
export type IdentityParse<T> =
  | { readonly ok: true; readonly value: readonly T[] }
  | { readonly ok: false; readonly kind: 'syntax' | 'rule'; readonly line: number; readonly reason: string };

const U32 = 2 ** 32;
const CAPS_MASK = CAPABILITIES.members.reduce((m, c) => m | c.value, 0);
const NAME = new RegExp(`^[a-z_][a-z0-9_-]{0,${ACCOUNT_NAME_MAX - 1}}$`);
const DEC = /^(0|[1-9][0-9]*)$/;
const SALT = /^[A-Za-z0-9._-]+$/;
const HASH = new RegExp(`^[0-9a-f]{${SHA256_HEX_LENGTH}}$`);
// Any byte but NL, NUL, ':', space, tab and ','.
const PATH = /^\/[^\n\0:\t ,]*$/;

/** Each byte as one character, so any input round-trips. */
function latin1(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...b.subarray(i, i + 8192));
  return out;
}
const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

interface Line {
  readonly n: number;
  readonly text: string;
}

/** Lines that carry a record (not comments or blanks); a file that does not end in NL is a syntax error. */
function records(text: string): Line[] | { line: number; reason: string } {
  if (text.length === 0) return [];
  const parts = text.split('\n');
  if (parts.pop() !== '') return { line: parts.length + 1, reason: 'the last line does not end in a newline' };
  return parts.map((t, i) => ({ n: i + 1, text: t })).filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

function sizeRule(text: string, all: readonly Line[]): { line: number; reason: string } | null {
  if (text.length > IDENTITY_FILE_MAX) return { line: 1, reason: `the file is ${text.length} bytes, over ${IDENTITY_FILE_MAX}` };
  const long = all.find((l) => l.text.length + 1 > IDENTITY_LINE_MAX);
  return long ? { line: long.n, reason: `line of ${long.text.length + 1} bytes, over ${IDENTITY_LINE_MAX}` } : null;
}

const syntax = <T>(line: number, reason: string): IdentityParse<T> => ({ ok: false, kind: 'syntax', line, reason });
const broken = <T>(line: number, reason: string): IdentityParse<T> => ({ ok: false, kind: 'rule', line, reason });

/** Parses /etc/swos/passwd (SEC.PASSWD.FORMAT). */
export function parsePasswd(bytes: Uint8Array): IdentityParse<PasswdEntry> {
  const text = latin1(bytes);
  const lines = records(text);
  if (!Array.isArray(lines)) return syntax(lines.line, lines.reason);
  const out: PasswdEntry[] = [];
  for (const { n, text: t } of lines) {
    const f = t.split(':');
    if (f.length !== 6) return syntax(n, `${f.length} fields, not 6`);
    const [name, principal, session, caps, secret, shell] = f as [string, string, string, string, string, string];
    const dollar = secret.indexOf('$');
    const salt = dollar < 0 ? secret : secret.slice(0, dollar);
    const hash = dollar < 0 ? '' : secret.slice(dollar + 1);
    if (!NAME.test(name)) return syntax(n, `bad name '${name}'`);
    if (![principal, session, caps].every((d) => DEC.test(d))) return syntax(n, 'principal, session and caps are decimal numbers without leading zeros');
    if (dollar < 0 || !SALT.test(salt) || !HASH.test(hash)) return syntax(n, 'the password field is salt$sha256hex');
    if (!PATH.test(shell)) return syntax(n, `bad shell '${shell}'`);
    out.push({ name, principal: Number(principal), session: Number(session), caps: Number(caps), salt, hash, shell });
  }
  const size = sizeRule(text, lines);
  if (size) return broken(size.line, size.reason);
  for (const [i, e] of out.entries()) {
    const n = lines[i]!.n;
    if (!(e.principal >= 1 && e.principal < U32)) return broken(n, `principal ${e.principal} is outside 1..2^32-1`);
    if (!(e.session < U32)) return broken(n, `session ${e.session} is outside 0..2^32-1`);
    if (!(e.caps <= CAPS_MASK) || (e.caps & ~CAPS_MASK) !== 0) return broken(n, `caps ${e.caps} has bits outside CAPABILITIES`);
    if (out.findIndex((o) => o.name === e.name) !== i) return broken(n, `account '${e.name}' listed twice`);
    if (out.findIndex((o) => o.principal === e.principal) !== i) return broken(n, `principal ${e.principal} listed twice`);
  }
  return { ok: true, value: out };
}

/** Parses /etc/swos/sudoers (SEC.SUDOERS.FORMAT). */
export function parseSudoers(bytes: Uint8Array): IdentityParse<SudoersRule> {
  const text = latin1(bytes);
  const lines = records(text);
  if (!Array.isArray(lines)) return syntax(lines.line, lines.reason);
  const out: SudoersRule[] = [];
  for (const { n, text: t } of lines) {
    const space = t.indexOf(' ');
    const name = space < 0 ? t : t.slice(0, space);
    const commands = space < 0 ? '' : t.slice(space + 1);
    if (!NAME.test(name)) return syntax(n, `bad name '${name}'`);
    if (commands === 'ALL') {
      out.push({ name, commands: 'ALL' });
      continue;
    }
    const paths = commands.split(',');
    if (!paths.every((p) => PATH.test(p))) return syntax(n, 'commands are ALL or comma-separated absolute paths');
    out.push({ name, commands: paths });
  }
  const size = sizeRule(text, lines);
  if (size) return broken(size.line, size.reason);
  for (const [i, r] of out.entries()) {
    if (out.findIndex((o) => o.name === r.name) !== i) return broken(lines[i]!.n, `account '${r.name}' listed twice`);
  }
  return { ok: true, value: out };
}

// ---- rendering -----------------------------------------------------------------------------

/** The file for `entries`, after optional comment lines (each rendered as "# text"). */
export function renderPasswd(entries: readonly PasswdEntry[], comments: readonly string[] = []): Uint8Array {
  const lines = entries.map((e) => `${e.name}:${e.principal}:${e.session}:${e.caps}:${e.salt}$${e.hash}:${e.shell}`);
  return bytesOf([...comments.map((c) => `# ${c}`), ...lines].map((l) => `${l}\n`).join(''));
}

export function renderSudoers(rules: readonly SudoersRule[], comments: readonly string[] = []): Uint8Array {
  const lines = rules.map((r) => `${r.name} ${r.commands === 'ALL' ? 'ALL' : r.commands.join(',')}`);
  return bytesOf([...comments.map((c) => `# ${c}`), ...lines].map((l) => `${l}\n`).join(''));
}

/** Whether the bytes are a sentence of the file's grammar (syntax only: no sizes, ranges or duplicates). */
export function identityFileAccepts(file: 'passwd' | 'sudoers', bytes: Uint8Array): boolean {
  return accepts(file === 'passwd' ? PASSWD_GRAMMAR : SUDOERS_GRAMMAR, bytes);
}

/**
 * sudo's policy (SEC.SUDOERS.FORMAT): root (principal 1) may run anything; another account may run
 * `path` when the rule naming it says ALL or lists that exact path; an account with no rule may not.
 */
export function sudoAllows(passwd: readonly PasswdEntry[], sudoers: readonly SudoersRule[], realPrincipal: number, path: string): boolean {
  if (realPrincipal === 1) return true;
  const account = passwd.find((e) => e.principal === realPrincipal);
  const r = account && sudoers.find((s) => s.name === account.name);
  return r !== undefined && (r.commands === 'ALL' || r.commands.includes(path));
}
