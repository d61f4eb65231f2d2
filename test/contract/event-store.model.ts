import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  readAllPages,
  WrongExpectedRevisionError,
} from '../../src/eventstore/port';
import type { EventStoreFixture } from './event-store.contract';

/**
 * Model-based test of an event-store adapter: random sequences of appends (right, stale or wrong
 * expected revisions, idempotent re-appends) and reads run against the adapter and against a plain
 * in-memory model of the port's rules, and must agree step by step.
 */
interface Model {
  streams: Map<string, string[]>;
  /** Event ids in log order. */
  log: string[];
  /** The last successful append, to re-append. */
  last?: { streamId: string; events: EventToAppend[]; expected: ExpectedRevision; result: AppendResult };
}

interface Real {
  store: EventStore;
  /** Streams of this run are named `<prefix>-<n>`; the log before the run starts after `start`. */
  prefix: string;
  start: Position | undefined;
}

const STREAMS = 3;
const streamName = (real: Real, index: number) => `${real.prefix}-${index}`;
const revisionOf = (model: Model, streamId: string) => (model.streams.get(streamId)?.length ?? 0) - 1;

type ExpectedKind = 'current' | 'stale' | 'ahead' | 'no_stream' | 'any' | 'stream_exists';

/** The expected revision the command sends, and whether the model accepts it. */
function expectedFor(kind: ExpectedKind, current: number): { expected: ExpectedRevision; ok: boolean } {
  switch (kind) {
    case 'current':
      return { expected: current === -1 ? 'no_stream' : current, ok: true };
    case 'stale':
      return current < 0 ? { expected: 'stream_exists', ok: false } : { expected: current - 1, ok: false };
    case 'ahead':
      return { expected: current + 1, ok: false };
    case 'no_stream':
      return { expected: 'no_stream', ok: current === -1 };
    case 'any':
      return { expected: 'any', ok: true };
    case 'stream_exists':
      return { expected: 'stream_exists', ok: current >= 0 };
  }
}

class Append implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stream: number,
    readonly count: number,
    readonly kind: ExpectedKind,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const streamId = streamName(real, this.stream);
    const current = revisionOf(model, streamId);
    const { expected, ok } = expectedFor(this.kind, current);
    const events = Array.from({ length: this.count }, (_, n) => ({
      id: randomUUID(),
      type: 'Numbered',
      data: { n },
    }));
    if (!ok) {
      await expect(real.store.append(streamId, events, expected)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      return;
    }
    const result = await real.store.append(streamId, events, expected);
    const ids = [...(model.streams.get(streamId) ?? []), ...events.map((e) => e.id)];
    model.streams.set(streamId, ids);
    model.log.push(...events.map((e) => e.id));
    expect(result.revision).toBe(ids.length - 1);
    model.last = { streamId, events, expected, result };
  }
  toString = () => `append(${this.stream}, ${this.count} events, ${this.kind})`;
}

class Reappend implements fc.AsyncCommand<Model, Real> {
  check = (model: Readonly<Model>) =>
    model.last !== undefined &&
    revisionOf(model as Model, model.last.streamId) === model.last.result.revision;
  async run(model: Model, real: Real): Promise<void> {
    const last = model.last as NonNullable<Model['last']>;
    // The same events at the same expected revision: succeeds once, then is a no-op with the same result.
    expect(await real.store.append(last.streamId, last.events, last.expected)).toEqual(last.result);
  }
  toString = () => 'reappend(last)';
}

class ReadStream implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stream: number,
    readonly backwards: boolean,
    readonly from: number | undefined,
    readonly maxCount: number | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const streamId = streamName(real, this.stream);
    const ids = model.streams.get(streamId) ?? [];
    const options = {
      direction: this.backwards ? ('backwards' as const) : ('forwards' as const),
      ...(this.from !== undefined && { fromRevision: Math.min(this.from, Math.max(ids.length - 1, 0)) }),
      ...(this.maxCount !== undefined && { maxCount: this.maxCount }),
    };
    const from = options.fromRevision ?? (this.backwards ? ids.length - 1 : 0);
    const ordered = this.backwards ? ids.slice(0, from + 1).reverse() : ids.slice(from);
    const wanted = ordered.slice(0, this.maxCount ?? ordered.length);
    const read = await real.store.readStream(streamId, options);
    expect(read.map((e) => e.id)).toEqual(wanted);
    expect(read.map((e) => e.revision)).toEqual(wanted.map((id) => ids.indexOf(id)));
  }
  toString = () =>
    `readStream(${this.stream}, ${this.backwards ? 'backwards' : 'forwards'}, from ${this.from}, max ${this.maxCount})`;
}

class ReadAll implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pageSize: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const ids: string[] = [];
    for await (const page of readAllPages(real.store, { after: real.start, pageSize: this.pageSize })) {
      expect(page.length).toBeLessThanOrEqual(this.pageSize);
      ids.push(...page.filter((e) => e.streamId.startsWith(`${real.prefix}-`)).map((e) => e.id));
    }
    expect(ids).toEqual(model.log);
  }
  toString = () => `readAll(pages of ${this.pageSize})`;
}

const commands = [
  fc
    .tuple(
      fc.integer({ min: 0, max: STREAMS - 1 }),
      fc.integer({ min: 1, max: 3 }),
      fc.constantFrom<ExpectedKind>(
        'current',
        'current',
        'stale',
        'ahead',
        'no_stream',
        'any',
        'stream_exists',
      ),
    )
    .map(([stream, count, kind]) => new Append(stream, count, kind)),
  fc.constant(new Reappend()),
  fc
    .tuple(
      fc.integer({ min: 0, max: STREAMS - 1 }),
      fc.boolean(),
      fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    )
    .map(([stream, backwards, from, max]) => new ReadStream(stream, backwards, from, max)),
  fc.integer({ min: 1, max: 7 }).map((size) => new ReadAll(size)),
];

export function eventStoreModelTest(
  name: string,
  open: () => Promise<EventStoreFixture>,
  numRuns = 40,
): void {
  describe(`EventStore against its model: ${name}`, () => {
    let fixture: EventStoreFixture;
    beforeAll(async () => {
      fixture = await open();
    });
    afterAll(() => fixture.cleanup());

    it('agrees with the model on every sequence of appends and reads', async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (sequence) => {
          const real: Real = {
            store: fixture.store,
            prefix: `model${randomUUID().replaceAll('-', '')}`,
            start: await fixture.store.headPosition(),
          };
          await fc.asyncModelRun(() => ({ model: { streams: new Map(), log: [] }, real }), sequence);
        }),
        { numRuns },
      );
    });
  });
}
