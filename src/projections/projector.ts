import { randomBytes } from 'node:crypto';
import type { EventStore } from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import { PROJECTIONS } from './catalog';
import { ProjectionProgress } from './progress';
import type { Projection } from './projection';
import { ProjectionRunner } from './runner';

/**
 * A projector holds a projection's lease this long unless it renews it, every third of that. It bounds
 * how long a crashed node's projections stall before another node, or the restarted one, takes over.
 */
export const LEASE_TTL_MS = 10_000;
/** How often a node that does not run a projection reads its checkpoint while a write waits on it. */
const FOLLOW_EVERY_MS = 50;
const FOLLOW_IDLE_EVERY_MS = 1000;

export interface Projector {
  progress: ProjectionProgress;
  /** Names of the projections that consume events of a stream category. */
  consumersOf(category: string): string[];
  /** Projections this node runs now (it holds their leases). */
  running(): string[];
  /**
   * Resolves true once every projection has applied the log up to `position` (their checkpoints are
   * written with what they apply), false after `timeoutMs`. A graceful stop waits on this first.
   */
  reach(position: string, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Runs the chat API's projections on this node, each only while this node holds its lease, so one
 * projector per projection runs across all nodes; a crashed node's leases expire and another node takes
 * over from the checkpoint. Nodes that do not run a projection follow its checkpoint, so read-your-writes
 * works on every node.
 */
export async function startProjector(
  store: EventStore,
  target: ProjectionStore,
  log: (message: string) => void = console.error,
  leaseTtlMs = LEASE_TTL_MS,
): Promise<Projector> {
  const owner = `node-${randomBytes(6).toString('hex')}`;
  const progress = new ProjectionProgress();
  const leased = PROJECTIONS.map(
    (projection) => new LeasedProjection(store, target, projection, owner, progress, log, leaseTtlMs),
  );
  await Promise.all(leased.map((p) => p.start()));
  return {
    progress,
    consumersOf: (category) => PROJECTIONS.filter((p) => p.categories.includes(category)).map((p) => p.name),
    running: () => leased.filter((p) => p.isRunning()).map((p) => p.projection.name),
    reach: (position, timeoutMs) =>
      progress.waitFor(
        position,
        PROJECTIONS.map((p) => p.name),
        timeoutMs,
      ),
    stop: async () => {
      await Promise.all(leased.map((p) => p.stop()));
      progress.close();
    },
  };
}

class LeasedProjection {
  private runner: ProjectionRunner | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private followTimer: NodeJS.Timeout | undefined;
  private lastFollow = 0;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly target: ProjectionStore,
    readonly projection: Projection,
    private readonly owner: string,
    private readonly progress: ProjectionProgress,
    private readonly log: (message: string) => void,
    private readonly leaseTtlMs: number,
  ) {}

  isRunning(): boolean {
    return this.runner !== undefined;
  }

  async start(): Promise<void> {
    await this.renew();
    this.renewTimer = setInterval(() => {
      this.busy = this.busy.then(() => this.renew());
    }, this.leaseTtlMs / 3);
    this.renewTimer.unref();
    this.followTimer = setInterval(() => void this.follow(), FOLLOW_EVERY_MS);
    this.followTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.renewTimer);
    clearInterval(this.followTimer);
    await this.busy;
    await this.runner?.stop();
    this.runner = undefined;
    await this.target.releaseLease(this.projection.name, this.owner).catch(() => {});
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    let held: boolean;
    try {
      held = await this.target.claimLease(this.projection.name, this.owner, this.leaseTtlMs);
    } catch (error) {
      this.log(`lease of projection ${this.projection.name} not renewed: ${String(error)}`);
      held = false;
    }
    if (held && !this.runner) {
      this.runner = new ProjectionRunner(this.store, this.target, this.projection, {
        onProgress: (position) => this.progress.reached(this.projection.name, position),
        onError: (error) => this.log(`${error.message}; queries serve what it had applied`),
      });
      await this.runner.start();
    } else if (!held && this.runner) {
      const runner = this.runner;
      this.runner = undefined;
      await runner.stop();
    }
  }

  /** Learns how far the node that runs the projection has got, from its checkpoint. */
  private async follow(): Promise<void> {
    if (this.runner || this.stopped) return;
    const now = Date.now();
    if (!this.progress.hasWaiters() && now - this.lastFollow < FOLLOW_IDLE_EVERY_MS) return;
    this.lastFollow = now;
    try {
      const generation = await this.target.currentGeneration(this.projection.name);
      const checkpoint = await this.target.checkpoint(this.projection.name, generation);
      if (checkpoint !== undefined && !this.runner) this.progress.reached(this.projection.name, checkpoint);
    } catch {
      // The next tick tries again.
    }
  }
}
