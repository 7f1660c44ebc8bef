// Text into HTML, and number formats the page uses.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values (double or single quoted). */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** An integer with thousands separators (the browser test strips them). */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A percentage as report.json holds it (one decimal), with a % sign. */
export function pct(p: number): string {
  return `${p.toFixed(1)}%`;
}

/** A compact count for a small cell: 999, 1.2k, 15k. */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(Math.floor(n / 100) / 10).toFixed(1)}k`;
  return `${Math.floor(n / 1000)}k`;
}

/** `<tag attr="...">` with escaped attribute values; false/null/undefined attributes are left out. */
export function attrs(a: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== false && v !== null && v !== undefined)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${esc(v as string | number)}"`))
    .join('');
}
