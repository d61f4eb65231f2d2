const POLL_MS = 20;

/**
 * Wakes log tailers when the log grows: at once for appends made by this process, and by polling the
 * head while anyone waits, for appends made by another process on the same file.
 */
export class ChangeNotifier {
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastHead = -1;

  constructor(private readonly head: () => number) {}

  /** Resolves once the head is past `after` (or on any wake-up; callers re-check). */
  waitFor(after: number, stopped: () => boolean): Promise<void> {
    if (stopped() || this.head() > after) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.add(resolve);
      this.startPolling();
    });
  }

  changed(): void {
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
      if (head !== this.lastHead) {
        this.lastHead = head;
        this.wakeAll();
      }
    }, POLL_MS);
    this.timer.unref();
  }
}
