import { performance } from 'node:perf_hooks';
import { withDataDir } from '../seed/conversation-writer';
import { product } from '../support/product';
import { printReport } from './replay-report';

/**
 * Rebuilds every projection of the chat API from the whole log of a data directory with the product's
 * own rebuild, the one `npm run projections -- rebuild` runs (new generations beside the ones in service,
 * filled in one reading of the log, switched to once they reach the head), without
 * that command's progress bar and its wait before dropping the old generations. Prints the time and the
 * peak memory of this process.
 */
async function main(dataDir: string): Promise<void> {
  await withDataDir(dataDir, async (stores) => {
    // Loaded before the clock starts, as the ceiling opens its database before it: the figure is the
    // rebuild's, not the time node takes to compile its modules.
    const { rebuildProjections, projections } = product;
    const started = performance.now();
    const { events } = await rebuildProjections(stores.store, stores.readModels.projections, projections);
    const seconds = (performance.now() - started) / 1000;
    printReport({ events, seconds, maxRssKb: process.resourceUsage().maxRSS });
  });
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
