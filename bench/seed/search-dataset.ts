import { product } from '../support/product';
import { Counter, progress } from '../support/progress';
import { actor, ConversationWriter, recordProfiles, SeedClock, withDataDir } from './conversation-writer';
import { seeded, zipfWords } from './search-words';

/** Messages of one conversation written per round: conversations interleave in the log, as in real use. */
const PER_ROUND = 50;
const WORDS_PER_MESSAGE = 10;
/** The last message: its word is in no other, so finding it means the search index has caught up. */
export const LAST_WORD = 'zuzuzuzufinal';

export interface SearchDataset {
  /** A user who takes part in `memberOf` of the conversations. */
  searcher: string;
  messages: number;
  conversations: number;
  memberOf: number;
}

/**
 * `messages` messages spread evenly over `conversations` conversations of three users each, the searcher
 * being one of the three in `memberOf` of them (evenly spaced); every message ten words drawn by Zipf's
 * law. Written through the product's decider and event store, as the server would write them.
 */
export async function seedSearch(
  dataDir: string,
  options: { messages: number; conversations: number; memberOf: number },
): Promise<SearchDataset> {
  return withDataDir(dataDir, async (stores) => {
    const clock = new SeedClock();
    const searcher = actor('searcher');
    const users = Array.from({ length: 100 }, (_, i) => actor(`talker-${i}`));
    await recordProfiles(stores.store, [searcher, ...users], clock);
    const every = Math.max(1, Math.floor(options.conversations / options.memberOf));
    const writers = Array.from({ length: options.conversations }, (_, i) => {
      const writer = new ConversationWriter(stores.store, `bench-search-${i}`, clock);
      const owner = users[i % users.length] ?? searcher;
      const other =
        i % every === 0 && i / every < options.memberOf
          ? searcher
          : (users[(i * 7 + 3) % users.length] ?? searcher);
      const third = users[(i * 13 + 5) % users.length] ?? searcher;
      writer.run(owner, {
        type: 'CreateConversation',
        conversation_id: writer.conversationId,
        conversation_type: 'group',
        name: `Search ${i}`,
        description: null,
        avatar_url: null,
        participant_ids: [...new Set([other.user_id, third.user_id])].filter((id) => id !== owner.user_id),
      });
      return { writer, authors: [owner, other, third] };
    });
    const word = zipfWords(seeded(42));
    const counter = new Counter('seeding search messages', options.messages);
    const perConversation = Math.ceil(options.messages / options.conversations);
    let written = 0;
    let inFlight: Promise<unknown> = Promise.resolve();
    for (let round = 0; written < options.messages; round++) {
      for (const { writer, authors } of writers) {
        for (
          let k = 0;
          k < PER_ROUND && writer.lastSeq < perConversation && written < options.messages;
          k++
        ) {
          const content = Array.from({ length: WORDS_PER_MESSAGE }, word).join(' ');
          writer.run(authors[(round + k) % authors.length] ?? searcher, sendText(content));
          written++;
        }
      }
      // Decide the next round while this one commits.
      await inFlight;
      inFlight = Promise.all(writers.map(({ writer }) => writer.flush()));
      counter.update(written);
    }
    await inFlight;
    const last = writers[0];
    if (last) {
      last.writer.run(searcher, sendText(`${LAST_WORD} ${word()}`));
      await last.writer.flush();
    }
    progress(`seeded ${written.toLocaleString('en-US')} messages in ${options.conversations} conversations`);
    // The read models are built here, as `npm run projections -- rebuild` builds them: the scenario
    // measures queries, not a server catching up with a million events while it starts.
    const started = Date.now();
    await product.rebuildProjections(stores.store, stores.readModels.projections, product.projections);
    progress(`built the read models in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ...options, searcher: searcher.user_id, messages: written };
  });
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
