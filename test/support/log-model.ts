/**
 * A plain model of what the log says (messages and each participant's last read, per conversation),
 * and the check that a running server's read models and the log agree with it and with what clients
 * were told: used by the crash and fault-injection suites.
 */
import type { RecordedEvent } from '../../src/eventstore/port';
import { readLog, type ServerProcess, wholeHistory } from './server-process';

export interface Send {
  key: string;
  user: string;
  conversation: string;
  content: string;
  /** The message id of a 2xx answer, once one came. */
  id?: string;
}

export interface Read {
  user: string;
  conversation: string;
  /** The seq the answer said was read up to (acknowledged reads only). */
  seq: number;
}

/** Anything that answers HTTP calls like a test server: a child process or an in-process server. */
export type Caller = Pick<ServerProcess, 'call'>;

export function seqOf(messageId: string | null): number {
  return messageId === null ? 0 : Number(messageId.slice(messageId.lastIndexOf('.') + 1));
}

interface FoldedMessage {
  id: string;
  seq: number;
  user_id: string;
  content: string;
  client_message_id: string | null;
}

/** The naive model: messages and each participant's last read seq per conversation, from the log. */
export function fold(events: RecordedEvent[]) {
  const messages = new Map<string, FoldedMessage[]>();
  const lastRead = new Map<string, number>();
  const readKey = (conversation: string, user: string) => `${conversation}|${user}`;
  for (const e of events) {
    if (!e.streamId.startsWith('conversation-')) continue;
    const d = e.data as Record<string, any>;
    const conversation = d.conversation_id as string;
    if (e.type === 'ConversationCreated') messages.set(conversation, []);
    if (e.type === 'MessageSent') {
      const list = messages.get(conversation) ?? [];
      expect(d.seq).toBe(list.length + 1);
      list.push({
        id: d.message_id,
        seq: d.seq,
        user_id: d.user_id,
        content: d.content,
        client_message_id: d.client_message_id,
      });
      messages.set(conversation, list);
      const k = readKey(conversation, d.user_id);
      lastRead.set(k, Math.max(lastRead.get(k) ?? 0, d.seq));
    }
    if (e.type === 'ConversationRead') {
      const k = readKey(conversation, d.user_id);
      lastRead.set(k, Math.max(lastRead.get(k) ?? 0, d.last_read_seq));
    }
  }
  return {
    messages,
    lastReadOf: (conversation: string, user: string) => lastRead.get(readKey(conversation, user)) ?? 0,
  };
}

/**
 * Everything the suites promise, checked against the log and the running server's read models: every
 * send (all acknowledged by now) is in the log exactly once under the id it was answered with, and
 * nothing else is; history, read receipts, unread counts and last messages equal the fold of the log;
 * every acknowledged read is reflected.
 */
export async function verifyAgainstLog(
  server: Caller,
  dataDir: string,
  sends: Send[],
  reads: Read[],
  users: readonly string[],
  tokenOf: (user: string) => string,
): Promise<void> {
  const { events, head } = await readLog(dataDir);
  const model = fold(events);
  const sent = events.filter((e) => e.type === 'MessageSent').map((e) => e.data as Record<string, any>);

  // Exactly once: one MessageSent per send (all sends are acknowledged by now), nothing else.
  const logKeys = sent.map((d) => `${d.user_id}|${d.client_message_id}`).sort();
  expect(logKeys).toEqual(sends.map((s) => `${s.user}|${s.key}`).sort());
  expect(new Set(sent.map((d) => d.message_id)).size).toBe(sent.length);
  const byId = new Map(sent.map((d) => [d.message_id as string, d]));
  const misplaced = sends.filter((s) => {
    const d = s.id === undefined ? undefined : byId.get(s.id);
    return !d || d.client_message_id !== s.key || d.user_id !== s.user || d.content !== s.content;
  });
  expect(misplaced).toEqual([]);

  for (const [conversation, messages] of model.messages) {
    // The history equals the fold (which holds every acknowledged id, checked above).
    const history = await wholeHistory(server, tokenOf('ann'), conversation, head);
    expect(history).toEqual(
      messages.map(({ id, user_id, content, client_message_id }) =>
        expect.objectContaining({ id, user_id, content, client_message_id }),
      ),
    );
    // Read receipts equal the fold's last read seq of each participant.
    const participants = await server.call('GET', `/api/v1/chat/conversations/${conversation}/participants`, {
      token: tokenOf('ann'),
      headers: { 'X-Consistency-Token': head as string },
    });
    expect(participants.status).toBe(200);
    const receipts = Object.fromEntries(
      (participants.body as any[]).map((p) => [p.user_id, p.last_read_message_id]),
    );
    expect(receipts).toEqual(
      Object.fromEntries(
        users.map((user) => {
          const seq = model.lastReadOf(conversation, user);
          return [user, seq === 0 ? null : `${conversation}.${seq}`];
        }),
      ),
    );
    for (const user of users) {
      const res = await server.call('GET', '/api/v1/chat/conversations', {
        token: tokenOf(user),
        headers: { 'X-Consistency-Token': head as string },
      });
      expect(res.status).toBe(200);
      const summary = (res.body as any[]).find((c) => c.id === conversation);
      const lastRead = model.lastReadOf(conversation, user);
      // Unread: messages by others after the user's last read, counted on the REST history.
      const unread = history.filter((m, i) => i + 1 > lastRead && m.user_id !== user).length;
      expect({ user, conversation, unread: summary?.unread_count, last: summary?.last_message?.id }).toEqual({
        user,
        conversation,
        unread,
        last: history[history.length - 1]?.id,
      });
    }
  }
  // Every acknowledged read is reflected (later reads and own sends may only move it forward).
  const unreflected = reads.filter((r) => model.lastReadOf(r.conversation, r.user) < r.seq);
  expect(unreflected).toEqual([]);
}
