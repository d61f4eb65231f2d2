import { join } from 'node:path';
import { changeBlock } from '../../src/commands/block-handlers';
import { createConversation } from '../../src/commands/conversation-handlers';
import { commandDeps } from '../../src/commands/deps';
import { sendMessage } from '../../src/commands/message-handlers';
import { changeBan, changeTimeout } from '../../src/commands/moderation-handlers';
import { reportMessage, resolveReport } from '../../src/commands/report-handlers';
import type { Actor } from '../../src/domain/actor';
import type { EphemeralChannel } from '../../src/eventstore/ephemeral';
import type { EventStore, RecordedEvent } from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { PROJECTIONS } from '../../src/projections/catalog';
import { rebuildProjections } from '../../src/projections/rebuild';
import { reportsProjection } from '../../src/projections/reports';
import type { ReadModelStore } from '../../src/readmodels/port';
import { openSqliteReadModels } from '../../src/readmodels/sqlite/sqlite-read-model-store';
import { tempDir } from '../support/temp-dir';

/**
 * The reports read model is derived from the log alone: written through the command handlers (reports,
 * resolutions, a moderator's deletion, with blocks, timeouts and bans around them), applied live, then
 * rebuilt from the whole log into a new generation, it answers the same.
 */

const NO_EPHEMERAL: EphemeralChannel = {
  publish: async () => {},
  subscribe: () => ({ close: async () => {} }),
  close: async () => {},
};
const who = (user_id: string): Actor => ({ user_id, username: user_id.toUpperCase(), user_avatar: null });

async function wholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events[events.length - 1]?.position, maxCount: 500 });
    events.push(...page);
    if (page.length < 500) return events;
  }
}

/** Applies the whole log to every projection's current generation, as the live runner would. */
async function applyLive(store: EventStore, target: ReadModelStore): Promise<void> {
  const events = await wholeLog(store);
  const last = events[events.length - 1];
  if (!last) return;
  for (const projection of PROJECTIONS) {
    const generation = await target.projections.currentGeneration(projection.name);
    const changes = events.flatMap((event) =>
      projection.project(event).map((change) => ({ change, position: event.position })),
    );
    await target.projections.apply(projection.name, generation, changes, last.position);
  }
}

describe('the reports read model', () => {
  const dir = tempDir('chat-reports-');
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  beforeAll(async () => {
    store = SqliteEventStore.open(join(dir.dir, 'events.db'));
    readModels = await openSqliteReadModels(join(dir.dir, 'readmodels.db'));
  });
  afterAll(async () => {
    await readModels.close();
    await store.close();
    dir.remove();
  });

  it('rebuilt from the log answers as it did live', async () => {
    let clock = Date.parse('2030-01-01T00:00:00.000Z');
    const tick = () => {
      clock += 1000;
      return new Date(clock).toISOString();
    };
    const deps = commandDeps(store, NO_EPHEMERAL, { now: tick });
    const [alice, bob, carol, mod] = ['alice', 'bob', 'carol', 'mod'].map(who) as [
      Actor,
      Actor,
      Actor,
      Actor,
    ];
    const group = await createConversation(deps, alice, {
      conversation_type: 'group',
      name: 'Team',
      description: null,
      avatar_url: null,
      participant_ids: ['bob', 'carol'],
    });
    const id = group.value.conversation.conversation_id;
    const send = async (actor: Actor, content: string) =>
      (
        await sendMessage(deps, actor, {
          conversation_id: id,
          content,
          message_type: 'text',
          reply_to_id: null,
          client_message_id: null,
        })
      ).value.message_id;
    const m1 = await send(bob, 'one');
    const m2 = await send(bob, 'two');
    const m3 = await send(alice, 'three');
    await changeBlock(deps, carol, 'bob', 'block');
    const r1 = (await reportMessage(deps, carol, m1, 'spam')).value.report_id;
    const r2 = (await reportMessage(deps, carol, m2, 'rude')).value.report_id;
    const r3 = (await reportMessage(deps, bob, m3, 'hmm')).value.report_id;
    await changeTimeout(deps, alice, id, 'bob', new Date(clock + 60_000).toISOString());
    await resolveReport(deps, mod, r1, 'message_deleted', 'removed');
    await resolveReport(deps, mod, r3, 'dismissed', null);
    await changeBan(deps, alice, id, 'bob', { ban: true, reason: 'spam' });
    await applyLive(store, readModels);

    const all = () => readModels.readModels.reports({ limit: 200 });
    const live = await all();
    expect(live.map((r) => [r.report_id, r.status, r.outcome, r.message?.is_deleted])).toEqual([
      [r1, 'resolved', 'message_deleted', true],
      [r2, 'open', null, false],
      [r3, 'resolved', 'dismissed', false],
    ]);
    expect(
      (await readModels.readModels.reports({ status: 'open', limit: 200 })).map((r) => r.report_id),
    ).toEqual([r2]);

    await rebuildProjections(store, readModels.projections, [reportsProjection]);
    expect(await all()).toEqual(live);
    // Every projection rebuilt at once (history too, which the reports join): the same again.
    await rebuildProjections(store, readModels.projections, PROJECTIONS);
    expect(await all()).toEqual(live);
  });
});
