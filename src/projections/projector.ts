import type { EventStore } from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import { PROJECTIONS } from './catalog';
import { ProjectionProgress } from './progress';
import { ProjectionRunner } from './runner';

export interface Projector {
  progress: ProjectionProgress;
  /** Names of the projections that consume events of a stream category. */
  consumersOf(category: string): string[];
  stop(): Promise<void>;
}

/** Runs every projection of the chat API on this node and reports how far each has got. */
export async function startProjector(
  store: EventStore,
  target: ProjectionStore,
  log: (message: string) => void = console.error,
): Promise<Projector> {
  const progress = new ProjectionProgress();
  const runners = PROJECTIONS.map(
    (projection) =>
      new ProjectionRunner(store, target, projection, {
        onProgress: (position) => progress.reached(projection.name, position),
        onError: (error) => log(`${error.message}; queries serve what it had applied`),
      }),
  );
  await Promise.all(runners.map((runner) => runner.start()));
  return {
    progress,
    consumersOf: (category) => PROJECTIONS.filter((p) => p.categories.includes(category)).map((p) => p.name),
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
      progress.close();
    },
  };
}
