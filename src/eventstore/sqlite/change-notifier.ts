const POLL_MS = 20;

/**
 * Wakes log tailers when the log grows: at once for appends made by this process, and by polling the
 * head while anyone waits, for appends made by another process on the same file.
 *
 * It keeps the highest head it knows of (from this process's commits and from its own polls), so a
 * tailer that checks before waiting costs no query. That misses nothing: a commit of another process
 * that this process has not seen yet differs from the head the last poll saw, so the next poll wakes
 * every waiter; and a poll that did see it has raised the known head before any later check runs.
 */
export class ChangeNotifier {
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastPolled = -1;
  private known: number;

  constructor(private readonly head: () => number) {
    this.known = head();
  }

  /** Resolves once the head is past `after` (or on any wake-up; callers re-check). */
  waitFor(after: number, stopped: () => boolean): Promise<void> {
    if (stopped() || this.known > after) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.add(resolve);
      this.startPolling();
    });
  }

  /** This process committed up to `head`. */
  changed(head: number): void {
    if (head > this.known) this.known = head;
    this.wakeAll();
  }

  wakeAll(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.wakeAll();
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.waiters.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      const head = this.head();
      if (head !== this.lastPolled) {
        this.lastPolled = head;
        if (head > this.known) this.known = head;
        this.wakeAll();
      }
    }, POLL_MS);
    this.timer.unref();
  }
}
