import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { undefinedRules } from './ebnf.js';
import {
  ACCOUNT_NAME_MAX, IDENTITY_FILE_MAX, IDENTITY_LINE_MAX, identityFileAccepts, parsePasswd, parseSudoers, PASSWD_GRAMMAR,
  renderPasswd, renderSudoers, sudoAllows, SUDOERS_GRAMMAR, type PasswdEntry, type SudoersRule,
} from './identity-files.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const HASH = 'ab'.repeat(32);
const line = (name: string, p: number | string, caps: number | string = 14, shell = '/bin/sh'): string => `${name}:${p}:${p}:${caps}:salt$${HASH}:${shell}\n`;

/** The parser and the grammar must agree on syntax; a rule failure is a sentence the grammar accepts. */
function agree(file: 'passwd' | 'sudoers', b: Uint8Array): void {
  const r = file === 'passwd' ? parsePasswd(b) : parseSudoers(b);
  expect(identityFileAccepts(file, b), JSON.stringify(r)).toBe(r.ok || r.kind === 'rule');
}

describe('SEC.PASSWD.FORMAT', () => {
  it('the grammars name only rules they define', () => {
    expect(undefinedRules(PASSWD_GRAMMAR)).toEqual([]);
    expect(undefinedRules(SUDOERS_GRAMMAR)).toEqual([]);
  });

  it('parses accounts, skipping comments and blank lines', () => {
    const r = parsePasswd(bytes(`# accounts\n\n${line('root', 1, 63)}${line('user_2', 2)}`));
    expect(r).toEqual({ ok: true, value: [
      { name: 'root', principal: 1, session: 1, caps: 63, salt: 'salt', hash: HASH, shell: '/bin/sh' },
      { name: 'user_2', principal: 2, session: 2, caps: 14, salt: 'salt', hash: HASH, shell: '/bin/sh' },
    ] });
    expect(parsePasswd(new Uint8Array(0))).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['five fields', 'root:1:1:63:/bin/sh\n', 1],
    ['no newline at the end', line('root', 1).slice(0, -1), 1],
    ['a leading zero', line('root', '01'), 1],
    ['an upper-case name', line('Root', 1), 1],
    ['a hash of 63 digits', `root:1:1:63:s$${HASH.slice(1)}:/bin/sh\n`, 1],
    ['an upper-case hash', `root:1:1:63:s$${HASH.toUpperCase()}:/bin/sh\n`, 1],
    ['no salt', `root:1:1:63:$${HASH}:/bin/sh\n`, 1],
    ['a relative shell', line('root', 1, 63, 'sh'), 1],
    ['a space in the shell', line('root', 1, 63, '/bin/s h'), 1],
    ['a bad second line', `${line('root', 1)}user::2:14:s$${HASH}:/bin/sh\n`, 2],
    ['a carriage return in the name', line('root\r', 1), 1],
  ])('rejects %s as syntax, on its line', (_what, text, n) => {
    const r = parsePasswd(bytes(text));
    expect(r).toMatchObject({ ok: false, kind: 'syntax', line: n });
    agree('passwd', bytes(text));
  });

  it.each([
    ['principal 0', line('root', 0)],
    ['principal 2^32', line('root', 2 ** 32)],
    ['caps outside CAPABILITIES', line('root', 1, 128)],
    ['a name listed twice', line('root', 1) + line('root', 2)],
    ['a principal listed twice', line('root', 1) + line('user', 1)],
    ['a line over the limit', line('root', 1, 63, `/${'x'.repeat(IDENTITY_LINE_MAX)}`)],
    ['a file over the limit', `${'#'.repeat(IDENTITY_FILE_MAX)}\n`],
  ])('rejects %s by rule, though the grammar accepts it', (_what, text) => {
    expect(parsePasswd(bytes(text))).toMatchObject({ ok: false, kind: 'rule' });
    agree('passwd', bytes(text));
  });

  it(`names are at most ${ACCOUNT_NAME_MAX} bytes`, () => {
    expect(parsePasswd(bytes(line('a'.repeat(ACCOUNT_NAME_MAX), 1))).ok).toBe(true);
    expect(parsePasswd(bytes(line('a'.repeat(ACCOUNT_NAME_MAX + 1), 1))).ok).toBe(false);
    agree('passwd', bytes(line('a'.repeat(ACCOUNT_NAME_MAX + 1), 1)));
  });
});

