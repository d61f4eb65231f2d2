/**
 * What a search query means, independent of the store, and where its words occur in a message.
 *
 * A query is whitespace-separated words; a message matches when it contains every word. A word is
 * matched as the run of tokens it holds (so `don't` finds "don't" and "Don’t", `e-mail` finds "e-mail"
 * and "e mail"). User text is never query syntax: quotes, `*`, `-`, `:`, `NEAR(`, `OR` are ordinary
 * characters (punctuation separates tokens, `OR` is the word "or"). A word without letters or digits
 * searches nothing and is dropped; a query left without words is refused.
 *
 * Tokens follow SQLite FTS5's `unicode61` tokenizer with `remove_diacritics 2`, the embedded store's
 * index: a token is a run of letters, digits and private-use characters (combining marks continue a
 * token), compared without case and without diacritics. The highlights are computed here, from the
 * stored content, by the same rules, so both stores return the same offsets.
 */

export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 16;

/** A run of tokens that must appear together, in order. */
export interface SearchWord {
  /** The word as the user typed it. */
  text: string;
  /** Its tokens, folded (lower case, without diacritics). */
  tokens: string[];
}

export interface Highlight {
  /** Offsets into `content` in UTF-16 code units (JavaScript string indexes), `end` exclusive. */
  start: number;
  end: number;
}

const TOKEN_START = /[\p{L}\p{N}\p{Co}]/u;
const TOKEN_PART = /[\p{L}\p{N}\p{Co}\p{Mn}]/u;

/** The words of a query that can match something; empty when it has none. */
export function searchWords(query: string): SearchWord[] {
  const words: SearchWord[] = [];
  for (const text of query.split(/\s+/u)) {
    if (text === '') continue;
    const tokens = tokenize(text).map((t) => t.folded);
    if (tokens.length > 0) words.push({ text, tokens });
  }
  return words;
}

/** Why a query cannot be run, or undefined when it can. */
export function queryProblem(query: string): string | undefined {
  if (query.trim() === '') return 'q must not be empty';
  if (query.length > MAX_QUERY_CHARS) return `q must be at most ${MAX_QUERY_CHARS} characters`;
  const words = searchWords(query);
  if (words.length === 0) return 'q must contain a word with letters or digits';
  if (words.length > MAX_QUERY_WORDS) return `q must have at most ${MAX_QUERY_WORDS} words`;
  return undefined;
}

/**
 * The FTS5 query for the words: each one a quoted string (embedded quotes doubled), so FTS5 reads it
 * as a phrase of its tokens and never as an operator, a column filter or a prefix; phrases side by
 * side must all match.
 */
export function fts5Query(words: readonly SearchWord[]): string {
  return words.map((w) => `"${w.text.replaceAll('"', '""')}"`).join(' ');
}

/**
 * The MongoDB `$text` search string: every token of every word a quoted phrase (quotes cannot be escaped
 * there, and the tokens hold none), so that all must match and none is read as a negation. MongoDB
 * checks a phrase against the raw content, where a word's tokens may be joined by punctuation
 * (`don't`), so a word's tokens are separate phrases: on MongoDB they must all occur, not necessarily
 * side by side.
 */
export function mongoTextQuery(words: readonly SearchWord[]): string {
  return words.flatMap((w) => w.tokens.map((t) => `"${t}"`)).join(' ');
}

interface Token {
  start: number;
  end: number;
  folded: string;
}

/** The tokens of a text with their UTF-16 offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  let i = 0;
  for (const ch of text) {
    if (start < 0) {
      if (TOKEN_START.test(ch)) start = i;
    } else if (!TOKEN_PART.test(ch)) {
      tokens.push(token(text, start, i));
      start = TOKEN_START.test(ch) ? i : -1;
    }
    i += ch.length;
  }
  if (start >= 0) tokens.push(token(text, start, i));
  return tokens;
}

function token(text: string, start: number, end: number): Token {
  return { start, end, folded: fold(text.slice(start, end)) };
}

/** Lower case without diacritics: decompose, drop combining marks, recompose what is left. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .normalize('NFC');
}

/**
 * Where the words occur in `content`: one range per occurrence of a word (from its first token's start
 * to its last token's end), in order, overlapping ranges merged.
 */
export function highlightsOf(content: string, words: readonly SearchWord[]): Highlight[] {
  const tokens = tokenize(content);
  const found: Highlight[] = [];
  for (const { tokens: wanted } of words) {
    for (let i = 0; i + wanted.length <= tokens.length; i++) {
      if (!wanted.every((t, j) => tokens[i + j]?.folded === t)) continue;
      const first = tokens[i] as Token;
      const last = tokens[i + wanted.length - 1] as Token;
      found.push({ start: first.start, end: last.end });
    }
  }
  found.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Highlight[] = [];
  for (const h of found) {
    const previous = merged[merged.length - 1];
    if (previous && h.start <= previous.end) previous.end = Math.max(previous.end, h.end);
    else merged.push({ ...h });
  }
  return merged;
}
