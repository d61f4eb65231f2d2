import type { EventStore } from '../eventstore/port';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ProjectionStore } from '../readmodels/port';
import { asError, type LoopControl, type SupervisedLoop, type Supervisor } from '../supervision/supervisor';
import { PROJECTIONS } from './catalog';
import { claimLease } from './lease-owner';
import type { ProjectionProgress } from './progress';
import type { Projection } from './projection';
import { type ProjectionFailure, ProjectionRunner } from './runner';

/** How often a node that does not run a projection reads its checkpoint while a write waits on it. */
const FOLLOW_EVERY_MS = 50;
const FOLLOW_IDLE_EVERY_MS = 1000;

/** What one projection is doing on this node, for readiness, metrics and operators. */
export interface ProjectionHealth {
  projection: string;
  /** This node holds the lease and runs it. */
  running: boolean;
  /** Position this node knows the projection has applied (its own runner's, or the checkpoint). */
  position: string | undefined;
  /** The runner of this node fails and retries: set until it makes progress again. */
  failure?: { error: string; since: string; failures: number; first?: string; last?: string };
}

export interface NodeSettings {
  logger: Logger;
  metrics: Metrics;
  supervisor: Supervisor;
  leaseTtlMs: number;
}

/**
 * The projections of one node: claims and renews their leases, runs the ones it holds on one supervised
 * runner (a failing runner stops renewing), and follows the checkpoints of the ones other nodes run.
 */
