// Pieces every section uses: tables, filters, "not run" notes, legends.

import { attrs, esc } from './html.js';

export interface Column {
  readonly title: string;
  /** Right-aligned numbers. */
  readonly num?: boolean;
  readonly tip?: string;
}

/** A table whose cells are already HTML; each row may carry attributes (data-state, class). */
export function table(id: string, columns: readonly Column[], rows: readonly { readonly cells: readonly string[]; readonly attrs?: Readonly<Record<string, string | null>> }[], cls = ''): string {
  const head = columns.map((c) => `<th${attrs({ class: c.num ? 'n' : null, title: c.tip ?? null })}>${esc(c.title)}</th>`).join('');
  const body = rows
    .map((r) => `<tr${attrs(r.attrs ?? {})}>${r.cells.map((cell, i) => `<td${columns[i]?.num ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${attrs({ id, class: cls || null })}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Text (and optional state) filter over a table's body rows (script.ts). */
export function filters(tableId: string, placeholder: string, states: readonly string[] = []): string {
  const select = states.length
    ? `<label>state <select><option value="">all</option>${states.map((s) => `<option>${esc(s)}</option>`).join('')}</select></label>`
    : '';
  return `<div class="filters" data-table="${esc(tableId)}"><input type="search" placeholder="${esc(placeholder)}" aria-label="${esc(placeholder)}">${select}<span class="count"></span></div>`;
}

export function notRun(what: string, how: string): string {
  return `<div class="notrun"><strong>not run</strong>: ${esc(what)}. ${how}</div>`;
}

export function pill(state: string, text = state): string {
  return `<span class="pill ${esc(state)}">${esc(text)}</span>`;
}

export function legend(items: readonly (readonly [string, string])[]): string {
  return `<div class="legend">${items.map(([color, name]) => `<span style="--c:${esc(color)}">${esc(name)}</span>`).join('')}</div>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function codeList(ids: readonly string[], more: number): string {
  const list = ids.map((id) => `<code>${esc(id)}</code>`).join(' ');
  return more > 0 ? `${list} <span class="reason">+${more} more</span>` : list;
}
