import { performance } from 'node:perf_hooks';
import type { Position } from '../../src/eventstore/port';
import type { Projection } from '../../src/projections/projection';
import type { ProjectionStore } from '../../src/readmodels/port';
import type { Stores } from '../../src/stores';
import { withDataDir } from '../seed/conversation-writer';
import { product } from '../support/product';
import { printReport } from './replay-report';

/**
 * Rebuilds every projection of the chat API from the whole log of a data directory, as
 * `npm run projections -- rebuild` does (a new generation beside the one in service, filled by the
 * product's ProjectionRunner in batches of 5,000, switched to once it reaches the head), without that
 * command's progress bar and its wait before dropping the old generation. Prints the time and the peak
 * memory of this process.
 */
async function main(dataDir: string): Promise<void> {
  await withDataDir(dataDir, async (stores) => {
    const started = performance.now();
    let events = 0;
    for (const projection of product.projections) {
      events = Math.max(events, await rebuild(stores, projection));
    }
    const seconds = (performance.now() - started) / 1000;
    printReport({ events, seconds, maxRssKb: process.resourceUsage().maxRSS });
  });
}

async function rebuild(stores: Stores, projection: Projection): Promise<number> {
  const target: ProjectionStore = stores.readModels.projections;
  const previous = await target.currentGeneration(projection.name);
  const generation = await target.createGeneration(projection.name);
  let events = 0;
  let failure: Error | undefined;
  const runner = new product.ProjectionRunner(stores.store, target, projection, {
    generation,
    batchSize: 5000,
    onProgress: (_position, count) => {
      events += count;
    },
    onError: (error) => {
      failure = error;
    },
  });
  const head = await stores.store.headPosition();
  await runner.start();
  // Positions of one store sort in log order, as the projections CLI relies on too.
  const caughtUp = () => {
    const at = runner.position as Position | undefined;
    return head === undefined || (at !== undefined && at >= head);
  };
  while (!failure && !caughtUp()) await new Promise((resolve) => setTimeout(resolve, 10));
  await runner.stop();
  if (failure) throw failure;
  await target.switchGeneration(projection.name, generation);
  await target.dropGeneration(projection.name, previous);
  return events;
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
