import {
  fts5Query,
  highlightsOf,
  mongoTextQuery,
  queryProblem,
  searchWords,
} from '../../../src/readmodels/search-text';

describe('search queries (unit)', () => {
  it.each([
    ['', 'q must not be empty'],
    [' \t ', 'q must not be empty'],
    ['" * - ( ) : ^', 'q must contain a word with letters or digits'],
    ['x'.repeat(201), 'q must be at most 200 characters'],
    [Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '), 'q must have at most 16 words'],
  ])('refuses %j: %s', (q, problem) => {
    expect(queryProblem(q)).toBe(problem);
  });

  it('keeps the words that hold a letter or digit, folded', () => {
    expect(searchWords('  Café -  "don\'t" * NEAR( ')).toEqual([
      { text: 'Café', tokens: ['cafe'] },
      { text: '"don\'t"', tokens: ['don', 't'] },
      { text: 'NEAR(', tokens: ['near'] },
    ]);
  });

  it('quotes every word for FTS5, doubling quotes, so nothing is an operator', () => {
    expect(fts5Query(searchWords('a"b OR -x content: NEAR( y*'))).toBe(
      '"a""b" "OR" "-x" "content:" "NEAR(" "y*"',
    );
  });

  it('gives MongoDB every token as a quoted phrase', () => {
    expect(mongoTextQuery(searchWords('-x "don\'t" Ünï'))).toBe('"x" "don" "t" "uni"');
  });

  it('highlights in UTF-16 code units, merging overlaps', () => {
    // The emoji is two code units; e + U+0301 (combining acute) is two.
    const content = '😀 Straße e\u0301te ÉTÉ été-été';
    expect(highlightsOf(content, searchWords('ete'))).toEqual([
      { start: 10, end: 14 },
      { start: 15, end: 18 },
      { start: 19, end: 22 },
      { start: 23, end: 26 },
    ]);
    // A word of two tokens matches any two tokens side by side, whatever separates them (as in FTS5):
    // here three overlapping occurrences, merged into one range.
    expect(highlightsOf(content, searchWords('été-été'))).toEqual([{ start: 10, end: 26 }]);
    expect(highlightsOf('x ete y ete-ete', searchWords('été-été x'))).toEqual([
      { start: 0, end: 1 },
      { start: 8, end: 15 },
    ]);
  });
});
