import { createConversation } from '../../../src/commands/conversation-handlers';
import { directConversationId } from '../../../src/commands/direct-conversation-id';
import {
  deleteMessage,
  editMessage,
  markRead,
  type SendMessageInput,
  sendDirectMessage,
  sendMessage,
} from '../../../src/commands/message-handlers';
import { setPresence, setTyping } from '../../../src/commands/presence-handlers';
import type { Actor } from '../../../src/domain/actor';
import {
  CannotMessageYourself,
  ConversationNotFound,
  MessageNotFound,
  NotAParticipant,
  NotMessageAuthor,
} from '../../../src/domain/errors';
import { actor, conversationEvents, createGroup, harnessPerTest } from '../../support/command-harness';

const alice = actor('alice', 'Alice');
const bob = actor('bob', 'Bob');
const carol = actor('carol', 'Carol');

const h = harnessPerTest();

function text(
  conversationId: string,
  content: string,
  clientMessageId: string | null = null,
): SendMessageInput {
  return {
    conversation_id: conversationId,
    content,
    message_type: 'text',
    reply_to_id: null,
    client_message_id: clientMessageId,
  };
}

const group = (deps = h.node(), creator: Actor = alice, others: string[] = ['bob']) =>
  createGroup(deps, creator, others, 'team');