export class LeasedProjections {
  /** Runs the projections whose leases this node holds; replaced whenever that set changes. */
  private runner: ProjectionRunner | undefined;
  private runnerLoop: SupervisedLoop | undefined;
  /** The current attempt's control of the runner loop. */
  private runnerControl: LoopControl | undefined;
  private failure: ProjectionFailure | undefined;
  private loops: SupervisedLoop[] = [];
  private readonly lastFollow = new Map<string, number>();
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly target: ProjectionStore,
    private readonly owner: string,
    private readonly progress: ProjectionProgress,
    private readonly settings: NodeSettings,
  ) {}

  running(): string[] {
    return this.runner?.projections.map((p) => p.name) ?? [];
  }

  health(): ProjectionHealth[] {
    const running = this.running();
    const status = this.runnerLoop?.status();
    return PROJECTIONS.map(({ name }) => {
      const runs = running.includes(name);
      const failing = runs && status?.state === 'retrying' && this.failure !== undefined;
      return {
        projection: name,
        running: runs,
        position: this.progress.positionOf(name),
        ...(failing && {
          failure: {
            error: status?.lastError ?? this.failure?.message ?? 'unknown',
            since: status?.failingSince ?? new Date().toISOString(),
            failures: status?.failures ?? 0,
            ...(this.failure?.first !== undefined && { first: this.failure.first }),
            ...(this.failure?.last !== undefined && { last: this.failure.last }),
          },
        }),
      };
    });
  }

  async start(): Promise<void> {
    const { supervisor, leaseTtlMs } = this.settings;
    // The first claim happens before start resolves, so a lone node serves its projections at once.
    await this.renew().catch((error: unknown) => {
      this.settings.logger.warn({ err: error }, 'projection leases not claimed at start; retrying');
    });
    this.loops = [
      supervisor.every('projection-leases', leaseTtlMs / 3, () => this.serially(() => this.renew())),
      supervisor.every('projection-progress-watcher', FOLLOW_EVERY_MS, () => this.follow()),
    ];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.busy;
    const held = this.running();
    await this.replaceRunner([]);
    for (const name of held) await this.target.releaseLease(name, this.owner).catch(() => {});
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.busy.then(work);
    this.busy = next.catch(() => undefined);
    return next;
  }

  /**
   * Claims or renews the leases, and runs what it holds. A runner that is failing stops renewing its
   * leases, so that a healthy node can take over once they run out; it claims them again only when no
   * other node has after a renewal period. A claim that fails keeps what this node runs (a lease it cannot renew runs out).
   */
  private async renew(): Promise<void> {
    if (this.stopped) return;
    const running = this.running();
    const failing = this.runnerLoop?.status().state === 'retrying';
    const held: Projection[] = [];
    const errors: string[] = [];
    for (const projection of PROJECTIONS) {
      const runs = running.includes(projection.name);
      try {
        if (await this.keep(projection.name, failing && runs)) held.push(projection);
      } catch (error) {
        errors.push(`${projection.name}: ${asError(error).message}`);
        if (runs) held.push(projection);
      }
    }
    for (const { name } of PROJECTIONS) {
      this.settings.metrics.projectionLeaseHeld.set(
        { projection: name },
        held.some((p) => p.name === name) ? 1 : 0,
      );
    }
    if (held.length !== running.length || !held.every((p) => running.includes(p.name))) {
      await this.replaceRunner(held);
    }
    if (errors.length > 0) throw new Error(`projection leases not renewed: ${errors.join('; ')}`);
  }

  /**
   * Whether this node keeps (or gets) a projection. A failing one runs on until its unrenewed lease
   * runs out, then sits out one renewal period, so another node can claim it first.
   */
  private async keep(name: string, failing: boolean): Promise<boolean> {
    if (!failing) return this.claim(name);
    const holder = await this.target.leaseHolder(name);
    if (holder === this.owner) return true;
    this.settings.logger.warn(
      { projection: name, holder: holder ?? null },
      holder === undefined
        ? 'failing projection left for another node to take over'
        : 'failing projection taken over by another node',
    );
    return false;
  }

  private claim(name: string): Promise<boolean> {
    const { leaseTtlMs, logger } = this.settings;
    return claimLease(this.target, name, this.owner, leaseTtlMs, (holder) =>
      logger.info({ projection: name, holder }, 'taking over the lease of a process that no longer runs'),
    );
  }

  private async replaceRunner(projections: Projection[]): Promise<void> {
    const names = projections.map((p) => p.name);
    this.settings.logger.info(
      { projections: names, previous: this.running() },
      names.length > 0 ? 'running projections (this node holds their leases)' : 'running no projections',
    );
    await this.runnerLoop?.stop();
    this.runnerLoop = undefined;
    this.runner = undefined;
    this.failure = undefined;
    for (const { name } of PROJECTIONS) this.settings.metrics.projectionDegraded.set({ projection: name }, 0);
    if (projections.length === 0 || this.stopped) return;
    const runner: ProjectionRunner = new ProjectionRunner(this.store, this.target, projections, {
      onProgress: (_, events) => {
        for (const { name } of projections) {
          const position = runner.positionOf(name);
          if (position !== undefined) this.progress.reached(name, position);
          if (events > 0) this.settings.metrics.projectionEvents.inc({ projection: name }, events);
        }
        if (events > 0) this.recovered(projections);
      },
      onError: (failure) => {
        this.failure = failure;
        for (const name of failure.projections)
          this.settings.metrics.projectionDegraded.set({ projection: name }, 1);
        this.settings.logger.error(
          { err: failure, projections: failure.projections, position: failure.last },
          'projection failed; queries serve what it had applied until it recovers',
        );
        this.runnerControl?.fail(failure);
        this.reportFaults(failure.projections);
      },
    });
    this.runner = runner;
    // Whatever a previous holder recorded is stale now: this node reports its own failures.
    this.reportFaults(projections.map((p) => p.name));
    this.runnerLoop = this.settings.supervisor.run('projection-runner', async (control) => {
      this.runnerControl = control;
      await runner.start();
      return { close: () => runner.halt() };
    });
  }

  private recovered(projections: Projection[]): void {
    if (this.failure === undefined) return;
    this.failure = undefined;
    for (const { name } of projections) this.settings.metrics.projectionDegraded.set({ projection: name }, 0);
    this.runnerControl?.progressed();
    this.reportFaults(projections.map((p) => p.name));
  }

  /**
   * Records the failure (or its end) in the projection store for operators on every node; best
   * effort, since the store may be what fails.
   */
  private reportFaults(names: readonly string[]): void {
    const failure = this.health().find((h) => names.includes(h.projection))?.failure;
    const fault = failure && {
      owner: this.owner,
      error: failure.error,
      since: failure.since,
      failures: failure.failures,
      ...(failure.first !== undefined && { first: failure.first }),
      ...(failure.last !== undefined && { last: failure.last }),
    };
    for (const name of names) {
      this.target.reportFault(name, fault).catch((error: unknown) => {
        this.settings.logger.warn({ err: error, projection: name }, 'projection fault not recorded');
      });
    }
  }

  /** Learns how far the nodes that run the other projections have got, from their checkpoints. */
  private async follow(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    for (const { name } of PROJECTIONS) {
      if (this.running().includes(name)) continue;
      if (!this.progress.hasWaiters() && now - (this.lastFollow.get(name) ?? 0) < FOLLOW_IDLE_EVERY_MS)
        continue;
      this.lastFollow.set(name, now);
      const generation = await this.target.currentGeneration(name);
      const checkpoint = await this.target.checkpoint(name, generation);
      if (checkpoint !== undefined && !this.running().includes(name)) this.progress.reached(name, checkpoint);
    }
  }
}
