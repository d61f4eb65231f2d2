/** What a replay child prints as its last line of stdout. */
export interface ReplayReport {
  events: number;
  seconds: number;
  /** Peak resident set size of the child, in kB (getrusage's ru_maxrss). */
  maxRssKb: number;
}

export function printReport(report: ReplayReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
