/**
 * Progress goes to stderr so that stdout holds only the results. Lines carry the seconds since the
 * bench started, which tells a reader of a long run where the time went.
 */
const started = Date.now();

export function progress(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${message}\n`);
}

/**
 * Reports a running count at most every few seconds: a long seed or load phase shows it is alive. Not a
 * redrawn bar (cli-progress, as the CLIs use): a bench run is read back as a log, each line stamped
 * with the seconds since the start.
 */
export class Counter {
  private lastPrint = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly everyMs = 3000,
  ) {}

  update(done: number): void {
    const now = Date.now();
    if (now - this.lastPrint < this.everyMs) return;
    this.lastPrint = now;
    const percent = this.total > 0 ? ` (${((100 * done) / this.total).toFixed(0)}%)` : '';
    progress(
      `${this.label}: ${done.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')}${percent}`,
    );
  }
}