describe('conversation and message handlers on the embedded store', () => {
  it('creates a group: ConversationCreated then one ParticipantAdded each, creator admin', async () => {
    const deps = h.node();
    const result = await createConversation(deps, alice, {
      conversation_type: 'group',
      name: 'team',
      description: 'd',
      avatar_url: null,
      participant_ids: ['bob', 'carol', 'bob', 'alice'],
    });
    expect(result.created).toBe(true);
    expect(result.position).toBeDefined();
    const id = result.value.conversation.conversation_id;
    expect(id).toBe('c1');
    expect(result.value.participants.map((p) => [p.user_id, p.role])).toEqual([
      ['alice', 'admin'],
      ['bob', 'member'],
      ['carol', 'member'],
    ]);
    const events = await conversationEvents(h.store, id);
    expect(events.map((e) => e.type)).toEqual([
      'ConversationCreated',
      'ParticipantAdded',
      'ParticipantAdded',
      'ParticipantAdded',
    ]);
    expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(events[0]?.data).toMatchObject({
      conversation_id: id,
      conversation_type: 'group',
      created_by: 'alice',
    });
  });

  it('sends, edits, deletes and marks read, appending in order with ids <conversation>.<seq>', async () => {
    const deps = h.node();
    const id = await group(deps, alice, ['bob', 'carol']);

    const first = await sendMessage(deps, alice, text(id, 'hello'));
    const second = await sendMessage(deps, bob, text(id, 'hi alice'));
    const reply = await sendMessage(deps, carol, { ...text(id, 'hey'), reply_to_id: first.value.message_id });
    expect([first, second, reply].map((r) => [r.value.message_id, r.value.seq, r.created])).toEqual([
      [`${id}.1`, 1, true],
      [`${id}.2`, 2, true],
      [`${id}.3`, 3, true],
    ]);
    expect(reply.value.reply_to_id).toBe(`${id}.1`);
    expect(second.value).toMatchObject({
      user_id: 'bob',
      username: 'Bob',
      content: 'hi alice',
      conversation_id: id,
    });

    const edited = await editMessage(deps, alice, `${id}.1`, 'hello, world');
    expect(edited.value).toMatchObject({
      message_id: `${id}.1`,
      seq: 1,
      content: 'hello, world',
      user_id: 'alice',
    });
    await expect(editMessage(deps, bob, `${id}.1`, 'hijack')).rejects.toBeInstanceOf(NotMessageAuthor);
    await expect(editMessage(deps, alice, `${id}.9`, 'nope')).rejects.toBeInstanceOf(MessageNotFound);

    // Bob is not an admin: he cannot delete Carol's message, only his own.
    await expect(deleteMessage(deps, bob, `${id}.3`)).rejects.toBeInstanceOf(NotMessageAuthor);
    const deleted = await deleteMessage(deps, bob, `${id}.2`);
    expect(deleted.created).toBe(true);
    expect(deleted.value).toMatchObject({ message_id: `${id}.2`, deleted_by: 'bob' });
    const again = await deleteMessage(deps, bob, `${id}.2`);
    expect(again).toEqual({
      value: { conversation_id: id, message_id: `${id}.2`, deleted_by: null, deleted_at: null },
      position: undefined,
      created: false,
    });
    // The admin may delete anyone's message.
    expect((await deleteMessage(deps, alice, `${id}.3`)).created).toBe(true);

    const read = await markRead(deps, bob, id, `${id}.3`);
    expect(read.created).toBe(true);
    expect(read.value).toMatchObject({ user_id: 'bob', last_read_message_id: `${id}.3` });
    expect(read.value.last_read_at).not.toBeNull();
    const readAgain = await markRead(deps, bob, id, `${id}.1`);
    expect(readAgain).toMatchObject({
      created: false,
      value: { last_read_message_id: `${id}.3`, last_read_at: null },
    });
    await expect(markRead(deps, bob, id, `${id}.4`)).rejects.toBeInstanceOf(MessageNotFound);
    await expect(markRead(deps, bob, id, 'other.1')).rejects.toBeInstanceOf(MessageNotFound);
    // Alice has read what she wrote (seq 1) but not up to the latest one.
    expect((await markRead(deps, alice, id, null)).value.last_read_message_id).toBe(`${id}.3`);

    const events = await conversationEvents(h.store, id);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events.slice(4).map((e) => e.type)).toEqual([
      'MessageSent',
      'MessageSent',
      'MessageSent',
      'MessageEdited',
      'MessageDeleted',
      'MessageDeleted',
      'ConversationRead',
      'ConversationRead',
    ]);
    const sent = events.filter((e) => e.type === 'MessageSent').map((e) => [e.data.message_id, e.data.seq]);
    expect(sent).toEqual([
      [`${id}.1`, 1],
      [`${id}.2`, 2],
      [`${id}.3`, 3],
    ]);
    // Timestamps never go backwards within the stream.
    const times = events.map((e) => Object.entries(e.data).find(([k]) => k.endsWith('_at'))?.[1] as string);
    expect([...times].sort()).toEqual(times);
  });

  it('refuses commands from non-participants and on unknown conversations without writing', async () => {
    const deps = h.node();
    const id = await group(deps);
    await expect(sendMessage(deps, carol, text(id, 'let me in'))).rejects.toBeInstanceOf(NotAParticipant);
    await expect(sendMessage(deps, alice, text('nowhere', 'hello'))).rejects.toBeInstanceOf(
      ConversationNotFound,
    );
    expect(await h.store.readStream('conversation-nowhere')).toEqual([]);
    expect(await conversationEvents(h.store, id)).toHaveLength(3);
  });

  it('maps a pair to one direct conversation whichever side opens it', async () => {
    const deps = h.node();
    const first = await sendDirectMessage(deps, alice, {
      recipient_user_id: 'bob',
      content: 'hi bob',
      message_type: 'text',
      client_message_id: null,
    });
    const id = directConversationId('alice', 'bob');
    expect(directConversationId('bob', 'alice')).toBe(id);
    expect(first.value.conversation_id).toBe(id);
    expect(first.value.message_id).toBe(`${id}.1`);

    const opened = await createConversation(deps, bob, {
      conversation_type: 'direct',
      name: null,
      description: null,
      avatar_url: null,
      participant_ids: ['alice'],
    });
    expect(opened.created).toBe(false);
    expect(opened.value.conversation).toMatchObject({
      conversation_id: id,
      conversation_type: 'direct',
      created_by: 'alice',
    });
    expect(opened.value.participants.map((p) => [p.user_id, p.role])).toEqual([
      ['alice', 'member'],
      ['bob', 'member'],
    ]);

    const answer = await sendDirectMessage(h.node(), bob, {
      recipient_user_id: 'alice',
      content: 'hi alice',
      message_type: 'text',
      client_message_id: null,
    });
    expect(answer.value.message_id).toBe(`${id}.2`);
    const events = await conversationEvents(h.store, id);
    expect(events.map((e) => e.type)).toEqual([
      'ConversationCreated',
      'ParticipantAdded',
      'ParticipantAdded',
      'MessageSent',
      'MessageSent',
    ]);
  });

  it('refuses a direct conversation with yourself', async () => {
    const deps = h.node();
    await expect(
      sendDirectMessage(deps, alice, {
        recipient_user_id: 'alice',
        content: 'note to self',
        message_type: 'text',
        client_message_id: null,
      }),
    ).rejects.toBeInstanceOf(CannotMessageYourself);
    await expect(
      createConversation(deps, alice, {
        conversation_type: 'direct',
        name: null,
        description: null,
        avatar_url: null,
        participant_ids: ['alice'],
      }),
    ).rejects.toBeInstanceOf(CannotMessageYourself);
    expect(await h.store.readStream(`conversation-${directConversationId('alice', 'alice')}`)).toEqual([]);
  });
});

