import { loadConfig } from '../config/config';
import { type EventStore, type Position, readAllPages } from '../eventstore/port';
import { PROJECTIONS, projectionNamed } from '../projections/catalog';
import type { Projection } from '../projections/projection';
import { rebuildProjections } from '../projections/rebuild';
import type { ProjectionStore } from '../readmodels/port';
import { openStores } from '../stores';
import { parseCommandLine, usageError } from './arguments';
import { ProgressBar } from './progress-bar';

const USAGE = `usage: npm run projections -- status
       npm run projections -- rebuild [${PROJECTIONS.map((p) => p.name).join('|')}]...
status   prints each projection's generation, checkpoint, lag and whether it is caught up, and
         DEGRADED with the failing events and error when a node reports it failing
rebuild  builds a new generation of each projection from the whole log (read once for all of them)
         beside the one in service, switches queries to it once it has caught up, then drops the old
         one (all projections when none is named)`;

/** Seconds the old generation is kept after a switch, so queries already running on it can finish. */
const DROP_DELAY_MS = 5000;

async function main(argv: string[]): Promise<void> {
  const [command, ...names] = parseCommandLine(argv, {}, USAGE).positionals;
  if (command === undefined) {
    console.error(USAGE);
    process.exit(0);
  }
  if (command !== 'status' && command !== 'rebuild') usageError(`unknown command ${command}`, USAGE);
  const projections = names.length > 0 ? names.map(projectionNamed) : [...PROJECTIONS];
  const stores = await openStores(loadConfig());
  try {
    if (command === 'status') await status(stores.store, stores.readModels.projections, projections);
    else await rebuild(stores.store, stores.readModels.projections, projections);
  } finally {
    await stores.close();
  }
}

async function status(store: EventStore, target: ProjectionStore, projections: Projection[]): Promise<void> {
  const head = await store.headPosition();
  console.log(`log head: ${head ?? '(empty log)'}`);
  for (const projection of projections) {
    const current = await target.currentGeneration(projection.name);
    for (const { generation, checkpoint } of await target.generations(projection.name)) {
      const lag = await eventsAfter(store, checkpoint, 100_000);
      const state =
        generation !== current
          ? 'replaying (rebuild in progress)'
          : lag === 0
            ? 'caught up'
            : `replaying, ${lagText(lag)} behind`;
      const marker = generation === current ? '*' : ' ';
      console.log(
        `${marker} ${projection.name.padEnd(14)} generation ${generation}  checkpoint ${checkpoint ?? '(none)'}  lag ${lagText(lag)}  ${state}`,
      );
    }
    const fault = await target.faultOf(projection.name);
    if (fault) {
      const where =
        fault.first === undefined
          ? 'reading the log'
          : `at ${fault.first}${fault.last !== fault.first ? ` to ${fault.last}` : ''}`;
      console.log(
        `  DEGRADED: failing ${where} since ${fault.since} (${fault.failures} failures, on ${fault.owner}): ${fault.error}`,
      );
    }
  }
  console.log('* = the generation queries read');
}

/**
 * Rebuilds the projections together, in one reading of the log: a new generation each, switched to
 * once all have caught up, the old ones dropped a little later.
 */
async function rebuild(store: EventStore, target: ProjectionStore, projections: Projection[]): Promise<void> {
  const label = projections.map((p) => p.name).join(', ');
  const bar = new ProgressBar(label);
  const head = await store.headPosition();
  let read = 0;
  const { events, rebuilt } = await rebuildProjections(store, target, projections, {
    dropPreviousAfterMs: DROP_DELAY_MS,
    onProgress: (position, count) => {
      read = count;
      if (head) bar.update(store.fractionOf(position as Position, head), count);
    },
  }).catch((error: unknown) => {
    if (read > 0) process.stderr.write('\n');
    throw error;
  });
  bar.finish(events);
  for (const { projection, previous, generation } of rebuilt) {
    console.error(`${projection}: generation ${generation} in service (was ${previous}; dropped)`);
  }
}

/** Events after a checkpoint, counted up to `cap` (beyond it the exact number does not matter). */
async function eventsAfter(store: EventStore, checkpoint: string | undefined, cap: number): Promise<number> {
  let count = 0;
  const after = checkpoint === undefined ? undefined : store.parsePosition(checkpoint);
  for await (const page of readAllPages(store, { after, pageSize: 1000 })) {
    count += page.length;
    if (count >= cap) break;
  }
  return count;
}

function lagText(lag: number): string {
  return lag >= 100_000 ? '100,000+ events' : `${lag.toLocaleString('en-US')} events`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
