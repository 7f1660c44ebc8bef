// EBNF grammars as data (ISO/IEC 14977 shapes), their text, and a recognizer driven by the data.
// The synthetic files (/proc: procfs.ts, /net: synthetic-files.ts) describe their formats this
// way, so that the published EBNF and the checker tests and cases use can never disagree.

/** One grammar expression. Strings are byte strings: one char per byte (latin1). */
export type Expr =
  | { readonly t: 'lit'; readonly s: string }
  | { readonly t: 'ref'; readonly name: string }
  | { readonly t: 'seq'; readonly items: readonly Expr[] }
  | { readonly t: 'alt'; readonly options: readonly Expr[] }
  /** `item` repeated min..max times (max null: unbounded); {x} is 0..∞, [x] is 0..1. */
  | { readonly t: 'rep'; readonly item: Expr; readonly min: number; readonly max: number | null }
  /** Sentences of `item` that are not sentences of `minus`. */
  | { readonly t: 'except'; readonly item: Expr; readonly minus: Expr }
  /** Any single byte 0x00..0xff. */
  | { readonly t: 'byte' };

export interface Rule {
  readonly name: string;
  readonly expr: Expr;
  /** Rendered as an EBNF comment after the rule. */
  readonly note?: string;
}

/** A grammar: its rules, the first being the start symbol. */
export interface Grammar {
  readonly rules: readonly Rule[];
}

// ---- building ------------------------------------------------------------------------------

export const lit = (s: string): Expr => ({ t: 'lit', s });
export const ref = (name: string): Expr => ({ t: 'ref', name });
export const seq = (...items: Expr[]): Expr => ({ t: 'seq', items });
export const alt = (...options: Expr[]): Expr => ({ t: 'alt', options });
/** { x } */
export const many = (item: Expr): Expr => ({ t: 'rep', item, min: 0, max: null });
/** x , { x } */
export const some = (item: Expr): Expr => ({ t: 'rep', item, min: 1, max: null });
/** [ x ] */
export const opt = (item: Expr): Expr => ({ t: 'rep', item, min: 0, max: 1 });
export const upTo = (max: number, item: Expr): Expr => ({ t: 'rep', item, min: 0, max });
export const except = (item: Expr, minus: Expr): Expr => ({ t: 'except', item, minus });
export const anyByte: Expr = { t: 'byte' };
export const rule = (name: string, expr: Expr, note?: string): Rule => (note === undefined ? { name, expr } : { name, expr, note });

/** Rules most formats share: decimal numbers without leading zeros, lower-case hex, NL and NUL. */
export const COMMON_RULES: readonly Rule[] = [
  rule('dec', alt(lit('0'), seq(ref('nonzero'), many(ref('digit')))), 'no leading zeros'),
  rule('nonzero', alt(...'123456789'.split('').map(lit))),
  rule('digit', alt(lit('0'), ref('nonzero'))),
  rule('hex', alt(ref('digit'), ...'abcdef'.split('').map(lit))),
  rule('NL', lit('\n')),
  rule('NUL', lit('\0')),
];

/** `rules` followed by those of COMMON_RULES they (transitively) use. */
export function withCommon(...rules: Rule[]): Grammar {
  const all = [...rules];
  const have = new Set(all.map((r) => r.name));
  for (let i = 0; i < all.length; i++) {
    for (const name of refsOf(all[i]!.expr)) {
      const common = COMMON_RULES.find((r) => r.name === name);
      if (common && !have.has(name)) {
        all.push(common);
        have.add(name);
      }
    }
  }
  return { rules: all };
}

function refsOf(e: Expr): string[] {
  switch (e.t) {
    case 'ref': return [e.name];
    case 'seq': return e.items.flatMap(refsOf);
    case 'alt': return e.options.flatMap(refsOf);
    case 'rep': return refsOf(e.item);
    case 'except': return [...refsOf(e.item), ...refsOf(e.minus)];
    default: return [];
  }
}

/** Names referenced but not defined (a grammar is well formed when this is empty). */
export function undefinedRules(g: Grammar): string[] {
  const defined = new Set(g.rules.map((r) => r.name));
  return [...new Set(g.rules.flatMap((r) => refsOf(r.expr)))].filter((n) => !defined.has(n));
}

// ---- text ----------------------------------------------------------------------------------

function terminal(s: string): string {
  const printable = /^[\x20-\x7e]+$/.test(s);
  if (printable && !s.includes('"')) return `"${s}"`;
  if (printable && !s.includes("'")) return `'${s}'`;
  // Control bytes have no EBNF spelling: a special sequence names each one.
  return [...s].map((c) => (/[\x20-\x7e]/.test(c) && c !== '"' ? `"${c}"` : `? byte 0x${c.charCodeAt(0).toString(16).padStart(2, '0')} ?`)).join(' , ');
}

