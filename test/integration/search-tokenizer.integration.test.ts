import Database from 'better-sqlite3';
import fc from 'fast-check';
import { highlightsOf, searchWords, tokenize } from '../../src/readmodels/search-text';
import { FULL_TEXT_TOKENIZER } from '../../src/readmodels/sqlite/sqlite-full-text';

/**
 * The highlights are computed in JavaScript from the stored content, the matching is FTS5's: the two
 * must tokenize alike. Random text over letters with and without diacritics (precomposed and combining),
 * digits, Greek, Cyrillic, CJK, emoji, punctuation and spaces, tokenized by a real FTS5 table and by
 * `tokenize`: the same terms. And every highlight covers a run of tokens equal to a query word's.
 */
const ALPHABET = [
  ...'abcxyzABCXYZ0189',
  ...'éÉüÜñÑåÅçÇàÀôÔ',
  'e\u0301',
  'a\u0308',
  ...'αβΓδжЖщЯ',
  ...'中文字',
  '🚀',
  '😀',
  ...' .,;:!?\'"-*()[]{}^/\\@#_\t\n',
];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }).map((chars) => chars.join(''));

describe('the search tokenizer agrees with FTS5 unicode61 remove_diacritics 2', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE doc USING fts5(content, tokenize='${FULL_TEXT_TOKENIZER}');
           CREATE VIRTUAL TABLE terms USING fts5vocab(doc, 'instance');`);
  const insert = db.prepare('INSERT INTO doc (rowid, content) VALUES (1, ?)');
  const clear = db.prepare('DELETE FROM doc');
  const indexed = db.prepare('SELECT term FROM terms ORDER BY offset');
  afterAll(() => db.close());

  it('finds the same terms in any text', () => {
    fc.assert(
      fc.property(text, (content) => {
        clear.run();
        insert.run(content);
        const fts = (indexed.all() as { term: string }[]).map((r) => r.term);
        expect(tokenize(content).map((t) => t.folded)).toEqual(fts);
      }),
      { numRuns: 2000 },
    );
  });

  it('highlights runs of tokens equal to a query word, inside the content', () => {
    fc.assert(
      fc.property(text, text, (content, query) => {
        const words = searchWords(query);
        for (const { start, end } of highlightsOf(content, words)) {
          expect(0 <= start && start < end && end <= content.length).toBe(true);
          const covered = tokenize(content.slice(start, end)).map((t) => t.folded);
          expect(words.some((w) => covered.join(' ').includes(w.tokens.join(' ')))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
