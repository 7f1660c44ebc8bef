// Inline SVG plots: horizontal (stacked) bars and a step-free line chart. Every mark has a
// <title>, so hovering tells the exact number.

import { esc, int, pct } from './html.js';

export interface Segment {
  readonly name: string;
  readonly value: number;
  /** A CSS class giving the fill (see style.ts). */
  readonly cls: string;
}

export interface BarRow {
  readonly label: string;
  readonly segments: readonly Segment[];
  /** Text at the right end of the bar. */
  readonly note: string;
}

const ROW_H = 20;
const GAP = 6;
const MIN_LABEL_W = 80;
const NOTE_W = 210;

/** Room for the longest label (12px sans-serif: about 7px a character). */
function labelWidth(labels: readonly string[]): number {
  return Math.max(MIN_LABEL_W, 12 + 7 * Math.max(0, ...labels.map((l) => l.length)));
}

function frame(width: number, height: number, label: string, body: string): string {
  return `<svg class="plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg"><title>${esc(label)}</title>${body}</svg>`;
}

/**
 * One horizontal bar per row, its segments stacked. `scale` 'absolute' draws every row against
 * the largest total; 'share' draws each row as 100%.
 */
export function stackedBars(rows: readonly BarRow[], label: string, scale: 'absolute' | 'share', width = 840): string {
  const labelW = labelWidth(rows.map((r) => r.label));
  const barW = width - labelW - NOTE_W;
  const totals = rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0));
  const max = Math.max(1, ...totals);
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = i * (ROW_H + GAP);
    const whole = scale === 'share' ? Math.max(1, totals[i]!) : max;
    parts.push(`<text class="lbl" x="${labelW - 8}" y="${y + ROW_H * 0.72}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<rect class="track" x="${labelW}" y="${y}" width="${barW}" height="${ROW_H}"/>`);
    let x = labelW;
    for (const s of r.segments) {
      if (s.value <= 0) continue;
      const w = (barW * s.value) / whole;
      parts.push(`<rect class="${esc(s.cls)}" x="${x.toFixed(2)}" y="${y}" width="${Math.max(w, 0.8).toFixed(2)}" height="${ROW_H}"><title>${esc(`${r.label}: ${int(s.value)} ${s.name}`)}</title></rect>`);
      x += w;
    }
    parts.push(`<text class="note" x="${labelW + barW + 8}" y="${y + ROW_H * 0.72}">${esc(r.note)}</text>`);
  });
  return frame(width, Math.max(ROW_H, rows.length * (ROW_H + GAP) - GAP), label, parts.join(''));
}

export interface PercentRow {
  readonly label: string;
  readonly pct: number;
  readonly cls: string;
  /** A target to mark with a tick (percent). */
  readonly target?: number;
  readonly title: string;
}

/** Bars of percentages on a 0-100 axis, with optional target ticks. */
export function percentBars(rows: readonly PercentRow[], label: string, width = 840): string {
  const labelW = labelWidth(rows.map((r) => r.label));
  const barW = width - labelW - NOTE_W;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = i * (ROW_H + GAP);
    parts.push(`<text class="lbl" x="${labelW - 8}" y="${y + ROW_H * 0.72}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<rect class="track" x="${labelW}" y="${y}" width="${barW}" height="${ROW_H}"/>`);
    parts.push(`<rect class="${esc(r.cls)}" x="${labelW}" y="${y}" width="${((barW * Math.min(100, Math.max(0, r.pct))) / 100).toFixed(2)}" height="${ROW_H}"><title>${esc(r.title)}</title></rect>`);
    if (r.target !== undefined) {
      const tx = labelW + (barW * r.target) / 100;
      parts.push(`<line class="target" x1="${tx}" x2="${tx}" y1="${y - 2}" y2="${y + ROW_H + 2}"><title>${esc(`target ${r.target}%`)}</title></line>`);
    }
    parts.push(`<text class="note" x="${labelW + barW + 8}" y="${y + ROW_H * 0.72}">${esc(pct(r.pct))}</text>`);
  });
  return frame(width, Math.max(ROW_H, rows.length * (ROW_H + GAP) - GAP), label, parts.join(''));
}

export interface Series {
  readonly name: string;
  readonly cls: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Lines over a shared x axis (e.g. seconds into a campaign), each series on its own y scale from 0. */
export function lineChart(series: readonly Series[], label: string, xName: string, width = 840, height = 220): string {
  const padL = 50;
  const padB = 28;
  const padT = 10;
  const plotW = width - padL - 20;
  const plotH = height - padB - padT;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xMax = Math.max(1, ...xs);
  const parts: string[] = [
    `<line class="axis" x1="${padL}" y1="${padT + plotH}" x2="${padL + plotW}" y2="${padT + plotH}"/>`,
    `<line class="axis" x1="${padL}" y1="${padT}" x2="${padL}" y2="${padT + plotH}"/>`,
    `<text class="lbl" x="${padL + plotW}" y="${height - 6}" text-anchor="end">${esc(`${xName} (max ${int(xMax)})`)}</text>`,
  ];
  series.forEach((s, k) => {
    const yMax = Math.max(1, ...s.points.map((p) => p[1]));
    const pts = s.points.map(([x, y]) => `${(padL + (plotW * x) / xMax).toFixed(1)},${(padT + plotH - (plotH * y) / yMax).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="${esc(s.cls)}" fill="none" points="${pts}"><title>${esc(`${s.name} (max ${int(yMax)})`)}</title></polyline>`);
    parts.push(`<text class="lbl ${esc(s.cls)}-text" x="${padL + 6}" y="${padT + 14 + 16 * k}">${esc(`${s.name}: up to ${int(yMax)}`)}</text>`);
  });
  return frame(width, height, label, parts.join(''));
}
