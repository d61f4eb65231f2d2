/**
 * One line of progress on stderr, redrawn in place on a terminal and printed every few seconds
 * otherwise (CI logs): percentage, events, events per second and the time left.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastPrint = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(fraction: number, events: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastPrint < (this.tty ? 100 : 5000)) return;
    this.lastPrint = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    const done = Math.max(0, Math.min(1, fraction));
    const eta = done > 0 && done < 1 ? (seconds / done) * (1 - done) : 0;
    const width = 24;
    const filled = Math.round(done * width);
    const line =
      `${this.label.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(done * 100).toFixed(1).padStart(5)}%` +
      `  ${events.toLocaleString('en-US')} events  ${Math.round(rate).toLocaleString('en-US')} ev/s  ETA ${formatSeconds(eta)}`;
    process.stderr.write(this.tty ? `\r${line}` : `${line}\n`);
  }

  finish(events: number): void {
    this.update(1, events, true);
    if (this.tty) process.stderr.write('\n');
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${Math.round(seconds % 60)}s`
    : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}
