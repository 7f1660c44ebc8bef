import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accepts, alt, anyByte, except, grammarText, lit, many, opt, ref, rule, seq, some, upTo, withCommon, type Grammar } from './ebnf.js';

const g = (...rules: Parameters<typeof withCommon>): Grammar => withCommon(...rules);

describe('EBNF grammars as data', () => {
  it('renders ISO 14977 text with the common rules it uses', () => {
    const text = grammarText(g(rule('line', seq(lit('n='), ref('dec'), ref('NL')), 'one line')));
    expect(text).toContain('line    = "n=" , dec , NL ; (* one line *)');
    expect(text).toContain('dec     = "0" | nonzero , { digit } ;');
    expect(text).toContain('NL      = ? byte 0x0a ? ;');
    expect(text).not.toContain('hex');
  });

  it('renders bounded repetitions and exceptions', () => {
    expect(grammarText({ rules: [rule('x', upTo(3, except(anyByte, lit(' '))))] })).toBe('x = 3 * [ ? any byte ? - " " ] ;');
    expect(grammarText({ rules: [rule('x', some(alt(lit('a'), lit('b'))))] })).toBe('x = ( "a" | "b" ) , { "a" | "b" } ;');
    expect(grammarText({ rules: [rule('x', opt(lit('"')))] })).toBe('x = [ \'"\' ] ;');
  });

  it('recognizes decimals without leading zeros', () => {
    const d = g(rule('n', ref('dec')));
    for (const ok of ['0', '7', '10', '1234567890']) expect(accepts(d, ok), ok).toBe(true);
    for (const bad of ['', '00', '01', '1a', ' 1', '-1']) expect(accepts(d, bad), bad).toBe(false);
  });

  it('handles exceptions, bounded and unbounded repetitions, and ambiguity', () => {
    const words = g(rule('s', many(seq(ref('w'), ref('NUL')))), rule('w', many(except(anyByte, ref('NUL')))));
    expect(accepts(words, '')).toBe(true);
    expect(accepts(words, 'a\0\0bc\0')).toBe(true);
    expect(accepts(words, 'a\0b')).toBe(false);
    const bounded = g(rule('s', seq(upTo(2, lit('a')), lit('b'))));
    expect(['b', 'ab', 'aab', 'aaab'].map((s) => accepts(bounded, s))).toEqual([true, true, true, false]);
    const amb = g(rule('s', seq(many(lit('a')), many(lit('a')), lit('b'))));
    expect(accepts(amb, 'aaaab')).toBe(true);
  });

  it('agrees with an equivalent regular expression on random inputs', () => {
    const line = g(rule('s', many(seq(ref('dec'), lit(' '), upTo(3, except(anyByte, alt(ref('NL'), lit(' ')))), ref('NL')))));
    const re = /^(?:(?:0|[1-9][0-9]*) [^\n ]{0,3}\n)*$/;
    fc.assert(fc.property(fc.array(fc.constantFrom('0', '1', '9', ' ', '\n', 'x', '\0')), (chars) => {
      const s = chars.join('');
      expect(accepts(line, s)).toBe(re.test(s));
    }), { numRuns: 500 });
  });

  it('an undefined rule is an error, not a rejection', () => {
    expect(() => accepts({ rules: [rule('s', ref('missing'))] }, 'x')).toThrow(/missing/);
  });
});
