import { addParticipant, removeParticipant } from '../../../src/commands/conversation-handlers';
import type { CommandDeps } from '../../../src/commands/deps';
import { deleteMessage, editMessage, markRead, sendMessage } from '../../../src/commands/message-handlers';
import { setTyping } from '../../../src/commands/presence-handlers';
import { NotAParticipant } from '../../../src/domain/errors';
import { actor, conversationEvents, createGroup, harnessPerTest } from '../../support/command-harness';

/**
 * Two nodes share one store; each caches conversation states. Node `a` is warmed up first, then `b`
 * writes: `a`'s cache is behind the store. Commands that write come out right because the append
 * conflicts and `a` reloads; a command that `a` refuses, or that decides no event, must be checked
 * against the stream's head as well, or it would rest on facts another node has changed.
 */

const alice = actor('alice');
const bob = actor('bob');
const carol = actor('carol');

const h = harnessPerTest();
let a: CommandDeps;
let b: CommandDeps;
let id: string;

beforeEach(async () => {
  a = h.node();
  b = h.node();
  id = await createGroup(a, alice, ['bob', 'carol']);
  await sendMessage(a, alice, text('a is warm'));
});

function text(content: string) {
  return {
    conversation_id: id,
    content,
    message_type: 'text' as const,
    reply_to_id: null,
    client_message_id: null,
  };
}

describe('a node whose cache is behind the store', () => {
  it('still writes correctly: the conflict makes it reload and decide again', async () => {
    const fromB = await sendMessage(b, bob, text('from b'));
    const fromA = await sendMessage(a, carol, text('from a'));
    expect(fromA.value.seq).toBe(fromB.value.seq + 1);
    // Deleting on b what a still sees as live: a's decision conflicts, on reload it is a no-op.
    await deleteMessage(b, bob, fromB.value.message_id);
    expect((await deleteMessage(a, bob, fromB.value.message_id)).created).toBe(false);
    const types = (await conversationEvents(h.store, id)).map((e) => e.type);
    expect(types.filter((t) => t === 'MessageDeleted')).toHaveLength(1);
  });

  it('accepts a reply to a message sent through another node', async () => {
    const fromB = await sendMessage(b, bob, text('question'));
    const reply = await sendMessage(a, carol, { ...text('answer'), reply_to_id: fromB.value.message_id });
    expect(reply.value.reply_to_id).toBe(fromB.value.message_id);
  });

  it('lets the author edit a message sent through another node', async () => {
    const sent = await sendMessage(b, bob, text('typo'));
    const edited = await editMessage(a, bob, sent.value.message_id, 'fixed');
    expect(edited.value.content).toBe('fixed');
  });

  it('marks read up to a message sent through another node', async () => {
    const sent = await sendMessage(b, bob, text('news'));
    const read = await markRead(a, carol, id, sent.value.message_id);
    expect(read.value.last_read_message_id).toBe(sent.value.message_id);
  });

  it('lets a participant added through another node type', async () => {
    await addParticipant(b, alice, id, 'dave', 'member');
    await expect(setTyping(a, actor('dave'), id, true)).resolves.toMatchObject({ user_id: 'dave' });
  });

  it('no longer lets a participant removed through another node type', async () => {
    await removeParticipant(b, alice, id, 'carol', null);
    await expect(setTyping(a, carol, id, true)).rejects.toBeInstanceOf(NotAParticipant);
    expect(h.ephemeral.published).toEqual([]);
  });
});
