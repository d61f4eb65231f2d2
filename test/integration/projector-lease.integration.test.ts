import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createConversation } from '../../src/commands/conversation-handlers';
import { commandDeps } from '../../src/commands/deps';
import { sendMessage } from '../../src/commands/message-handlers';
import type { EphemeralChannel } from '../../src/eventstore/ephemeral';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { PROJECTIONS } from '../../src/projections/catalog';
import { isDeadProcessOfThisHost, processOwner, startProjector } from '../../src/projections/projector';
import { openSqliteReadModels } from '../../src/readmodels/sqlite/sqlite-read-model-store';
import { tempDir } from '../support/temp-dir';

const ephemeral: EphemeralChannel = {
  publish: async () => {},
  subscribe: () => ({ close: async () => {} }),
  close: async () => {},
};
const alice = { user_id: 'alice', username: 'Alice', user_avatar: null };

describe('projector leases: one node runs each projection', () => {
  it('runs every projection on one node, lets the other follow its checkpoints, and hands over on stop', async () => {
    const { dir, remove } = tempDir();
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    // Two nodes: each its own read-model connection to the same file, as two processes would have.
    const [modelsA, modelsB] = await Promise.all([
      openSqliteReadModels(join(dir, 'readmodels.db')),
      openSqliteReadModels(join(dir, 'readmodels.db')),
    ]);
    const nodeA = await startProjector(store, modelsA.projections);
    const nodeB = await startProjector(store, modelsB.projections);
    try {
      expect(nodeA.running().sort()).toEqual(PROJECTIONS.map((p) => p.name).sort());
      expect(nodeB.running()).toEqual([]);

      const deps = commandDeps(store, ephemeral);
      const created = await createConversation(deps, alice, {
        conversation_type: 'group',
        name: 'Team',
        description: null,
        avatar_url: null,
        participant_ids: ['bob'],
      });
      const id = created.value.conversation.conversation_id;
      const sent = await sendMessage(deps, alice, {
        conversation_id: id,
        content: 'hello',
        message_type: 'text',
        reply_to_id: null,
        client_message_id: null,
      });
      // The follower learns the leader's progress: read-your-writes holds on every node.
      const position = sent.position as string;
      expect(await nodeB.progress.waitFor(position, ['history', 'conversations'], 10_000)).toBe(true);
      expect((await modelsB.readModels.messages(id, { limit: 10 })).messages.map((m) => m.content)).toEqual([
        'hello',
      ]);

      await nodeA.stop();
      const deadline = Date.now() + 15_000;
      while (nodeB.running().length < PROJECTIONS.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(nodeB.running().sort()).toEqual(PROJECTIONS.map((p) => p.name).sort());

      const after = await sendMessage(deps, alice, {
        conversation_id: id,
        content: 'after the hand-over',
        message_type: 'text',
        reply_to_id: null,
        client_message_id: null,
      });
      expect(await nodeB.progress.waitFor(after.position as string, ['history'], 10_000)).toBe(true);
      const { messages } = await modelsB.readModels.messages(id, { limit: 10 });
      expect(messages.map((m) => m.content)).toEqual(['after the hand-over', 'hello']);
    } finally {
      await nodeB.stop();
      await nodeA.stop();
      await modelsA.close();
      await modelsB.close();
      await store.close();
      remove();
    }
  }, 60_000);
});

describe('projector leases after a crash', () => {
  it('takes over at once the leases of a process of this host that no longer runs', async () => {
    const { dir, remove } = tempDir();
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const models = await openSqliteReadModels(join(dir, 'readmodels.db'));
    // A process that has exited: its pid names nobody now.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    const dead = processOwner(deadPid, 'killed');
    const alive = processOwner(process.pid, 'other-node');
    try {
      expect(isDeadProcessOfThisHost(dead)).toBe(true);
      expect(isDeadProcessOfThisHost(alive)).toBe(false);
      expect(isDeadProcessOfThisHost(dead.replace(hostname(), 'another-host'))).toBe(false);
      expect(isDeadProcessOfThisHost(dead.replace(/\/\d+\//, '/1/'))).toBe(false);
      for (const name of ['history', 'conversations']) {
        expect(await models.projections.claimLease(name, dead, 600_000)).toBe(true);
      }
      expect(await models.projections.claimLease('users', alive, 600_000)).toBe(true);

      const node = await startProjector(store, models.projections, { leaseTtlMs: 600_000 });
      // The dead process's leases were taken during start (and the free ones); the live holder's is respected.
      expect(node.running().sort()).toEqual([
        'annotations',
        'attachments',
        'conversations',
        'history',
        'reports',
        'search',
      ]);
      await node.stop();
    } finally {
      await models.close();
      await store.close();
      remove();
    }
  });
});
