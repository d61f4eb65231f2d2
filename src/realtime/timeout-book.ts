import type { ConversationEvent } from '../domain/conversation/events';

interface Entry {
  /** Participant to the end of their latest timeout. */
  until: Map<string, string>;
  /** Changes the log reported while the conversation's state was being read, applied on top of it. */
  pending?: ConversationEvent[];
  ready: Promise<void>;
}

/** Conversations whose timeouts a node keeps: the least recently loaded beyond this are forgotten. */
const MAX_CONVERSATIONS = 10_000;

/**
 * The timeouts of the conversations whose members type over this node's sockets, so that a timed-out
 * member's typing frames are refused as `POST /typing` refuses them, without a store read per frame:
 * each conversation's timeouts are read once from its aggregate (the first time one of its members
 * types here), then kept in step with the log's timeouts, lifts and removals.
 */
export class TimeoutBook {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly load: (conversationId: string) => Promise<Map<string, string>>) {}

  /** The end of `userId`'s timeout in the conversation if it is still to come at `now`. */
  async until(conversationId: string, userId: string, now: string): Promise<string | undefined> {
    const entry = this.entries.get(conversationId) ?? this.loading(conversationId);
    await entry.ready;
    const until = entry.until.get(userId);
    return until !== undefined && until > now ? until : undefined;
  }

  /** A conversation event from the log: timeouts of the conversations kept here follow it. */
  changed(event: ConversationEvent): void {
    if (!['ParticipantTimedOut', 'ParticipantTimeoutLifted', 'ParticipantRemoved'].includes(event.type))
      return;
    const entry = this.entries.get(event.data.conversation_id);
    if (!entry) return;
    if (entry.pending) entry.pending.push(event);
    else apply(entry, event);
  }

  private loading(conversationId: string): Entry {
    const entry: Entry = { until: new Map(), pending: [], ready: Promise.resolve() };
    this.entries.set(conversationId, entry);
    if (this.entries.size > MAX_CONVERSATIONS) {
      const [oldest] = this.entries.keys();
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    entry.ready = this.load(conversationId).then(
      (until) => {
        entry.until = until;
        for (const event of entry.pending ?? []) apply(entry, event);
        entry.pending = undefined;
      },
      (error: unknown) => {
        // Not kept half-known: the next typing frame reads it again.
        if (this.entries.get(conversationId) === entry) this.entries.delete(conversationId);
        throw error;
      },
    );
    return entry;
  }
}

function apply(entry: Entry, event: ConversationEvent): void {
  if (event.type === 'ParticipantTimedOut') entry.until.set(event.data.user_id, event.data.until);
  else if (event.type === 'ParticipantTimeoutLifted' || event.type === 'ParticipantRemoved')
    entry.until.delete(event.data.user_id);
}
