import { randomUUID } from 'node:crypto';
import { PROJECTIONS, projectionNamed } from '../../src/projections/catalog';
import type { PositionedChange } from '../../src/projections/changes';
import type { ProjectedEvent } from '../../src/projections/projection';
import { type ConversationKey, type ReadModelStore, SearchUnavailable } from '../../src/readmodels/port';
import { searchWords } from '../../src/readmodels/search-text';

export interface ReadModelFixture {
  store: ReadModelStore;
  cleanup: () => Promise<void>;
}

/** Positions as the stores hand them out: fixed width, sorting in log order. */
let counter = 0;
const nextPosition = () => `abcdefabcdef:${(++counter).toString(16).padStart(16, '0')}`;

const T = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

interface Logged extends ProjectedEvent {
  position: string;
}

/** A small fake log: events of one conversation with positions, applied through every projection. */
export class Log {
  readonly events: Logged[] = [];

  add(streamId: string, type: string, data: Record<string, unknown>): Logged {
    const event = { streamId, type, data, position: nextPosition() };
    this.events.push(event);
    return event;
  }

  async applyTo(store: ReadModelStore, events: Logged[] = this.events): Promise<void> {
    for (const projection of PROJECTIONS) {
      const generation = await store.projections.currentGeneration(projection.name);
      await applyProjection(store, projection.name, generation, events);
    }
  }
}

async function applyProjection(store: ReadModelStore, name: string, generation: number, events: Logged[]) {
  const last = events[events.length - 1];
  if (!last) return;
  const projection = projectionNamed(name);
  const changes: PositionedChange[] = events.flatMap((e) =>
    projection.project(e).map((change) => ({ change, position: e.position })),
  );
  await store.projections.apply(name, generation, changes, last.position);
}

export function conversationLog(id: string) {
  const log = new Log();
  const stream = `conversation-${id}`;
  const base = { conversation_id: id };
  log.add(stream, 'ConversationCreated', {
    ...base,
    conversation_type: 'group',
    name: 'Team',
    description: null,
    avatar_url: null,
    created_by: 'alice',
    created_at: T(0),
  });
  for (const user of ['alice', 'bob', 'carol']) {
    log.add(stream, 'ParticipantAdded', {
      ...base,
      user_id: user,
      role: user === 'alice' ? 'admin' : 'member',
      added_by: 'alice',
      added_at: T(0),
      last_read_seq: 0,
    });
  }
  let seq = 0;
  const send = (user: string, content: string, minute: number) => {
    seq++;
    return log.add(stream, 'MessageSent', {
      ...base,
      message_id: `${id}.${seq}`,
      seq,
      user_id: user,
      username: user.toUpperCase(),
      user_avatar: null,
      content,
      message_type: 'text',
      reply_to_id: null,
      client_message_id: null,
      created_at: T(minute),
    });
  };
  const edit = (s: number, user: string, content: string, minute: number) =>
    log.add(stream, 'MessageEdited', {
      ...base,
      message_id: `${id}.${s}`,
      seq: s,
      user_id: user,
      content,
      edited_at: T(minute),
    });
  const remove = (s: number, by: string, minute: number) =>
    log.add(stream, 'MessageDeleted', {
      ...base,
      message_id: `${id}.${s}`,
      seq: s,
      deleted_by: by,
      deleted_at: T(minute),
    });
  return { log, stream, base, send, edit, remove };
}

/**
 * `count` conversations of one new user, three created in each minute so that ties on activity time
 * are ordered by id; `expected` is the list in that order, computed here as a naive model.
 */
function listOfOneUser(count: number) {
  const log = new Log();
  const user = `u${randomUUID().slice(0, 8)}`;
  const activity = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const id = `p${randomUUID().slice(0, 8)}`;
    const at = T(Math.floor(i / 3));
    activity.set(id, at);
    log.add(`conversation-${id}`, 'ConversationCreated', {
      conversation_id: id,
      conversation_type: 'group',
      name: `List ${i}`,
      description: null,
      avatar_url: null,
      created_by: user,
      created_at: at,
    });
    log.add(`conversation-${id}`, 'ParticipantAdded', {
      conversation_id: id,
      user_id: user,
      role: 'admin',
      added_by: user,
      added_at: at,
      last_read_seq: 0,
    });
  }
  const expected = () =>
    [...activity]
      .sort(([ia, a], [ib, b]) => (a === b ? (ia < ib ? -1 : 1) : a < b ? 1 : -1))
      .map(([id]) => id);
  /** A message in `id` at `minute`: the conversation becomes the most recently active. */
  const activate = (id: string, minute: number) => {
    activity.set(id, T(minute));
    return log.add(`conversation-${id}`, 'MessageSent', {
      conversation_id: id,
      message_id: `${id}.1`,
      seq: 1,
      user_id: 'someone',
      username: 'Someone',
      user_avatar: null,
      content: 'wake up',
      message_type: 'text',
      reply_to_id: null,
      client_message_id: null,
      created_at: T(minute),
    });
  };
  return { log, user, expected, activate };
}

/**
 * One conversation whose documents change many times (edits, reads, roles, mutes, names, a member who
 * leaves, deletions) and users whose profile and status change: a redelivered old event would show.
 * User ids are fresh, so the state observed is this log's alone.
 */