describe('typing', () => {
  it('publishes a participant typing on the ephemeral channel and appends nothing', async () => {
    const deps = h.node();
    const id = await group(deps);
    const before = await conversationEvents(h.store, id);
    const head = await h.store.headPosition();

    const typing = await setTyping(deps, bob, id, true);
    expect(typing).toMatchObject({ conversation_id: id, user_id: 'bob', username: 'Bob', is_typing: true });
    await setTyping(h.node(), bob, id, false);

    expect(h.ephemeral.published).toEqual([
      { type: 'typing', data: { ...typing } },
      { type: 'typing', data: expect.objectContaining({ user_id: 'bob', is_typing: false }) },
    ]);
    expect(await conversationEvents(h.store, id)).toEqual(before);
    // Typing writes nowhere, not even a profile.
    expect(await h.store.headPosition()).toBe(head);
  });

  it('refuses a non-participant and an unknown conversation, publishing nothing', async () => {
    const deps = h.node();
    const id = await group(deps);
    await expect(setTyping(deps, carol, id, true)).rejects.toBeInstanceOf(NotAParticipant);
    await expect(setTyping(deps, carol, 'nowhere', true)).rejects.toBeInstanceOf(NotAParticipant);
    expect(h.ephemeral.published).toEqual([]);
  });
});

describe('presence and profiles', () => {
  it('appends PresenceChanged to user-<id> and nothing for a repeat', async () => {
    const deps = h.node();
    const first = await setPresence(deps, alice, 'away', 'lunch');
    expect(first.created).toBe(true);
    expect(first.value).toMatchObject({
      user_id: 'alice',
      username: 'Alice',
      status: 'away',
      status_message: 'lunch',
    });

    const repeat = await setPresence(h.node(), alice, 'away', 'lunch');
    expect(repeat.created).toBe(false);
    expect(repeat.position).toBeUndefined();
    expect(repeat.value.last_active).toBe(first.value.last_active);

    const changed = await setPresence(deps, alice, 'away', null);
    expect(changed.created).toBe(true);

    const events = await h.store.readStream('user-alice');
    expect(events.filter((e) => e.type === 'PresenceChanged').map((e) => e.data)).toEqual([
      { user_id: 'alice', status: 'away', status_message: 'lunch', changed_at: first.value.last_active },
      { user_id: 'alice', status: 'away', status_message: null, changed_at: changed.value.last_active },
    ]);
    expect(events.filter((e) => e.type === 'UserProfileRecorded')).toHaveLength(1);
  });

  it('records a profile on the first command of a user, once, and again when the name changes', async () => {
    const node1 = h.node();
    const node2 = h.node();
    const id = await group(node1, alice, ['bob']);
    await sendMessage(node1, alice, text(id, 'one'));
    await sendMessage(node2, alice, text(id, 'two'));
    await Promise.all([
      sendMessage(node1, bob, text(id, 'three')),
      sendMessage(node2, bob, text(id, 'four')),
    ]);
    await setTyping(node1, alice, id, true);

    const profiles = async (user: string) =>
      (await h.store.readStream(`user-${user}`))
        .filter((e) => e.type === 'UserProfileRecorded')
        .map((e) => e.data);
    expect(await profiles('alice')).toEqual([
      expect.objectContaining({ user_id: 'alice', username: 'Alice', user_avatar: null }),
    ]);
    expect(await profiles('bob')).toEqual([expect.objectContaining({ user_id: 'bob', username: 'Bob' })]);

    const renamed = actor('alice', 'Alice Smith', 'https://example.test/a.png');
    await sendMessage(node2, renamed, text(id, 'new name'));
    await sendMessage(node2, renamed, text(id, 'same new name'));
    expect(await profiles('alice')).toEqual([
      expect.objectContaining({ username: 'Alice' }),
      expect.objectContaining({ username: 'Alice Smith', user_avatar: 'https://example.test/a.png' }),
    ]);
    // The message carries the name the token gave at the time.
    const last = (await conversationEvents(h.store, id)).at(-1);
    expect(last?.data).toMatchObject({ username: 'Alice Smith', user_avatar: 'https://example.test/a.png' });
  });
});
