import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AggregateStore, type AggregateType } from '../../../src/commands/aggregate-store';
import { ConcurrencyConflict } from '../../../src/commands/errors';
import type { EventStore, EventToAppend, ExpectedRevision } from '../../../src/eventstore/port';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { Metrics } from '../../../src/observability/metrics';
import { LogCapture } from '../../support/log-capture';
import { parseSamples, sampleValue } from '../../support/prometheus-text';
import { tempDir } from '../../support/temp-dir';

interface Counted {
  type: 'Counted';
  data: { by: string };
}

/** The smallest aggregate: how many times it was counted. */
const counter: AggregateType<number, Counted> = {
  category: 'counter',
  initialState: () => 0,
  evolve: (state) => state + 1,
  parseEvent: (raw) => raw as Counted,
};

const count = (by: string) => () => [{ type: 'Counted' as const, data: { by } }];
const event = (by: string): EventToAppend => ({ id: randomUUID(), type: 'Counted', data: { by } });

/** Another writer that appends to the stream just before each of our appends. */
function contended(store: EventStore): EventStore {
  return Object.assign(Object.create(store) as EventStore, {
    append: async (streamId: string, events: EventToAppend[], expected: ExpectedRevision) => {
      await store.append(streamId, [event('rival')], 'any');
      return store.append(streamId, events, expected);
    },
  });
}

describe('command conflicts in logs and metrics', () => {
  const data = tempDir('chat-conflicts-');
  let store: SqliteEventStore;
  beforeAll(() => {
    store = SqliteEventStore.open(join(data.dir, 'events.db'));
  });
  afterAll(async () => {
    await store.close();
    data.remove();
  });

  const observed = () => {
    const logs = new LogCapture('debug');
    const metrics = new Metrics({ processMetrics: false });
    const retries = async () =>
      sampleValue(parseSamples(await metrics.render()), 'chat_command_conflict_retries_total', {
        aggregate: 'counter',
      });
    return { logs, metrics, retries };
  };

  it('counts a retry after a write by another node, and logs it at debug', async () => {
    const { logs, metrics, retries } = observed();
    const aggregates = new AggregateStore(store, counter, { logger: logs.logger, metrics });
    await aggregates.execute('a', count('us'));
    // Another node writes: our cached revision is now stale, so the next append conflicts once.
    await store.append('counter-a', [event('them')], 0);
    await aggregates.execute('a', count('us'));

    expect(await retries()).toBe(1);
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: 'debug',
        component: 'commands',
        aggregate: 'counter',
        stream: 'counter-a',
        attempt: 1,
      }),
    ]);
    const stored = await store.readStream('counter-a');
    expect(stored.map((e) => e.data.by)).toEqual(['us', 'them', 'us']);
  });

  it('gives up after its attempts with a 409 conflict, logged at warn', async () => {
    const { logs, metrics, retries } = observed();
    const aggregates = new AggregateStore(contended(store), counter, { logger: logs.logger, metrics });
    await expect(aggregates.execute('b', count('us'))).rejects.toBeInstanceOf(ConcurrencyConflict);

    expect(await retries()).toBe(4);
    expect(logs.lines().map((line) => [line.level, line.attempt ?? line.attempts])).toEqual([
      ['debug', 1],
      ['debug', 2],
      ['debug', 3],
      ['debug', 4],
      ['warn', 5],
    ]);
    // The refused command wrote nothing: only the rival's events are stored.
    const stored = await store.readStream('counter-b');
    expect(stored.map((e) => e.data.by)).toEqual(['rival', 'rival', 'rival', 'rival', 'rival']);
  });
});
