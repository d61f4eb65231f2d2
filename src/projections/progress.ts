import { comparePositions } from '../eventstore/port';

/**
 * Where each projection of this node has got to, and waiters for a position: one watcher per node,
 * woken by the runners, instead of a poll per request.
 */
interface Waiter {
  position: string;
  projections: readonly string[];
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

export class ProjectionProgress {
  private readonly positions = new Map<string, string>();
  private readonly waiters = new Set<Waiter>();

  reached(projection: string, position: string): void {
    this.positions.set(projection, position);
    for (const waiter of this.waiters) {
      if (this.hasReached(waiter.position, waiter.projections)) this.settle(waiter, true);
    }
  }

  hasWaiters(): boolean {
    return this.waiters.size > 0;
  }

  positionOf(projection: string): string | undefined {
    return this.positions.get(projection);
  }

  /** Resolves true once every named projection has applied `position`, or false after `timeoutMs`. */
  waitFor(position: string, projections: readonly string[], timeoutMs: number): Promise<boolean> {
    if (this.hasReached(position, projections)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        projections,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), timeoutMs),
      };
      waiter.timer.unref();
      this.waiters.add(waiter);
    });
  }

  close(): void {
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  private hasReached(position: string, projections: readonly string[]): boolean {
    return projections.every((name) => {
      const at = this.positions.get(name);
      return at !== undefined && comparePositions(at, position) >= 0;
    });
  }

  private settle(waiter: Waiter, reached: boolean): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(reached);
  }
}