function exprText(e: Expr, parent: 'top' | 'seq' | 'except'): string {
  switch (e.t) {
    case 'lit': return terminal(e.s);
    case 'ref': return e.name;
    case 'byte': return '? any byte ?';
    case 'seq': {
      const s = e.items.map((i) => exprText(i, 'seq')).join(' , ');
      return parent === 'except' ? `( ${s} )` : s;
    }
    case 'alt': {
      const s = e.options.map((o) => exprText(o, 'top')).join(' | ');
      return parent === 'top' ? s : `( ${s} )`;
    }
    case 'except':
      return `${exprText(e.item, 'except')} - ${exprText(e.minus, 'except')}`;
    case 'rep': {
      const inner = exprText(e.item, 'top');
      const atom = e.item.t === 'seq' || e.item.t === 'alt' || e.item.t === 'except' ? `( ${inner} )` : inner;
      if (e.min === 0 && e.max === null) return `{ ${inner} }`;
      if (e.min === 0 && e.max === 1) return `[ ${inner} ]`;
      const required = Array.from({ length: e.min }, () => atom);
      if (e.max === null) return [...required, `{ ${inner} }`].join(' , ');
      const optional = e.max - e.min > 0 ? [`${e.max - e.min} * [ ${inner} ]`] : [];
      return [...required, ...optional].join(' , ');
    }
  }
}

/** The grammar as ISO 14977 EBNF text, one rule per line. */
export function grammarText(g: Grammar): string {
  const width = Math.max(...g.rules.map((r) => r.name.length));
  return g.rules
    .map((r) => `${r.name.padEnd(width)} = ${exprText(r.expr, 'top')} ;${r.note ? ` (* ${r.note} *)` : ''}`)
    .join('\n');
}

// ---- recognizing ---------------------------------------------------------------------------

/**
 * Whether `input` (bytes, or a byte string) is a sentence of the grammar's start symbol (or of
 * rule `start`). A set-of-end-positions recognizer with memoized rules: exact for any grammar
 * without left recursion, which these formats do not have.
 */
export function accepts(g: Grammar, input: Uint8Array | string, start = g.rules[0]!.name): boolean {
  const bytes = typeof input === 'string' ? Uint8Array.from(input, (c) => c.charCodeAt(0)) : input;
  return new Recognizer(g, bytes).ends(ref(start), 0).includes(bytes.length);
}

class Recognizer {
  private readonly rules: ReadonlyMap<string, { readonly expr: Expr; readonly index: number }>;
  /** Keyed by rule index × (input length + 1) + position. */
  private readonly memo = new Map<number, number[]>();

  constructor(g: Grammar, private readonly input: Uint8Array) {
    this.rules = new Map(g.rules.map((r, index) => [r.name, { expr: r.expr, index }]));
  }

  /** Every position at which a match of `e` starting at `pos` can end, ascending. */
  ends(e: Expr, pos: number): number[] {
    switch (e.t) {
      case 'lit': {
        if (pos + e.s.length > this.input.length) return [];
        for (let i = 0; i < e.s.length; i++) if (this.input[pos + i] !== e.s.charCodeAt(i)) return [];
        return [pos + e.s.length];
      }
      case 'byte':
        return pos < this.input.length ? [pos + 1] : [];
      case 'ref': {
        const body = this.rules.get(e.name);
        if (body === undefined) throw new Error(`grammar: rule ${e.name} is not defined`);
        const key = body.index * (this.input.length + 1) + pos;
        const hit = this.memo.get(key);
        if (hit) return hit;
        this.memo.set(key, []);
        const out = this.ends(body.expr, pos);
        this.memo.set(key, out);
        return out;
      }
      case 'seq': {
        let at = [pos];
        for (const item of e.items) {
          at = union(at.map((p) => this.ends(item, p)));
          if (at.length === 0) break;
        }
        return at;
      }
      case 'alt':
        return union(e.options.map((o) => this.ends(o, pos)));
      case 'except': {
        const minus = new Set(this.ends(e.minus, pos));
        return this.ends(e.item, pos).filter((p) => !minus.has(p));
      }
      case 'rep': {
        const out = new Set<number>();
        if (e.min === 0) out.add(pos);
        let frontier = [pos];
        const seen = new Set<number>([pos]);
        for (let n = 1; frontier.length > 0 && (e.max === null || n <= e.max); n++) {
          const next = union(frontier.map((p) => this.ends(e.item, p)));
          if (n >= e.min) for (const p of next) out.add(p);
          // Past the minimum, a position reached before adds nothing new.
          frontier = n >= e.min ? next.filter((p) => !seen.has(p)) : next;
          for (const p of next) seen.add(p);
        }
        return [...out].sort((a, b) => a - b);
      }
    }
  }
}

function union(lists: readonly number[][]): number[] {
  // Most alternatives fail (an alternation of single characters matches one at most): skip the empty ones.
  let only: number[] | null = null;
  let several = false;
  for (const l of lists) {
    if (l.length === 0) continue;
    if (only === null) only = l;
    else several = true;
  }
  if (only === null) return [];
  if (!several) return only;
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}
