// Byte-level edits of valid inputs (the fast-check side of the byte targets): overwrite, insert,
// delete and truncate at positions drawn by fast-check, so shrinking moves toward the valid seed.

import fc from 'fast-check';

type Edit =
  | { readonly k: 'set'; readonly at: number; readonly b: number }
  | { readonly k: 'word'; readonly at: number; readonly v: number }
  | { readonly k: 'cut'; readonly at: number }
  | { readonly k: 'ins'; readonly at: number; readonly b: readonly number[] };

/** Edits anywhere, and (with `hot`) more often in the first `hot` bytes (the headers). */
function editArb(hot: number): fc.Arbitrary<Edit> {
  const at = hot > 0 ? fc.oneof(fc.nat({ max: hot - 1 }), fc.nat()) : fc.nat();
  return fc.oneof(
    fc.record({ k: fc.constant('set' as const), at, b: fc.nat({ max: 255 }) }),
    fc.record({ k: fc.constant('word' as const), at, v: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fff_ffff, 0xffff_ffff, 0x1000, 0x40) }),
    fc.record({ k: fc.constant('cut' as const), at }),
    fc.record({ k: fc.constant('ins' as const), at, b: fc.array(fc.nat({ max: 255 }), { maxLength: 8 }) }),
  );
}

function apply(seed: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let out = Uint8Array.from(seed);
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    switch (e.k) {
      case 'set':
        if (at < out.length) out[at] = e.b;
        break;
      case 'word':
        for (let i = 0; i < 4 && at + i < out.length; i++) out[at + i] = (e.v >>> (8 * i)) & 0xff;
        break;
      case 'cut':
        out = out.slice(0, at);
        break;
      case 'ins': {
        const next = new Uint8Array(out.length + e.b.length);
        next.set(out.subarray(0, at));
        next.set(e.b, at);
        next.set(out.subarray(at), at + e.b.length);
        out = next;
        break;
      }
    }
  }
  return out;
}

/** A seed with up to `maxEdits` byte edits. */
export function editedSeeds(seeds: readonly Uint8Array[], maxEdits = 6, hot = 0): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(editArb(hot), { maxLength: maxEdits })).map(([s, e]) => apply(s, e));
}

/** JSON documents shaped like `sample` with values swapped for other JSON values (wrong types, nulls). */
export function jsonVariants(sample: unknown): fc.Arbitrary<Uint8Array> {
  const enc = new TextEncoder();
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(sample, []);
  const replace = (doc: unknown, path: readonly (string | number)[], value: unknown): unknown => {
    if (path.length === 0) return value;
    const [head, ...rest] = path;
    if (Array.isArray(doc)) return doc.map((x, i) => (i === head ? replace(x, rest, value) : x));
    if (doc !== null && typeof doc === 'object') {
      const o = doc as Record<string, unknown>;
      return { ...o, [String(head)]: replace(o[String(head)], rest, value) };
    }
    return doc;
  };
  const value = fc.oneof(fc.constantFrom<unknown>(null, 0, -1, '', 'x', [], {}, [null], true, 1e308), fc.jsonValue({ maxDepth: 2 }));
  return fc.array(fc.tuple(fc.constantFrom(...paths), value), { maxLength: 3 }).map((edits) => {
    let doc = sample;
    for (const [p, v] of edits) doc = replace(doc, p, v);
    return enc.encode(JSON.stringify(doc));
  });
}
