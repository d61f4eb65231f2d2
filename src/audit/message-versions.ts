import type { EventStore } from '../eventstore/port';
import { conversationStream } from './stream-queries';

/** Events read per page on the way back through a conversation's stream. */
const PAGE = 500;

export interface ParticipantVersions {
  deleted: boolean;
  /** As sent, then each edit, oldest first; empty once the message is deleted. */
  versions: { version: number; content: string; at: string }[];
}

/**
 * The versions of one message that its conversation's participants may see, read from the log (the
 * read models keep only the latest content): the stream is read backwards from its head until the
 * message's MessageSent, so the cost grows with the number of events since the message was sent, not
 * with the conversation's length. Undefined when the stream holds no such message. A deleted message
 * shows no earlier content: participants saw it removed, only auditors read what it said.
 */
export async function participantVersions(
  store: EventStore,
  conversationId: string,
  seq: number,
): Promise<ParticipantVersions | undefined> {
  const stream = conversationStream(conversationId);
  const edits: { content: string; at: string }[] = [];
  let from: number | undefined;
  for (;;) {
    const page = await store.readStream(stream, {
      direction: 'backwards',
      fromRevision: from,
      maxCount: PAGE,
    });
    for (const recorded of page) {
      if (recorded.data.seq !== seq) continue;
      if (recorded.type === 'MessageDeleted') return { deleted: true, versions: [] };
      if (recorded.type === 'MessageEdited')
        edits.push({ content: String(recorded.data.content), at: String(recorded.data.edited_at) });
      if (recorded.type === 'MessageSent') {
        const sent = { content: String(recorded.data.content), at: String(recorded.data.created_at) };
        const versions = [sent, ...edits.reverse()].map((v, i) => ({ version: i + 1, ...v }));
        return { deleted: false, versions };
      }
    }
    const last = page[page.length - 1];
    if (!last || last.revision === 0) return undefined;
    from = last.revision - 1;
  }
}
