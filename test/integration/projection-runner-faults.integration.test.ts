/**
 * The projection runner under failures, on the real embedded stores: a failure ends the run and is
 * reported once with the stretch of the log that failed; the next run (what the supervisor starts)
 * applies one event per batch until past that stretch, so a poison event is named exactly; nothing is
 * skipped and nothing applied twice; once the fault clears the projection catches up on its own.
 */
import { messageId } from '../../src/domain/ids';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { conversationsProjection } from '../../src/projections/conversations';
import { historyProjection } from '../../src/projections/history';
import type { Projection } from '../../src/projections/projection';
import { type ProjectionFailure, ProjectionRunner } from '../../src/projections/runner';
import type { ProjectionStore, ReadModelStore } from '../../src/readmodels/port';
import { openSqliteReadModels } from '../../src/readmodels/sqlite/sqlite-read-model-store';
import { tempDir } from '../support/temp-dir';
import { CONVERSATION, event } from '../unit/domain/conversation-fixtures';

const MESSAGES = 12;
const POISON_SEQ = 7;

async function eventually(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a projection runner that meets a failure', () => {
  const data = tempDir();
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let positions: string[];

  beforeAll(async () => {
    store = SqliteEventStore.open(`${data.dir}/events.db`);
    models = await openSqliteReadModels(`${data.dir}/readmodels.db`);
    const created = await store.append(
      `conversation-${CONVERSATION}`,
      [toAppend(event.created('ann'), 0)],
      'no_stream',
    );
    positions = [created.position];
    for (let seq = 1; seq <= MESSAGES; seq++) {
      const appended = await store.append(
        `conversation-${CONVERSATION}`,
        [toAppend(event.sent(seq, 'ann'), seq)],
        seq - 1,
      );
      positions.push(appended.position);
    }
  });
  afterAll(async () => {
    await store.close();
    await models.close();
    data.remove();
  });

  it('names the poison event, applies everything before it, and catches up once it is readable', async () => {
    let poisoned = true;
    let projected = 0;
    const projection: Projection = {
      ...historyProjection,
      project: (recorded) => {
        if (
          poisoned &&
          recorded.type === 'MessageSent' &&
          (recorded.data as { seq?: number }).seq === POISON_SEQ
        )
          throw new Error('cannot project this event');
        projected++;
        return historyProjection.project(recorded);
      },
    };
    const failures: ProjectionFailure[] = [];
    const runner = new ProjectionRunner(store, models.projections, projection, {
      onError: (failure) => failures.push(failure),
    });
    const poisonPosition = positions[POISON_SEQ] as string;

    await runner.start();
    await eventually(() => failures.length === 1);
    // The first run read the whole log in one batch: the failure names the event that threw.
    expect(failures[0]).toMatchObject({
      projections: ['history'],
      first: poisonPosition,
      last: poisonPosition,
    });
    expect(failures[0]?.eventType).toBe('MessageSent');
    expect(await models.projections.checkpoint('history', 1)).toBeUndefined();

    // The supervisor's next run: one event per batch up to the poison event, which fails again alone.
    await runner.halt();
    await runner.start();
    await eventually(() => failures.length === 2);
    expect(failures[1]).toMatchObject({ first: poisonPosition, last: poisonPosition });
    expect(await models.projections.checkpoint('history', 1)).toBe(positions[POISON_SEQ - 1]);
    const page = await models.readModels.messages(CONVERSATION, { limit: 50 });
    expect(page.messages.map((m) => m.id).reverse()).toEqual(
      [1, 2, 3, 4, 5, 6].map((seq) => messageId(CONVERSATION, seq)),
    );

    // The fault clears: the next run applies the rest, nothing twice, and stays live.
    poisoned = false;
    projected = 0;
    await runner.halt();
    await runner.start();
    await eventually(() => runner.position === positions[MESSAGES]);
    expect(failures).toHaveLength(2);
    expect(projected).toBe(MESSAGES - POISON_SEQ + 1);
    const all = await models.readModels.messages(CONVERSATION, { limit: 50 });
    expect(all.messages).toHaveLength(MESSAGES);
    await runner.stop();
  });
});

describe('a projection runner whose store fails one projection', () => {
  const data = tempDir();
  let store: SqliteEventStore;
  let models: ReadModelStore;
  let head: string;

  beforeAll(async () => {
    store = SqliteEventStore.open(`${data.dir}/events.db`);
    models = await openSqliteReadModels(`${data.dir}/readmodels.db`);
    let written = await store.append(
      `conversation-${CONVERSATION}`,
      [toAppend(event.created('ann'), 0)],
      'no_stream',
    );
    for (let seq = 1; seq <= MESSAGES; seq++) {
      written = await store.append(
        `conversation-${CONVERSATION}`,
        [toAppend(event.sent(seq, 'ann'), seq)],
        seq - 1,
      );
    }
    head = written.position;
  });
  afterAll(async () => {
    await store.close();
    await models.close();
    data.remove();
  });

  it('applies the other projections and resumes the failing one from its own checkpoint', async () => {
    const target = models.projections;
    // New generations: written by the read models' writer thread, as a rebuild writes them.
    const generations = {
      conversations: await target.createGeneration('conversations'),
      history: await target.createGeneration('history'),
    };
    let failing = true;
    const applied: string[] = [];
    const faulty: ProjectionStore = Object.create(target, {
      apply: {
        value: async (...args: Parameters<ProjectionStore['apply']>) => {
          if (failing && args[0] === 'conversations') throw new Error('disk full');
          await target.apply(...args);
          if (args[2].length > 0) applied.push(args[0]);
        },
      },
    });
    const failures: ProjectionFailure[] = [];
    const runner = new ProjectionRunner(store, faulty, [conversationsProjection, historyProjection], {
      generations,
      onError: (failure) => failures.push(failure),
    });
    await runner.start();
    await eventually(() => failures.length > 0);
    await runner.halt();
    expect(failures[0]?.projections).toEqual(['conversations']);
    // The history was applied beside the failing batch, with its own checkpoint.
    expect(await target.checkpoint('history', generations.history)).toBe(head);
    expect(await target.checkpoint('conversations', generations.conversations)).toBeUndefined();

    failing = false;
    applied.length = 0;
    await runner.start();
    await eventually(() => runner.position === head);
    await runner.stop();
    // Only the conversations were applied again: the history resumed after its own checkpoint.
    expect(applied.every((projection) => projection === 'conversations')).toBe(true);
    expect(await target.checkpoint('conversations', generations.conversations)).toBe(head);
  });
});

function toAppend(e: { type: string; data: object }, n: number) {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: e.type,
    data: e.data as Record<string, unknown>,
  };
}
