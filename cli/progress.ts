import type { Status } from '../conformance/model.js';

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(s: string): unknown;
}

/** Whether a progress bar may draw: stderr is a terminal and CI is not set. */
export function progressEnabled(stream: ProgressSink = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The one-line run progress: bar, done/total, pass/fail counts, cases/s and ETA.
 * `now` is in ms since start (so the text is testable).
 */
export function progressLine(done: number, total: number, counts: Partial<Record<Status, number>>, elapsedMs: number, width = 24): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
  const rate = done / Math.max(1e-3, elapsedMs / 1000);
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  const bad = (counts.fail ?? 0) + (counts.broken ?? 0) + (counts.timeout ?? 0) + (counts.panic ?? 0) + (counts.xpass ?? 0);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${counts.pass ?? 0} pass  ${bad} fail  ${rate.toFixed(0)} cases/s  ETA ${clock(eta)}`;
}

/** A progress bar on `stream` redrawn at most every 100 ms; a no-op when disabled. */
export class ProgressBar {
  private done = 0;
  private readonly counts: Partial<Record<Status, number>> = {};
  private readonly started = performance.now();
  private lastDraw = -Infinity;

  constructor(private readonly total: number, private readonly enabled: boolean, private readonly stream: ProgressSink = process.stderr) {}

  tick(status: Status): void {
    this.done++;
    this.counts[status] = (this.counts[status] ?? 0) + 1;
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && this.done < this.total) return;
    this.lastDraw = now;
    this.stream.write(`\r${progressLine(this.done, this.total, this.counts, now - this.started)}\x1b[K`);
  }

  /** Clears the bar's line. */
  end(): void {
    if (this.enabled && this.done > 0) this.stream.write('\r\x1b[K');
  }
}
