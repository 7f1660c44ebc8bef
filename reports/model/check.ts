// Small shape checks for the JSON files the report reads (no schema library: the shapes are few).

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

export class InputError extends Error {
  override readonly name = 'InputError';
}

export function parseJson(text: string, source: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new InputError(`${source}: not JSON: ${(err as Error).message}`);
  }
}

export function isRecord(v: unknown): v is { readonly [k: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws InputError unless `v` is an object whose listed fields have the listed types. */
export function expectFields(v: unknown, fields: Readonly<Record<string, 'string' | 'number' | 'array' | 'object'>>, where: string): { readonly [k: string]: unknown } {
  if (!isRecord(v)) throw new InputError(`${where}: not an object`);
  for (const [k, t] of Object.entries(fields)) {
    const x = v[k];
    const ok = t === 'array' ? Array.isArray(x) : t === 'object' ? isRecord(x) : typeof x === t && (t !== 'number' || Number.isFinite(x));
    if (!ok) throw new InputError(`${where}: field ${k} must be ${t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`}`);
  }
  return v;
}

export function expectSchema(v: unknown, schema: string, source: string): void {
  if (!isRecord(v) || v.schema !== schema) {
    throw new InputError(`${source}: schema ${isRecord(v) ? String(v.schema) : 'missing'}, expected ${schema}`);
  }
}
