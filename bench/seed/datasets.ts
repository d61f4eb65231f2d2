import type { Stores } from '../../src/stores';
import { Counter, progress } from '../support/progress';
import { actor, ConversationWriter, recordProfiles, SeedClock, withDataDir } from './conversation-writer';

const BATCH = 1000;
const PADDING = 'the quick brown fox jumps over the lazy dog while the bench keeps counting';

export interface HistoryDataset {
  /** The long conversation, between `member` and one other user. */
  conversationId: string;
  member: string;
  newestMessageId: string;
  messages: number;
  /** A user who is a participant of `conversations` conversations. */
  reader: string;
  conversations: number;
}

/** One conversation of `messages` messages, and a user in `conversations` conversations. */
export async function seedHistory(
  dataDir: string,
  options: { messages: number; conversations: number },
): Promise<HistoryDataset> {
  return withDataDir(dataDir, async (stores) => {
    const clock = new SeedClock();
    const [alice, bob, reader] = [actor('alice'), actor('bob'), actor('reader')];
    const peers = Array.from({ length: 50 }, (_, i) => actor(`peer-${i}`));
    await recordProfiles(stores.store, [alice, bob, reader, ...peers], clock);
    const long = new ConversationWriter(stores.store, 'bench-history', clock);
    long.run(alice, createGroup(long.conversationId, 'History', [bob.user_id]));
    const counter = new Counter('seeding history messages', options.messages);
    let inFlight: Promise<void> = Promise.resolve();
    for (let i = 1; i <= options.messages; i++) {
      long.run(i % 2 ? alice : bob, sendText(`message ${i}: ${PADDING}`));
      if (long.buffered >= BATCH) {
        // The next batch is decided while this one commits; appends of one stream stay in order.
        await inFlight;
        inFlight = long.flush();
        counter.update(i);
      }
    }
    await inFlight;
    await long.flush();
    progress(
      `seeded ${options.messages.toLocaleString('en-US')} messages; now ${options.conversations} conversations`,
    );
    for (let start = 0; start < options.conversations; start += 50) {
      const writers = [];
      for (let i = start; i < Math.min(options.conversations, start + 50); i++) {
        const peer = peers[i % peers.length] ?? alice;
        const writer = new ConversationWriter(stores.store, `bench-list-${i}`, clock);
        writer.run(reader, createGroup(writer.conversationId, `Conversation ${i}`, [peer.user_id]));
        writer.run(peer, sendText(`hello from ${peer.user_id} in conversation ${i}`));
        writers.push(writer);
      }
      await Promise.all(writers.map((w) => w.flush()));
    }
    return {
      conversationId: long.conversationId,
      member: alice.user_id,
      newestMessageId: `${long.conversationId}.${long.lastSeq}`,
      messages: options.messages,
      reader: reader.user_id,
      conversations: options.conversations,
    };
  });
}

/**
 * A log of about `events` events shaped like real use: conversations of a few participants with
 * messages, read receipts, edits and deletions, appended by several conversations at once.
 */
export async function seedLog(
  dataDir: string,
  events: number,
  env: Record<string, string> = {},
): Promise<number> {
  return withDataDir(
    dataDir,
    async (stores) => {
      const clock = new SeedClock();
      const users = Array.from({ length: 200 }, (_, i) => actor(`user-${i}`));
      await recordProfiles(stores.store, users, clock);
      let written = users.length;
      let conversation = 0;
      let inFlight: Promise<unknown> = Promise.resolve();
      const counter = new Counter(`seeding a log of ${events.toLocaleString('en-US')} events`, events);
      while (written < events) {
        const group = Array.from({ length: 8 }, () => newConversation(stores, conversation++, users, clock));
        for (const item of group) {
          const budget = Math.min(BATCH * 1.5, events - written);
          while (item.writer.events < budget) item.step();
          written += item.writer.events;
        }
        // Build the next group while the store's writer thread commits this one.
        await inFlight;
        inFlight = Promise.all(group.map((item) => item.writer.flush()));
        counter.update(written);
      }
      await inFlight;
      return written;
    },
    env,
  );
}

export interface GroupsDataset {
  /** Each conversation's id and its members' user ids; the first member created it and sends into it. */
  groups: { conversationId: string; members: string[] }[];
}

/**
 * `conversations` group conversations of `members` participants each, no user in two of them, created
 * by their first member and appended through the product's decider and EventStore port.
 */
export async function seedGroups(
  dataDir: string,
  options: { conversations: number; members: number },
): Promise<GroupsDataset> {
  return withDataDir(dataDir, async (stores) => {
    const clock = new SeedClock();
    const groups: GroupsDataset['groups'] = [];
    const writers: ConversationWriter[] = [];
    for (let c = 0; c < options.conversations; c++) {
      const members = Array.from({ length: options.members }, (_, u) => `scale-${c}-${u}`);
      const [owner, ...others] = members as [string, ...string[]];
      const writer = new ConversationWriter(stores.store, `bench-scale-${c}`, clock);
      writer.run(actor(owner), createGroup(writer.conversationId, `Scale ${c}`, others));
      writers.push(writer);
      groups.push({ conversationId: writer.conversationId, members });
    }
    await Promise.all(writers.map((w) => w.flush()));
    return { groups };
  });
}

function newConversation(stores: Stores, index: number, users: ReturnType<typeof actor>[], clock: SeedClock) {
  const writer = new ConversationWriter(stores.store, `bench-log-${index}`, clock);
  const members = [0, 1, 2, 3].map((k) => users[(index * 7 + k * 13) % users.length] ?? actor('nobody'));
  const [owner, ...others] = members as [ReturnType<typeof actor>, ...ReturnType<typeof actor>[]];
  writer.run(
    owner,
    createGroup(
      writer.conversationId,
      `Log ${index}`,
      others.map((m) => m.user_id),
    ),
  );
  let n = 0;
  const step = () => {
    n++;
    const author = members[n % members.length] ?? owner;
    writer.run(author, sendText(`log message ${n}: ${PADDING}`));
    const seq = writer.lastSeq;
    if (n % 10 === 0)
      writer.run(members[(n + 1) % members.length] ?? owner, { type: 'MarkRead', up_to_seq: null });
    if (n % 100 === 0) writer.run(author, { type: 'EditMessage', seq, content: `edited ${n}: ${PADDING}` });
    if (n % 250 === 0) writer.run(author, { type: 'DeleteMessage', seq });
  };
  return { writer, step };
}

function createGroup(conversationId: string, name: string, participantIds: string[]) {
  return {
    type: 'CreateConversation' as const,
    conversation_id: conversationId,
    conversation_type: 'group' as const,
    name,
    description: null,
    avatar_url: null,
    participant_ids: participantIds,
  };
}

function sendText(content: string) {
  return {
    type: 'SendMessage' as const,
    content,
    message_type: 'text' as const,
    reply_to_id: null,
    client_message_id: null,
  };
}
