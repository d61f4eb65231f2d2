import { type EventStore, isAfter } from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import type { Projection } from './projection';
import { ProjectionRunner } from './runner';

export interface RebuildOptions {
  /**
   * Events per batch (see RunnerOptions.batchSize). Larger batches fold more changes per document,
   * but their changes outlive young-generation collections: measured here, 1,000 replays faster than
   * 5,000 and keeps the heap flat.
   */
  batchSize?: number;
  /** After each batch: the position reached and the events read so far. */
  onProgress?: (position: string, events: number) => void;
  /**
   * How long the old generations stay after the switch, so queries already running on them can finish;
   * they are dropped afterwards.
   */
  dropPreviousAfterMs?: number;
}

export interface Rebuilt {
  projection: string;
  previous: number;
  generation: number;
}

const DEFAULT_BATCH = 1000;
/** How often the head of the log is read again while the rebuild has no progress to report. */
const HEAD_EVERY_MS = 100;

/**
 * Builds a new generation of each projection from the whole log, beside the generations in service,
 * in one reading of the log shared by all of them; switches queries to the new generations once they
 * have caught up with the head of the log (which keeps moving while a server writes), then drops the
 * old ones. On failure the new generations are dropped and the old ones stay in service.
 */
export async function rebuildProjections(
  store: EventStore,
  target: ProjectionStore,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<{ events: number; rebuilt: Rebuilt[] }> {
  const rebuilt: Rebuilt[] = [];
  for (const projection of projections) {
    const previous = await target.currentGeneration(projection.name);
    const generation = await target.createGeneration(projection.name);
    rebuilt.push({ projection: projection.name, previous, generation });
  }
  let events = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const runner = new ProjectionRunner(store, target, projections, {
    generations: Object.fromEntries(rebuilt.map((r) => [r.projection, r.generation])),
    batchSize: options.batchSize ?? DEFAULT_BATCH,
    onProgress: (position, count) => {
      events += count;
      options.onProgress?.(position, events);
      wake?.();
    },
    onError: (error) => {
      failure = error;
      wake?.();
    },
  });
  await runner.start();
  for (;;) {
    const head = await store.headPosition();
    if (failure) break;
    if (head === undefined || (runner.position !== undefined && !isAfter(head, runner.position))) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, HEAD_EVERY_MS);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }
  await runner.stop();
  if (failure) {
    for (const { projection, generation } of rebuilt) await target.dropGeneration(projection, generation);
    const previous = rebuilt.map((r) => `${r.projection} g${r.previous}`).join(', ');
    throw new Error(`rebuild failed (${failure.message}); ${previous} stay in service`, { cause: failure });
  }
  for (const { projection, generation } of rebuilt) await target.switchGeneration(projection, generation);
  if (options.dropPreviousAfterMs)
    await new Promise((resolve) => setTimeout(resolve, options.dropPreviousAfterMs));
  for (const { projection, previous } of rebuilt) await target.dropGeneration(projection, previous);
  return { events, rebuilt };
}
