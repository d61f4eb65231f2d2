import { randomUUID } from 'node:crypto';
import { type ReadModelStore, type SearchPage, SearchUnavailable } from '../../src/readmodels/port';
import { searchWords } from '../../src/readmodels/search-text';
import type { ReadModelFixture } from './read-models.contract';
import { conversationLog } from './read-models.contract';

const T = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

/**
 * Message search, the same on every read-model store. A store that cannot search text (FerretDB has no
 * `$text`) must say so with SearchUnavailable; then every other case is reported as skipped, by name
 * and with the server's reason, rather than passing unseen.
 */
export function searchContract(name: string, open: () => Promise<ReadModelFixture>): void {
  describe(`Search contract: ${name}`, () => {
    let fixture: ReadModelFixture;
    let store: ReadModelStore;
    let unavailable: string | undefined;
    const skipped: string[] = [];
    beforeAll(async () => {
      fixture = await open();
      store = fixture.store;
      try {
        await store.readModels.search('nobody', { words: searchWords('probe'), limit: 1 });
        // A user without conversations finds nothing without asking the text index: ask it too.
        const { log, send } = conversationLog(`c${randomUUID().slice(0, 8)}`);
        send('alice', 'probe', 1);
        await log.applyTo(store);
        await store.readModels.search('alice', { words: searchWords('probe'), limit: 1 });
      } catch (error) {
        if (!(error instanceof SearchUnavailable)) throw error;
        unavailable = error.message;
      }
    });
    afterAll(async () => {
      if (skipped.length > 0)
        console.warn(
          `Search contract on ${name}: ${skipped.length} cases skipped because ${unavailable}:\n  ${skipped.join('\n  ')}`,
        );
      await fixture.cleanup();
    });

    /** A case that needs text search; skipped (and listed) where the store has none. */
    const searching = (title: string, body: () => Promise<void>) =>
      it(title, async () => {
        if (unavailable !== undefined) {
          skipped.push(title);
          return;
        }
        await body();
      });

    const search = (
      user: string,
      q: string,
      options: { conversationId?: string; before?: string; limit?: number } = {},
    ) => store.readModels.search(user, { words: searchWords(q), limit: options.limit ?? 20, ...options });
    const contents = (page: SearchPage) => page.hits.map((h) => h.content);

    it('answers a user without conversations with no hits, or says it cannot search', async () => {
      if (unavailable !== undefined) {
        await expect(search('alice', 'probe')).rejects.toBeInstanceOf(SearchUnavailable);
        return;
      }
      expect(await search(`u${randomUUID().slice(0, 8)}`, 'anything')).toEqual({ hits: [], next: undefined });
    });

    searching(
      'finds messages holding every word, newest first, with the message fields and highlights',
      async () => {
        const id = `c${randomUUID().slice(0, 8)}`;
        const { log, send } = conversationLog(id);
        send('alice', 'Deploy the café build', 1);
        send('bob', 'the build is green', 2);
        send('alice', 'lunch?', 3);
        send('bob', 'CAFE BUILD deployed 🚀 café', 4);
        await log.applyTo(store);
        const page = await search('carol', 'cafe build');
        expect(contents(page)).toEqual(['CAFE BUILD deployed 🚀 café', 'Deploy the café build']);
        expect(page.next).toBeUndefined();
        const [newest, oldest] = page.hits;
        expect(newest).toEqual({
          id: `${id}.4`,
          conversation_id: id,
          user_id: 'bob',
          username: 'BOB',
          user_avatar: null,
          content: 'CAFE BUILD deployed 🚀 café',
          message_type: 'text',
          reply_to_id: null,
          is_edited: false,
          is_deleted: false,
          created_at: T(4),
          edited_at: null,
          client_message_id: null,
          is_forwarded: false,
          forwarded_from: null,
          attachments: [],
          reactions: [],
          reply_count: 0,
          last_reply_at: null,
          // UTF-16 offsets: the rocket is two code units, so the last café starts at 22.
          highlights: [
            { start: 0, end: 4 },
            { start: 5, end: 10 },
            { start: 23, end: 27 },
          ],
        });
        expect(oldest?.highlights).toEqual([
          { start: 11, end: 15 },
          { start: 16, end: 21 },
        ]);
        for (const hit of page.hits)
          for (const { start, end } of hit.highlights)
            expect(
              hit.content
                .slice(start, end)
                .normalize('NFD')
                .replace(/\p{Mn}/gu, '')
                .toLowerCase(),
            ).toMatch(/^(cafe|build)$/);
      },
    );

    searching('shows each hit as history shows the message to the searcher: reactions, replies', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, stream, base, send } = conversationLog(id);
      send('alice', 'release notes', 1);
      send('bob', 'more release notes', 2);
      log.add(stream, 'ReactionAdded', {
        ...base,
        message_id: `${id}.1`,
        seq: 1,
        user_id: 'carol',
        emoji: ':tada:',
        count: 1,
        reacted_at: T(3),
      });
      await log.applyTo(store);
      const page = await search('carol', 'release notes', { conversationId: id });
      const history = await store.readModels.messages(id, { limit: 10, viewer: 'carol' });
      expect(page.hits.map(({ highlights: _h, ...message }) => message)).toEqual(history.messages);
      expect(page.hits[1]?.reactions).toEqual([{ emoji: ':tada:', count: 1, me: true }]);
    });

    searching('matches a word as its run of tokens, and user text is never query syntax', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, send } = conversationLog(id);
      send('alice', "don't stop: content is x-ray OR near", 1);
      send('alice', 'stop now', 2);
      await log.applyTo(store);
      expect(contents(await search('bob', "don't"))).toEqual(["don't stop: content is x-ray OR near"]);
      expect(contents(await search('bob', 'content:'))).toEqual(["don't stop: content is x-ray OR near"]);
      expect(contents(await search('bob', '-x'))).toEqual(["don't stop: content is x-ray OR near"]);
      expect(contents(await search('bob', 'NEAR( stop'))).toEqual(["don't stop: content is x-ray OR near"]);
      expect(contents(await search('bob', 'stop OR'))).toEqual(["don't stop: content is x-ray OR near"]);
      expect(contents(await search('bob', 'stop* "now'))).toEqual(['stop now']);
      // Not a prefix: `sto*` is the word "sto".
      expect(contents(await search('bob', 'sto*'))).toEqual([]);
    });

    searching('finds edits by their current content and deleted messages never', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, send, edit, remove } = conversationLog(id);
      send('alice', 'typo teh plan', 1);
      send('bob', 'secret plan', 2);
      edit(1, 'alice', 'fixed the plan', 3);
      remove(2, 'bob', 4);
      await log.applyTo(store);
      expect(contents(await search('carol', 'plan'))).toEqual(['fixed the plan']);
      expect(contents(await search('carol', 'teh'))).toEqual([]);
      expect(contents(await search('carol', 'secret'))).toEqual([]);
      const [hit] = (await search('carol', 'fixed')).hits;
      expect(hit).toMatchObject({ is_edited: true, edited_at: T(3), highlights: [{ start: 0, end: 5 }] });
    });

    searching("searches only the user's conversations as of now, or one of them", async () => {
      const a = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const b = conversationLog(`c${randomUUID().slice(0, 8)}`);
      const word = `w${randomUUID().slice(0, 8)}`;
      a.send('alice', `${word} in a`, 1);
      b.send('alice', `${word} in b`, 2);
      await a.log.applyTo(store);
      await b.log.applyTo(store);
      expect(contents(await search('bob', word))).toEqual([`${word} in b`, `${word} in a`]);
      expect(contents(await search('bob', word, { conversationId: a.base.conversation_id }))).toEqual([
        `${word} in a`,
      ]);
      expect(contents(await search('mallory', word))).toEqual([]);
      const removed = a.log.add(a.stream, 'ParticipantRemoved', {
        ...a.base,
        user_id: 'bob',
        removed_by: 'alice',
        removed_at: T(3),
      });
      await a.log.applyTo(store, [removed]);
      expect(contents(await search('bob', word))).toEqual([`${word} in b`]);
      expect(contents(await search('carol', word))).toEqual([`${word} in b`, `${word} in a`]);
    });

    searching('pages with its cursor, newest first, without gap or duplicate', async () => {
      const id = `c${randomUUID().slice(0, 8)}`;
      const { log, send } = conversationLog(id);
      for (let i = 1; i <= 25; i++) send('alice', i % 5 === 0 ? `other ${i}` : `page word ${i}`, i);
      await log.applyTo(store);
      const seen: string[] = [];
      let before: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await search('bob', 'word', { conversationId: id, limit: 7, ...(before && { before }) });
        seen.push(...contents(page));
        if (!page.next) break;
        before = page.next;
      }
      const expected = Array.from({ length: 25 }, (_, i) => 25 - i)
        .filter((i) => i % 5 !== 0)
        .map((i) => `page word ${i}`);
      expect(seen).toEqual(expected);
    });
  });
}