describe('SEC.SUDOERS.FORMAT', () => {
  it('parses ALL and path lists', () => {
    expect(parseSudoers(bytes('# policy\nuser ALL\nops /bin/id,/bin/ls\n'))).toEqual({ ok: true, value: [
      { name: 'user', commands: 'ALL' }, { name: 'ops', commands: ['/bin/id', '/bin/ls'] },
    ] });
  });

  it.each(['user\n', 'user  ALL\n', 'user ALL,/bin/id\n', 'user /bin/id,\n', 'user bin/id\n', ' user ALL\n', 'user ALL'])('rejects %j as syntax', (text) => {
    expect(parseSudoers(bytes(text))).toMatchObject({ ok: false, kind: 'syntax' });
    agree('sudoers', bytes(text));
  });

  it('rejects a name listed twice by rule', () => {
    expect(parseSudoers(bytes('user ALL\nuser /bin/id\n'))).toMatchObject({ ok: false, kind: 'rule', line: 2 });
  });

  it('root may always use sudo; others by their rule; an account with no rule may not', () => {
    const parsed = parsePasswd(bytes(line('root', 1, 63) + line('user', 2) + line('ops', 4) + line('guest', 3, 2)));
    const passwd = parsed.ok ? parsed.value : [];
    expect(passwd).toHaveLength(4);
    const rules: SudoersRule[] = [{ name: 'user', commands: 'ALL' }, { name: 'ops', commands: ['/bin/id'] }];
    expect(sudoAllows(passwd, [], 1, '/bin/anything')).toBe(true);
    expect(sudoAllows(passwd, rules, 2, '/bin/ls')).toBe(true);
    expect(sudoAllows(passwd, rules, 4, '/bin/id')).toBe(true);
    expect(sudoAllows(passwd, rules, 4, '/bin/ls')).toBe(false);
    expect(sudoAllows(passwd, rules, 3, '/bin/id')).toBe(false);
    expect(sudoAllows(passwd, rules, 99, '/bin/id')).toBe(false);
  });
});

const nameArb = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,12}$/);
const pathArb = fc.stringMatching(/^\/[a-z/._-]{0,20}$/);
const entryArb: fc.Arbitrary<PasswdEntry> = fc.record({
  name: nameArb, principal: fc.integer({ min: 1, max: 2 ** 32 - 1 }), session: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  caps: fc.integer({ min: 0, max: 0x7f }), salt: fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/),
  hash: fc.stringMatching(/^[0-9a-f]{64}$/), shell: pathArb,
});

describe('parse(render(x)) is x, and the grammar agrees with the parser', () => {
  it('passwd', () => {
    fc.assert(fc.property(fc.uniqueArray(entryArb, { maxLength: 8, selector: (e) => e.name }), fc.array(fc.stringMatching(/^[ -~]{0,30}$/), { maxLength: 3 }), (raw, comments) => {
      const entries = raw.filter((e, i) => raw.findIndex((o) => o.principal === e.principal) === i);
      const text = renderPasswd(entries, comments);
      expect(parsePasswd(text)).toEqual({ ok: true, value: entries });
      expect(identityFileAccepts('passwd', text)).toBe(true);
    }));
  });

  it('sudoers', () => {
    const ruleArb: fc.Arbitrary<SudoersRule> = fc.record({ name: nameArb, commands: fc.oneof(fc.constant('ALL' as const), fc.array(pathArb, { minLength: 1, maxLength: 4 })) });
    fc.assert(fc.property(fc.uniqueArray(ruleArb, { maxLength: 8, selector: (r) => r.name }), (rules) => {
      const text = renderSudoers(rules);
      expect(parseSudoers(text)).toEqual({ ok: true, value: rules });
      expect(identityFileAccepts('sudoers', text)).toBe(true);
    }));
  });

  it('on edited files', () => {
    const base = bytes(line('root', 1, 63) + line('user', 2));
    const edit = fc.tuple(fc.nat(base.length), fc.nat(3), fc.constantFrom(...bytes(':$#\n /,a0A\r\0')));
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (edits, sudoers) => {
      let b = sudoers ? bytes('user ALL\nops /bin/id,/bin/ls\n') : base;
      for (const [at, del, byte] of edits) b = Uint8Array.from([...b.subarray(0, at), byte, ...b.subarray(Math.min(b.length, at + del))]);
      agree(sudoers ? 'sudoers' : 'passwd', b);
    }), { numRuns: 300 });
  });
});
