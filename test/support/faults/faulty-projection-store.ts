import type { PositionedChange } from '../../../src/projections/changes';
import type { ProjectionStore } from '../../../src/readmodels/port';
import type { FaultPlan } from './fault-plan';

/** A projection store that forwards to a real one under a fault plan: every call can be faulted. */
export class FaultyProjectionStore implements ProjectionStore {
  constructor(
    readonly inner: ProjectionStore,
    readonly plan: FaultPlan,
  ) {}

  currentGeneration(projection: string): Promise<number> {
    return this.plan.run('projectionStore', 'currentGeneration', () =>
      this.inner.currentGeneration(projection),
    );
  }

  checkpoint(projection: string, generation: number): Promise<string | undefined> {
    return this.plan.run('projectionStore', 'checkpoint', () =>
      this.inner.checkpoint(projection, generation),
    );
  }

  apply(
    projection: string,
    generation: number,
    changes: PositionedChange[],
    checkpoint: string,
  ): Promise<void> {
    return this.plan.run('projectionStore', 'apply', () =>
      this.inner.apply(projection, generation, changes, checkpoint),
    );
  }

  createGeneration(projection: string): Promise<number> {
    return this.plan.run('projectionStore', 'createGeneration', () =>
      this.inner.createGeneration(projection),
    );
  }

  switchGeneration(projection: string, generation: number): Promise<void> {
    return this.plan.run('projectionStore', 'switchGeneration', () =>
      this.inner.switchGeneration(projection, generation),
    );
  }

  dropGeneration(projection: string, generation: number): Promise<void> {
    return this.plan.run('projectionStore', 'dropGeneration', () =>
      this.inner.dropGeneration(projection, generation),
    );
  }

  generations(projection: string): Promise<{ generation: number; checkpoint: string | undefined }[]> {
    return this.plan.run('projectionStore', 'generations', () => this.inner.generations(projection));
  }

  claimLease(projection: string, owner: string, ttlMs: number, replacing?: string): Promise<boolean> {
    return this.plan.run('projectionStore', 'claimLease', () =>
      this.inner.claimLease(projection, owner, ttlMs, replacing),
    );
  }

  leaseHolder(projection: string): Promise<string | undefined> {
    return this.plan.run('projectionStore', 'leaseHolder', () => this.inner.leaseHolder(projection));
  }

  releaseLease(projection: string, owner: string): Promise<void> {
    return this.plan.run('projectionStore', 'releaseLease', () => this.inner.releaseLease(projection, owner));
  }
}
