import { randomBytes } from 'node:crypto';
import { DEFAULTS } from '../config/config';
import type { EventStore } from '../eventstore/port';
import { type Logger, silentLogger } from '../observability/logger';
import { Metrics, type ProjectionLag } from '../observability/metrics';
import type { ProjectionStore } from '../readmodels/port';
import { Supervisor } from '../supervision/supervisor';
import { PROJECTIONS } from './catalog';
import { processOwner } from './lease-owner';
import { LeasedProjections, type ProjectionHealth } from './leased-projections';
import { ProjectionProgress } from './progress';
import { projectionLag } from './projection-lag';

export { isDeadProcessOfThisHost, processOwner } from './lease-owner';
export type { ProjectionHealth } from './leased-projections';

/**
 * A projector holds a projection's lease this long unless it renews it, every third of that. It bounds
 * how long a crashed node's projections stall before another node, or the restarted one, takes over.
 */
export const LEASE_TTL_MS = DEFAULTS.PROJECTION_LEASE_TTL_MS;

export interface Projector {
  progress: ProjectionProgress;
  /** Names of the projections that consume events of a stream category. */
  consumersOf(category: string): string[];
  /** Projections this node runs now (it holds their leases). */
  running(): string[];
  health(): ProjectionHealth[];
  /** How far each projection is behind the head of the log, as this node knows it. */
  lag(): Promise<ProjectionLag[]>;
  /**
   * Resolves true once every projection has applied the log up to `position` (their checkpoints are
   * written with what they apply), false after `timeoutMs`. A graceful stop waits on this first.
   */
  reach(position: string, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ProjectorOptions {
  logger?: Logger;
  metrics?: Metrics;
  /** Runs the lease renewal, the runner and the progress watcher; a private one by default. */
  supervisor?: Supervisor;
  leaseTtlMs?: number;
}

/**
 * Runs the chat API's projections on this node, each only while this node holds its lease, so one
 * projector per projection runs across all nodes; a crashed node's leases expire and another node takes
 * over from the checkpoint. The projections this node holds share one runner, so each event is read and
 * validated once however many of them consume it. Nodes that do not run a projection follow its
 * checkpoint, so read-your-writes works on every node.
 */
export async function startProjector(
  store: EventStore,
  target: ProjectionStore,
  options: ProjectorOptions = {},
): Promise<Projector> {
  const logger = options.logger ?? silentLogger();
  const metrics = options.metrics ?? new Metrics({ processMetrics: false });
  const supervisor = options.supervisor ?? new Supervisor(logger, metrics);
  const owner = processOwner(process.pid, randomBytes(6).toString('hex'));
  const progress = new ProjectionProgress();
  const node = new LeasedProjections(store, target, owner, progress, {
    logger: logger.child({ component: 'projector' }),
    metrics,
    supervisor,
    leaseTtlMs: options.leaseTtlMs ?? LEASE_TTL_MS,
  });
  await node.start();
  const lag = () => projectionLag(store, node.health());
  metrics.observeProjectionLag(lag);
  return {
    progress,
    consumersOf: (category) => PROJECTIONS.filter((p) => p.categories.includes(category)).map((p) => p.name),
    running: () => node.running(),
    health: () => node.health(),
    lag,
    reach: (position, timeoutMs) =>
      progress.waitFor(
        position,
        PROJECTIONS.map((p) => p.name),
        timeoutMs,
      ),
    stop: async () => {
      await node.stop();
      progress.close();
      if (!options.supervisor) await supervisor.stop();
    },
  };
}