function busyLog() {
  const log = new Log();
  const tag = randomUUID().slice(0, 8);
  const id = `b${tag}`;
  const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map((name) => `${name}-${tag}`) as [
    string,
    string,
    string,
    string,
  ];
  const users = [alice, bob, carol, dave];
  const stream = `conversation-${id}`;
  const base = { conversation_id: id };
  let minute = 0;
  const at = () => T(++minute);
  let seq = 0;
  const send = (user: string, content: string) => {
    seq++;
    log.add(stream, 'MessageSent', {
      ...base,
      message_id: `${id}.${seq}`,
      seq,
      user_id: user,
      username: user,
      user_avatar: null,
      content,
      message_type: 'text',
      reply_to_id: null,
      client_message_id: `k${seq}`,
      created_at: at(),
    });
  };
  const edit = (s: number, content: string) =>
    log.add(stream, 'MessageEdited', {
      ...base,
      message_id: `${id}.${s}`,
      seq: s,
      user_id: alice,
      content,
      edited_at: at(),
    });
  const remove = (s: number, by: string) =>
    log.add(stream, 'MessageDeleted', {
      ...base,
      message_id: `${id}.${s}`,
      seq: s,
      deleted_by: by,
      deleted_at: at(),
    });
  const read = (user: string, s: number) =>
    log.add(stream, 'ConversationRead', {
      ...base,
      user_id: user,
      last_read_seq: s,
      last_read_message_id: `${id}.${s}`,
      read_at: at(),
    });
  const add = (user: string, role: string) =>
    log.add(stream, 'ParticipantAdded', {
      ...base,
      user_id: user,
      role,
      added_by: alice,
      added_at: at(),
      last_read_seq: seq,
    });
  const role = (user: string, to: string) =>
    log.add(stream, 'ParticipantRoleChanged', {
      ...base,
      user_id: user,
      role: to,
      changed_by: alice,
      changed_at: at(),
    });
  const profile = (user: string, username: string) =>
    log.add(`user-${user}`, 'UserProfileRecorded', {
      user_id: user,
      username,
      user_avatar: null,
      recorded_at: at(),
    });
  const status = (user: string, to: string, message: string | null = null) =>
    log.add(`user-${user}`, 'PresenceChanged', {
      user_id: user,
      status: to,
      status_message: message,
      changed_at: at(),
    });

  profile(bob, 'Bob');
  log.add(stream, 'ConversationCreated', {
    ...base,
    conversation_type: 'group',
    name: 'Team',
    description: 'first',
    avatar_url: null,
    created_by: alice,
    created_at: at(),
  });
  add(alice, 'admin');
  add(bob, 'member');
  add(carol, 'member');
  status(bob, 'online');
  send(alice, 'm1');
  send(bob, 'm2');
  edit(1, 'm1 v2');
  read(carol, 1);
  log.add(stream, 'ConversationUpdated', { ...base, name: 'Team 2', updated_by: alice, updated_at: at() });
  role(bob, 'admin');
  log.add(stream, 'ParticipantMuted', { ...base, user_id: carol, muted_at: at() });
  status(bob, 'busy', 'focus');
  send(carol, 'm3');
  edit(1, 'm1 v3');
  edit(3, 'm3 v2');
  read(bob, 3);
  profile(bob, 'Bob B.');
  role(bob, 'member');
  log.add(stream, 'ParticipantUnmuted', { ...base, user_id: carol, unmuted_at: at() });
  add(dave, 'member');
  remove(2, bob);
  log.add(stream, 'ConversationUpdated', {
    ...base,
    description: 'second',
    updated_by: alice,
    updated_at: at(),
  });
  status(alice, 'online');
  log.add(stream, 'ParticipantRemoved', { ...base, user_id: dave, removed_by: alice, removed_at: at() });
  send(alice, 'm4');
  send(bob, 'm5');
  remove(5, bob);
  read(carol, 4);
  status(bob, 'offline');
  return { log, id, users };
}

