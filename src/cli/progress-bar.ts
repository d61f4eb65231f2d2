import { SingleBar } from 'cli-progress';

/** The bar's scale: a fraction of the log in thousandths. */
const TOTAL = 1000;

/**
 * One line of progress on stderr (cli-progress), redrawn in place on a terminal and printed every few
 * seconds otherwise (CI logs): percentage, events, events per second and the time left.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private readonly bar: SingleBar;
  private running = false;

  constructor(label: string) {
    this.bar = new RedrawnBar({
      format: `${label.padEnd(14)} [{bar}] {percentage}%  {events} events  {rate} ev/s  ETA {eta_formatted}`,
      barsize: 24,
      barCompleteChar: '#',
      barIncompleteChar: '.',
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stderr,
    });
  }

  update(fraction: number, events: number, force = false): void {
    const done = Math.round(Math.max(0, Math.min(1, fraction)) * TOTAL);
    const payload = this.payload(events);
    if (!this.running) {
      this.running = true;
      this.bar.start(TOTAL, done, payload);
    } else this.bar.update(done, payload);
    if (force) this.bar.render();
  }

  finish(events: number): void {
    this.update(1, events);
    this.bar.stop();
    this.running = false;
  }

  private payload(events: number): { events: string; rate: string } {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    return { events: events.toLocaleString('en-US'), rate: Math.round(rate).toLocaleString('en-US') };
  }
}

/** cli-progress keeps a redraw timer: it must not hold a command that failed mid-way from exiting. */
class RedrawnBar extends SingleBar {
  override render(): void {
    super.render();
    (this as unknown as { timer?: NodeJS.Timeout }).timer?.unref();
  }
}