/** The behaviour every read-model store must have. */
export function readModelsContract(name: string, open: () => Promise<ReadModelFixture>): void {
  describe(`ReadModels contract: ${name}`, () => {
    let fixture: ReadModelFixture;
    let store: ReadModelStore;
    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterAll(() => fixture.cleanup());

    it('pages history newest first with an exclusive before_id and no gap or duplicate', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, send } = conversationLog(id);
      for (let i = 1; i <= 25; i++) send(i % 2 ? 'alice' : 'bob', `m${i}`, i);
      await log.applyTo(store);
      const seen: string[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await store.readModels.messages(id, { beforeSeq: before, limit: 10 });
        seen.push(...page.messages.map((m) => m.content));
        const last = page.messages[page.messages.length - 1];
        if (!page.hasMore || !last) break;
        before = Number(last.id.split('.')[1]);
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `m${25 - i}`));
      const first = (await store.readModels.messages(id, { limit: 1 })).messages[0];
      expect(first).toEqual({
        id: `${id}.25`,
        conversation_id: id,
        user_id: 'alice',
        username: 'ALICE',
        user_avatar: null,
        content: 'm25',
        message_type: 'text',
        reply_to_id: null,
        is_edited: false,
        is_deleted: false,
        created_at: T(25),
        edited_at: null,
        client_message_id: null,
        reactions: [],
        reply_count: 0,
        last_reply_at: null,
        is_forwarded: false,
        forwarded_from: null,
        attachments: [],
      });
    });

    it('shows reactions per emoji with counts and the viewer’s own, in the order they first appeared', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, stream, base, send, remove } = conversationLog(id);
      send('alice', 'one', 1);
      send('bob', 'two', 2);
      const react = (
        kind: 'ReactionAdded' | 'ReactionRemoved',
        s: number,
        user: string,
        emoji: string,
        minute: number,
      ) =>
        log.add(stream, kind, {
          ...base,
          message_id: `${id}.${s}`,
          seq: s,
          user_id: user,
          emoji,
          count: 1,
          ...(kind === 'ReactionAdded' ? { reacted_at: T(minute) } : { removed_at: T(minute) }),
        });
      react('ReactionAdded', 1, 'alice', ':b:', 3);
      react('ReactionAdded', 1, 'bob', ':a:', 4);
      react('ReactionAdded', 1, 'carol', ':b:', 5);
      react('ReactionAdded', 2, 'carol', ':c:', 5);
      react('ReactionRemoved', 1, 'alice', ':b:', 6);
      // Same first time: by emoji.
      react('ReactionAdded', 1, 'carol', ':0:', 4);
      await log.applyTo(store);
      const seen = async (viewer?: string) =>
        (await store.readModels.messages(id, { limit: 10, ...(viewer && { viewer }) })).messages.map((m) => [
          m.id,
          m.reactions,
        ]);
      expect(await seen('carol')).toEqual([
        [`${id}.2`, [{ emoji: ':c:', count: 1, me: true }]],
        [
          `${id}.1`,
          [
            { emoji: ':0:', count: 1, me: true },
            { emoji: ':a:', count: 1, me: false },
            { emoji: ':b:', count: 1, me: true },
          ],
        ],
      ]);
      expect((await seen())[1]?.[1]).toEqual([
        { emoji: ':0:', count: 1, me: false },
        { emoji: ':a:', count: 1, me: false },
        { emoji: ':b:', count: 1, me: false },
      ]);
      // A deleted message shows no reactions.
      remove(1, 'alice', 7);
      await log.applyTo(store, log.events.slice(-1));
      expect((await seen('carol'))[1]).toEqual([`${id}.1`, []]);
    });

    it('shows the source of a forwarded copy only to participants of the source conversation', async () => {
      const source = conversationLog(`c${randomUUID().slice(0, 8)}`);
      source.send('alice', 'original', 1);
      const target = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const id = target.base.conversation_id;
      const copy = target.send('bob', 'original', 2);
      const from = {
        conversation_id: source.base.conversation_id,
        message_id: `${source.base.conversation_id}.1`,
        user_id: 'alice',
      };
      copy.data.forwarded_from = from;
      target.send('bob', 'plain', 3);
      await source.log.applyTo(store);
      // dave takes part in the target only.
      target.log.add(target.stream, 'ParticipantAdded', {
        ...target.base,
        user_id: 'dave',
        role: 'member',
        added_by: 'alice',
        added_at: T(4),
        last_read_seq: 0,
      });
      await target.log.applyTo(store);
      const seen = async (viewer?: string) =>
        (await store.readModels.messages(id, { limit: 10, ...(viewer && { viewer }) })).messages.map((m) => [
          m.content,
          m.is_forwarded,
          m.forwarded_from,
        ]);
      expect(await seen('bob')).toEqual([
        ['plain', false, null],
        ['original', true, from],
      ]);
      expect(await seen('dave')).toEqual([
        ['plain', false, null],
        ['original', true, null],
      ]);
      expect((await seen())[1]).toEqual(['original', true, null]);
    });

    it('shows attachments in the order sent, and lets current participants fetch those of messages not deleted', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, stream, base, send, remove } = conversationLog(id);
      const file = (n: number, extra: Record<string, unknown> = {}) => ({
        id: `${id}-att${n}`,
        name: `file${n}.png`,
        size: 100 + n,
        media_type: 'image/png',
        sha256: String(n).repeat(64),
        ...extra,
      });
      send('alice', 'plain', 1);
      const withFiles = send('alice', '', 2);
      withFiles.data.message_type = 'image';
      withFiles.data.attachments = [file(2, { width: 640, height: 480 }), file(1)];
      const doomed = send('bob', 'soon gone', 3);
      doomed.data.message_type = 'file';
      doomed.data.attachments = [file(3)];
      remove(3, 'bob', 4);
      log.add(stream, 'ParticipantRemoved', {
        ...base,
        user_id: 'carol',
        removed_by: 'alice',
        removed_at: T(5),
      });
      await log.applyTo(store);
      const { messages } = await store.readModels.messages(id, { limit: 10 });
      expect(messages.map((m) => [m.id, m.attachments])).toEqual([
        [`${id}.3`, []],
        [`${id}.2`, [file(2, { width: 640, height: 480 }), file(1)]],
        [`${id}.1`, []],
      ]);
      const visible = async (attachment: string, user: string) =>
        store.readModels.attachmentVisibleTo(`${id}-${attachment}`, user);
      expect(await visible('att1', 'alice')).toBe(true);
      expect(await visible('att2', 'bob')).toBe(true);
      // Removed from the conversation, never in it, or the message was deleted: not visible.
      expect(await visible('att1', 'carol')).toBe(false);
      expect(await visible('att1', 'dave')).toBe(false);
      expect(await visible('att3', 'bob')).toBe(false);
      expect(await visible('nothing', 'alice')).toBe(false);
      // A deleted message still referenced its upload.
      expect(await store.readModels.attachmentReferenced(`${id}-att3`)).toBe(true);
      expect(await store.readModels.attachmentReferenced(`${id}-att1`)).toBe(true);
      expect(await store.readModels.attachmentReferenced(`${id}-nothing`)).toBe(false);
    });

    it('counts replies, pages a thread oldest first, and lists pins newest first', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, stream, base, send, remove } = conversationLog(id);
      send('alice', 'question', 1);
      const reply = (user: string, content: string, minute: number, parent = 1) => {
        const sent = send(user, content, minute);
        sent.data.reply_to_id = `${id}.${parent}`;
      };
      reply('bob', 'r1', 2);
      reply('carol', 'r2', 3);
      send('alice', 'aside', 4);
      reply('bob', 'r3', 5);
      reply('alice', 'nested', 6, 2);
      const pin = (kind: 'MessagePinned' | 'MessageUnpinned', s: number, minute: number) =>
        log.add(stream, kind, {
          ...base,
          message_id: `${id}.${s}`,
          seq: s,
          ...(kind === 'MessagePinned'
            ? { pinned_by: 'alice', pinned_at: T(minute) }
            : { unpinned_by: 'alice', unpinned_at: T(minute) }),
        });
      pin('MessagePinned', 1, 7);
      pin('MessagePinned', 4, 8);
      pin('MessagePinned', 2, 9);
      pin('MessageUnpinned', 2, 10);
      pin('MessagePinned', 3, 11);
      remove(5, 'bob', 12);
      await log.applyTo(store);
      const { messages } = await store.readModels.messages(id, { limit: 10 });
      expect(messages.map((m) => [m.id, m.reply_count, m.last_reply_at])).toEqual([
        [`${id}.6`, 0, null],
        [`${id}.5`, 0, null],
        [`${id}.4`, 0, null],
        [`${id}.3`, 0, null],
        [`${id}.2`, 1, T(6)],
        [`${id}.1`, 3, T(5)],
      ]);
      const first = await store.readModels.replies(id, 1, { limit: 2 });
      expect([first.messages.map((m) => m.content), first.hasMore]).toEqual([['r1', 'r2'], true]);
      const rest = await store.readModels.replies(id, 1, { afterSeq: 3, limit: 2 });
      // A deleted reply keeps its place in the thread, emptied.
      expect([rest.messages.map((m) => [m.id, m.content, m.is_deleted]), rest.hasMore]).toEqual([
        [[`${id}.5`, '', true]],
        false,
      ]);
      expect((await store.readModels.replies(id, 4, { limit: 10 })).messages).toEqual([]);
      const pins = await store.readModels.pins(id, 'alice');
      expect(
        pins.map((p) => [p.message.id, p.message.content, p.message.reply_count, p.pinned_by, p.pinned_at]),
      ).toEqual([
        [`${id}.3`, 'r2', 0, 'alice', T(11)],
        [`${id}.4`, 'aside', 0, 'alice', T(8)],
        [`${id}.1`, 'question', 3, 'alice', T(7)],
      ]);
      expect(await store.readModels.pins(`c${randomUUID().slice(0, 8)}`)).toEqual([]);
    });

    it('shows edits and keeps a deleted message in its slot without content', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, send, edit, remove } = conversationLog(id);
      send('alice', 'one', 1);
      send('bob', 'two', 2);
      edit(1, 'alice', 'uno', 3);
      remove(2, 'bob', 4);
      await log.applyTo(store);
      const { messages } = await store.readModels.messages(id, { limit: 10 });
      expect(messages.map((m) => [m.id, m.content, m.is_edited, m.is_deleted, m.edited_at])).toEqual([
        [`${id}.2`, '', false, true, null],
        [`${id}.1`, 'uno', true, false, T(3)],
      ]);
    });

    it('erases a user: their earlier messages, previews and name lose their text; later ones and others stay', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const erin = `erin${randomUUID().slice(0, 8)}`;
      const { log, send } = conversationLog(id);
      send(erin, 'erinword one', 1);
      send('bob', 'bobword two', 2);
      send(erin, 'erinword three', 3);
      log.add(`user-${erin}`, 'UserProfileRecorded', {
        user_id: erin,
        username: 'Erin',
        user_avatar: 'https://a/e.png',
        recorded_at: T(3),
      });
      const erased = log.add(`user-${erin}`, 'UserErased', {
        user_id: erin,
        erased_by: erin,
        erased_at: T(4),
      });
      send(erin, 'erinword later', 5);
      await log.applyTo(store);
      const rows = async () => (await store.readModels.messages(id, { limit: 10 })).messages;
      const before = await rows();
      expect(before.map((m) => [m.content, m.username, m.user_avatar])).toEqual([
        ['erinword later', erin.toUpperCase(), null],
        ['', 'Deleted user', null],
        ['bobword two', 'BOB', null],
        ['', 'Deleted user', null],
      ]);
      // The search rows are erased alike (where the server can search text: FerretDB cannot).
      const found = await store.readModels
        .search('bob', { words: searchWords('erinword'), limit: 10 })
        .catch((error: unknown) => {
          if (error instanceof SearchUnavailable) return undefined;
          throw error;
        });
      if (found) expect(found.hits.map((h) => h.content)).toEqual(['erinword later']);
      // Redelivered, the erasure leaves the later message alone.
      await log.applyTo(store, [erased]);
      expect(await rows()).toEqual(before);
    });

    it('erases the preview of a conversation whose last message is the erased user’s', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const erin = `erin${randomUUID().slice(0, 8)}`;
      const { log, send } = conversationLog(id);
      send('bob', 'hello', 1);
      send(erin, 'erin last words', 2);
      log.add(`user-${erin}`, 'UserErased', { user_id: erin, erased_by: 'po', erased_at: T(3) });
      await log.applyTo(store);
      const view = await store.readModels.conversationOf('bob', id);
      expect(view?.last_message).toMatchObject({ content: '', username: 'Deleted user' });
    });

    it('is idempotent: replaying any suffix of the log changes nothing', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, stream, base, send, edit } = conversationLog(id);
      send('alice', 'one', 1);
      send('bob', 'two', 2);
      edit(1, 'alice', 'uno', 3);
      log.add(stream, 'ConversationRead', {
        ...base,
        user_id: 'carol',
        last_read_seq: 1,
        last_read_message_id: `${id}.1`,
        read_at: T(4),
      });
      await log.applyTo(store);
      const before = {
        messages: await store.readModels.messages(id, { limit: 10 }),
        carol: await store.readModels.conversationOf('carol', id),
        participants: await store.readModels.participants(id),
      };
      await log.applyTo(store, log.events.slice(3));
      await log.applyTo(store, log.events.slice(5));
      expect({
        messages: await store.readModels.messages(id, { limit: 10 }),
        carol: await store.readModels.conversationOf('carol', id),
        participants: await store.readModels.participants(id),
      }).toEqual(before);
    });

    it('is unchanged when an old event or a middle slice of the log is redelivered after later ones', async () => {
      const { log, id, users } = busyLog();
      const [alice, bob, carol] = users as [string, string, string];
      const observe = async () => ({
        history: await store.readModels.messages(id, { limit: 50 }),
        participants: await store.readModels.participants(id),
        views: await Promise.all(
          users.map(async (user) => ({
            user,
            one: await store.readModels.conversationOf(user, id),
            list: (await store.readModels.conversationsOf(user, { limit: 1000 })).conversations.filter(
              (c) => c.id === id,
            ),
            ids: (await store.readModels.conversationIdsOf(user)).filter((c) => c === id),
            member: await store.readModels.isParticipant(id, user),
            presence: await store.readModels.presenceOf(user),
          })),
        ),
        online: (await store.readModels.onlineUsers()).filter((u) => users.includes(u.user_id)),
      });
      await log.applyTo(store);
      const before = await observe();
      // The state is the one the log describes, so that a regression to an older one shows.
      expect(before.history.messages.map((m) => [m.content, m.is_edited, m.is_deleted])).toEqual([
        ['', false, true],
        ['m4', false, false],
        ['m3 v2', true, false],
        ['', false, true],
        ['m1 v3', true, false],
      ]);
      expect(before.participants.map((p) => [p.user_id, p.role, p.is_muted, p.last_read_message_id])).toEqual(
        [
          [alice, 'admin', false, `${id}.4`],
          [bob, 'member', false, `${id}.5`],
          [carol, 'member', false, `${id}.4`],
        ],
      );
      expect(before.views[2]?.one).toMatchObject({ name: 'Team 2', description: 'second', unread_count: 0 });
      expect(before.views[0]?.one?.unread_count).toBe(0);
      expect(before.views[3]?.member).toBe(false);
      expect(before.online.map((u) => [u.user_id, u.status])).toEqual([[alice, 'online']]);
      expect(before.views[1]?.presence).toMatchObject({ username: 'Bob B.', status: 'offline' });

      const events = log.events;
      const redeliveries: [string, Logged[]][] = [];
      for (let i = 0; i < events.length - 1; i++) redeliveries.push([`event ${i}`, [events[i] as Logged]]);
      for (let i = 1; i < events.length - 2; i += 3) {
        for (const length of [2, 7]) {
          const end = Math.min(i + length, events.length - 1);
          redeliveries.push([`events ${i} to ${end - 1}`, events.slice(i, end)]);
        }
      }
      for (const [redelivered, slice] of redeliveries) {
        await log.applyTo(store, slice);
        expect({ redelivered, state: await observe() }).toEqual({ redelivered, state: before });
      }
    });

    it('lists a user’s conversations by recent activity with unread counts and the last message', async () => {
      const a = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const b = conversationLog(`c${randomUUID().slice(0, 8)}`);
      a.send('alice', 'a1', 10);
      a.send('bob', 'a2', 11);
      a.send('bob', 'a3', 12);
      b.send('carol', 'b1', 20);
      a.log.add(a.stream, 'ConversationRead', {
        ...a.base,
        user_id: 'carol',
        last_read_seq: 1,
        last_read_message_id: `${a.base.conversation_id}.1`,
        read_at: T(13),
      });
      await a.log.applyTo(store);
      await b.log.applyTo(store);
      const forCarol = (
        await store.readModels.conversationsOf('carol', { limit: 1000 })
      ).conversations.filter((c) => [a.base.conversation_id, b.base.conversation_id].includes(c.id));
      expect(forCarol.map((c) => [c.id, c.unread_count])).toEqual([
        [b.base.conversation_id, 0],
        [a.base.conversation_id, 2],
      ]);
      const forBob = await store.readModels.conversationOf('bob', a.base.conversation_id);
      // Bob sent a3: own messages never count, and sending reads what came before.
      expect(forBob?.unread_count).toBe(0);
      const forAlice = await store.readModels.conversationOf('alice', a.base.conversation_id);
      expect(forAlice).toMatchObject({
        unread_count: 2,
        role: 'admin',
        is_muted: false,
        name: 'Team',
        user_id: 'alice',
        conversation_type: 'group',
        is_active: true,
        last_message_at: T(12),
        last_message: {
          id: `${a.base.conversation_id}.3`,
          user_id: 'bob',
          content: 'a3',
          is_deleted: false,
          created_at: T(12),
        },
      });
    });

    /** Walks a user's list page by page, as a client follows X-Next-Before: the ids of each page. */
    async function pagesOf(user: string, limit: number): Promise<string[][]> {
      const pages: string[][] = [];
      let before: ConversationKey | undefined;
      do {
        const page = await store.readModels.conversationsOf(user, { before, limit });
        pages.push(page.conversations.map((c) => c.id));
        before = page.next;
      } while (before && pages.length <= 100);
      return pages;
    }

    it('pages a user’s conversations most recently active first, each exactly once', async () => {
      const list = listOfOneUser(23);
      await list.log.applyTo(store);
      const pages = await pagesOf(list.user, 5);
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(list.expected());
      // A page carries the same views as asking for each conversation alone.
      const first = await store.readModels.conversationsOf(list.user, { limit: 5 });
      const alone = await Promise.all(
        first.conversations.map((c) => store.readModels.conversationOf(list.user, c.id)),
      );
      expect(first.conversations).toEqual(alone);
    });

    it('answers at most `limit` conversations, and says there are more only when there are', async () => {
      const list = listOfOneUser(7);
      await list.log.applyTo(store);
      expect(await pagesOf(list.user, 1)).toEqual(list.expected().map((id) => [id]));
      expect(await pagesOf(list.user, 7)).toEqual([list.expected()]);
      expect(await pagesOf(list.user, 6)).toEqual([list.expected().slice(0, 6), list.expected().slice(6)]);
      expect(await pagesOf(list.user, 200)).toEqual([list.expected()]);
      expect(await store.readModels.conversationsOf(`nobody-${randomUUID()}`, { limit: 50 })).toEqual({
        conversations: [],
        next: undefined,
      });
    });

    it('keeps a cursor valid when conversations become active: one further on moves to the start and is not repeated', async () => {
      const list = listOfOneUser(10);
      await list.log.applyTo(store);
      const before = list.expected();
      const first = await store.readModels.conversationsOf(list.user, { limit: 4 });
      expect(first.conversations.map((c) => c.id)).toEqual(before.slice(0, 4));
      // One already shown and one still to come receive messages.
      const shown = before[1] as string;
      const ahead = before[7] as string;
      await list.log.applyTo(store, [list.activate(shown, 100), list.activate(ahead, 101)]);
      const rest: string[] = [];
      let next = first.next;
      while (next) {
        const page = await store.readModels.conversationsOf(list.user, { before: next, limit: 4 });
        rest.push(...page.conversations.map((c) => c.id));
        next = page.next;
      }
      // Nothing shifts (an offset would skip one), the one that woke up is not shown twice.
      expect(rest).toEqual(before.slice(4).filter((id) => id !== ahead));
      const fresh = await store.readModels.conversationsOf(list.user, { limit: 3 });
      expect(fresh.conversations.map((c) => c.id)).toEqual([ahead, shown, before[0]]);
      expect(fresh.conversations[0]?.last_message?.content).toBe('wake up');
    });

    it('pages alike for a user in nearly every recent conversation and for one in a few', async () => {
      // Later than every other conversation of the suite, so that these are the most recent ones.
      const at = (i: number) => new Date(Date.UTC(2030, 0, 1, 0, Math.floor(i / 3))).toISOString();
      const log = new Log();
      const [dense, sparse] = [`d${randomUUID().slice(0, 8)}`, `s${randomUUID().slice(0, 8)}`];
      const activity: [string, string, string[]][] = [];
      for (let i = 0; i < 40; i++) {
        const id = `r${randomUUID().slice(0, 8)}`;
        const members = [dense, ...(i % 13 === 0 ? [sparse] : [])];
        activity.push([id, at(i), members]);
        log.add(`conversation-${id}`, 'ConversationCreated', {
          conversation_id: id,
          conversation_type: 'group',
          name: null,
          description: null,
          avatar_url: null,
          created_by: dense,
          created_at: at(i),
        });
        for (const user of members) {
          log.add(`conversation-${id}`, 'ParticipantAdded', {
            conversation_id: id,
            user_id: user,
            role: 'member',
            added_by: dense,
            added_at: at(i),
            last_read_seq: 0,
          });
        }
      }
      await log.applyTo(store);
      const listOf = (user: string) =>
        activity
          .filter(([, , members]) => members.includes(user))
          .sort(([ia, a], [ib, b]) => (a === b ? (ia < ib ? -1 : 1) : a < b ? 1 : -1))
          .map(([id]) => id);
      for (const limit of [1, 2, 5, 50]) {
        expect((await pagesOf(dense, limit)).flat()).toEqual(listOf(dense));
        expect((await pagesOf(sparse, limit)).flat()).toEqual(listOf(sparse));
      }
      expect(listOf(sparse)).toHaveLength(4);
    });

    it('lists every conversation id of a user, without those they left', async () => {
      const list = listOfOneUser(60);
      const left = list.expected()[59] as string;
      list.log.add(`conversation-${left}`, 'ParticipantRemoved', {
        conversation_id: left,
        user_id: list.user,
        removed_by: list.user,
        removed_at: T(30),
      });
      await list.log.applyTo(store);
      const ids = await store.readModels.conversationIdsOf(list.user);
      expect([...ids].sort()).toEqual(
        list
          .expected()
          .filter((id) => id !== left)
          .sort(),
      );
      expect((await pagesOf(list.user, 50)).flat()).toEqual(list.expected().filter((id) => id !== left));
      expect(await store.readModels.conversationIdsOf(`nobody-${randomUUID()}`)).toEqual([]);
    });

    it('does not count a deleted message as unread and updates the preview', async () => {
      const c = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const id = c.base.conversation_id;
      c.send('bob', 'one', 1);
      c.send('bob', 'two', 2);
      c.remove(2, 'bob', 3);
      await c.log.applyTo(store);
      const view = await store.readModels.conversationOf('alice', id);
      expect(view?.unread_count).toBe(1);
      expect(view?.last_message).toMatchObject({ id: `${id}.2`, content: '', is_deleted: true });
    });

    it('lists participants with names, roles and read receipts; removed ones disappear', async () => {
      const c = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const id = c.base.conversation_id;
      c.send('alice', 'hi', 1);
      c.log.add(c.stream, 'ConversationRead', {
        ...c.base,
        user_id: 'bob',
        last_read_seq: 1,
        last_read_message_id: `${id}.1`,
        read_at: T(2),
      });
      c.log.add(c.stream, 'ParticipantRemoved', {
        ...c.base,
        user_id: 'carol',
        removed_by: 'alice',
        removed_at: T(3),
      });
      c.log.add(c.stream, 'ParticipantMuted', { ...c.base, user_id: 'bob', muted_at: T(4) });
      c.log.add('user-bob', 'UserProfileRecorded', {
        user_id: 'bob',
        username: 'Bob B.',
        user_avatar: 'https://x/b.png',
        recorded_at: T(0),
      });
      await c.log.applyTo(store);
      const participants = await store.readModels.participants(id);
      expect(participants.map((p) => [p.user_id, p.role, p.is_muted, p.last_read_message_id])).toEqual([
        ['alice', 'admin', false, `${id}.1`],
        ['bob', 'member', true, `${id}.1`],
      ]);
      expect(participants[1]).toMatchObject({
        username: 'Bob B.',
        user_avatar: 'https://x/b.png',
        last_read_at: T(2),
      });
      expect(await store.readModels.isParticipant(id, 'carol')).toBe(false);
      expect(await store.readModels.isParticipant(id, 'bob')).toBe(true);
      expect(await store.readModels.conversationOf('carol', id)).toBeUndefined();
    });

    it('lists users whose chosen status is online, away or busy', async () => {
      const log = new Log();
      const [u1, u2, u3] = [randomUUID(), randomUUID(), randomUUID()];
      log.add(`user-${u1}`, 'UserProfileRecorded', {
        user_id: u1,
        username: 'One',
        user_avatar: null,
        recorded_at: T(0),
      });
      log.add(`user-${u1}`, 'PresenceChanged', {
        user_id: u1,
        status: 'busy',
        status_message: 'deep work',
        changed_at: T(1),
      });
      log.add(`user-${u2}`, 'PresenceChanged', {
        user_id: u2,
        status: 'online',
        status_message: null,
        changed_at: T(2),
      });
      log.add(`user-${u2}`, 'PresenceChanged', {
        user_id: u2,
        status: 'offline',
        status_message: null,
        changed_at: T(3),
      });
      log.add(`user-${u3}`, 'UserProfileRecorded', {
        user_id: u3,
        username: 'Three',
        user_avatar: null,
        recorded_at: T(0),
      });
      await log.applyTo(store);
      const online = (await store.readModels.onlineUsers()).filter((u) =>
        ([u1, u2, u3] as string[]).includes(u.user_id),
      );
      expect(online).toEqual([
        {
          user_id: u1,
          username: 'One',
          user_avatar: null,
          status: 'busy',
          status_message: 'deep work',
          last_active: T(1),
          updated_at: T(1),
        },
      ]);
      expect((await store.readModels.presenceOf(u3))?.status).toBe('offline');
    });

    it('lists reports oldest first by status, with the reported message as history has it now', async () => {
      const id = randomUUID().replace(/-/g, '');
      const { log, send, edit, remove } = conversationLog(id);
      send('alice', 'first', 1);
      send('alice', 'second', 2);
      edit(1, 'alice', 'first, edited', 3);
      const [r1, r2, r3] = [randomUUID(), randomUUID(), randomUUID()];
      const reported = (report: string, seq: number, minute: number) =>
        log.add(`report-${report}`, 'MessageReported', {
          report_id: report,
          conversation_id: id,
          message_id: `${id}.${seq}`,
          message_user_id: 'alice',
          reported_by: 'bob',
          reason: `reason ${seq}`,
          reported_at: T(minute),
        });
      reported(r1, 1, 6);
      reported(r2, 2, 4);
      // A message history does not have (yet): the report stands, without a message.
      reported(r3, 9, 5);
      remove(2, 'moderator', 7);
      log.add(`report-${r2}`, 'ReportResolved', {
        report_id: r2,
        outcome: 'message_deleted',
        note: 'spam',
        resolved_by: 'moderator',
        resolved_at: T(7),
      });
      await log.applyTo(store);
      const ours = async (status?: 'open' | 'resolved') =>
        (await store.readModels.reports({ ...(status && { status }), limit: 200 })).filter((r) =>
          ([r1, r2, r3] as string[]).includes(r.report_id),
        );
      const open = await ours('open');
      expect(open.map((r) => r.report_id)).toEqual([r3, r1]);
      expect(open[1]).toEqual({
        report_id: r1,
        status: 'open',
        reason: 'reason 1',
        reported_by: 'bob',
        reported_at: T(6),
        conversation_id: id,
        message_id: `${id}.1`,
        message: {
          id: `${id}.1`,
          user_id: 'alice',
          username: 'ALICE',
          content: 'first, edited',
          message_type: 'text',
          is_edited: true,
          is_deleted: false,
          created_at: T(1),
        },
        outcome: null,
        note: null,
        resolved_by: null,
        resolved_at: null,
      });
      expect(open[0]?.message).toBeNull();
      expect(await ours('resolved')).toEqual([
        expect.objectContaining({
          report_id: r2,
          status: 'resolved',
          outcome: 'message_deleted',
          note: 'spam',
          resolved_by: 'moderator',
          resolved_at: T(7),
          message: expect.objectContaining({ is_deleted: true, content: '' }),
        }),
      ]);
      expect((await ours()).map((r) => r.report_id)).toEqual([r2, r3, r1]);
      // Redelivered, the log changes nothing.
      const before = await ours();
      await log.applyTo(store);
      expect(await ours()).toEqual(before);
    });

    it("empties an erased reporter's reasons and an erased moderator's notes", async () => {
      const id = randomUUID().replace(/-/g, '');
      const { log, send } = conversationLog(id);
      send('alice', 'first', 1);
      const [reporter, other, moderator] = [randomUUID(), randomUUID(), randomUUID()];
      const [r1, r2] = [randomUUID(), randomUUID()];
      const report = (reportId: string, by: string) =>
        log.add(`report-${reportId}`, 'MessageReported', {
          report_id: reportId,
          conversation_id: id,
          message_id: `${id}.1`,
          message_user_id: 'alice',
          reported_by: by,
          reason: `said by ${by}`,
          reported_at: T(2),
        });
      report(r1, reporter);
      report(r2, other);
      for (const reportId of [r1, r2])
        log.add(`report-${reportId}`, 'ReportResolved', {
          report_id: reportId,
          outcome: 'dismissed',
          note: 'looked at it',
          resolved_by: moderator,
          resolved_at: T(3),
        });
      log.add(`user-${reporter}`, 'UserErased', { user_id: reporter, erased_by: reporter, erased_at: T(4) });
      log.add(`user-${moderator}`, 'UserErased', { user_id: moderator, erased_by: 'po', erased_at: T(4) });
      await log.applyTo(store);
      const rows = (await store.readModels.reports({ status: 'resolved', limit: 200 })).filter((r) =>
        [r1, r2].includes(r.report_id as typeof r1),
      );
      const byId = new Map(rows.map((r) => [r.report_id, [r.reason, r.note]]));
      expect(byId).toEqual(
        new Map([
          [r1, ['', null]],
          [r2, [`said by ${other}`, null]],
        ]),
      );
    });

    it('finds the direct conversation of a pair', async () => {
      const log = new Log();
      const id = `dm_${randomUUID().replace(/-/g, '')}`;
      const [a, b] = [randomUUID(), randomUUID()];
      const stream = `conversation-${id}`;
      log.add(stream, 'ConversationCreated', {
        conversation_id: id,
        conversation_type: 'direct',
        name: null,
        description: null,
        avatar_url: null,
        created_by: a,
        created_at: T(0),
      });
      for (const user of [a, b]) {
        log.add(stream, 'ParticipantAdded', {
          conversation_id: id,
          user_id: user,
          role: 'member',
          added_by: a,
          added_at: T(0),
        });
      }
      await log.applyTo(store);
      expect(await store.readModels.directConversation(a, b)).toBe(id);
      expect(await store.readModels.directConversation(b, a)).toBe(id);
      expect(await store.readModels.directConversation(a, randomUUID())).toBeUndefined();
      expect(await store.readModels.directConversation(a, a)).toBeUndefined();
    });

    it('keeps checkpoints and builds a new generation beside the one in service', async () => {
      const c = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const id = c.base.conversation_id;
      c.send('alice', 'one', 1);
      await c.log.applyTo(store);
      const current = await store.projections.currentGeneration('history');
      const last = c.log.events[c.log.events.length - 1]?.position;
      expect(await store.projections.checkpoint('history', current)).toBe(last);
      // A checkpoint behind the stored one (a late retry of an earlier batch) does not move it back.
      const first = c.log.events[0]?.position as string;
      expect(first < (last as string)).toBe(true);
      await store.projections.apply('history', current, [], first);
      expect(await store.projections.checkpoint('history', current)).toBe(last);

      const next = await store.projections.createGeneration('history');
      expect(next).toBeGreaterThan(current);
      expect(await store.projections.checkpoint('history', next)).toBeUndefined();
      // Queries keep reading the generation in service while the new one fills.
      c.send('alice', 'two', 2);
      await applyProjection(store, 'history', next, c.log.events);
      expect((await store.readModels.messages(id, { limit: 10 })).messages.map((m) => m.content)).toEqual([
        'one',
      ]);
      await store.projections.switchGeneration('history', next);
      expect((await store.readModels.messages(id, { limit: 10 })).messages.map((m) => m.content)).toEqual([
        'two',
        'one',
      ]);
      expect((await store.projections.generations('history')).map((g) => g.generation)).toEqual(
        expect.arrayContaining([current, next]),
      );
      await store.projections.dropGeneration('history', current);
      expect((await store.projections.generations('history')).map((g) => g.generation)).not.toContain(
        current,
      );
      expect(await store.projections.currentGeneration('history')).toBe(next);
    });

    it('lets one owner at a time hold a projection lease until it expires or is released', async () => {
      const projection = `lease-${randomUUID()}`;
      expect(await store.projections.claimLease(projection, 'node-a', 60_000)).toBe(true);
      expect(await store.projections.claimLease(projection, 'node-b', 60_000)).toBe(false);
      expect(await store.projections.claimLease(projection, 'node-a', 60_000)).toBe(true);
      await store.projections.releaseLease(projection, 'node-b');
      expect(await store.projections.claimLease(projection, 'node-b', 60_000)).toBe(false);
      await store.projections.releaseLease(projection, 'node-a');
      expect(await store.projections.claimLease(projection, 'node-b', 50)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.projections.claimLease(projection, 'node-a', 60_000)).toBe(true);
      expect(await store.projections.claimLease(projection, 'node-b', 60_000)).toBe(false);
    });

    it('records, reads back and clears a projection fault', async () => {
      const projection = `fault-${randomUUID()}`;
      expect(await store.projections.faultOf(projection)).toBeUndefined();
      const fault = {
        owner: 'node-a',
        error: 'cannot project this event',
        since: '2024-03-01T12:00:00.000Z',
        failures: 3,
        first: 'p1',
        last: 'p1',
      };
      await store.projections.reportFault(projection, fault);
      expect(await store.projections.faultOf(projection)).toEqual(fault);
      await store.projections.reportFault(projection, { ...fault, failures: 4 });
      expect((await store.projections.faultOf(projection))?.failures).toBe(4);
      await store.projections.reportFault(projection, undefined);
      expect(await store.projections.faultOf(projection)).toBeUndefined();
    });

    it('names the holder of an unexpired lease, and lets a node replace a holder it knows is dead', async () => {
      const projection = `lease-${randomUUID()}`;
      expect(await store.projections.leaseHolder(projection)).toBeUndefined();
      expect(await store.projections.claimLease(projection, 'node-a', 60_000)).toBe(true);
      expect(await store.projections.leaseHolder(projection)).toBe('node-a');
      expect(await store.projections.claimLease(projection, 'node-b', 60_000, 'node-c')).toBe(false);
      expect(await store.projections.claimLease(projection, 'node-b', 60_000, 'node-a')).toBe(true);
      expect(await store.projections.leaseHolder(projection)).toBe('node-b');
      expect(await store.projections.claimLease(projection, 'node-a', 60_000)).toBe(false);
      await store.projections.releaseLease(projection, 'node-b');
      expect(await store.projections.leaseHolder(projection)).toBeUndefined();
    });
  });
}
