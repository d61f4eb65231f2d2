/**
 * What a reaction may be: one emoji, or a `:short_code:` for custom ones. An emoji is one extended
 * grapheme cluster (so a flag, a skin-toned hand or a family joined by ZWJ counts as one) that contains
 * a pictograph, a regional indicator or a keycap. Plain letters, digits, punctuation and text are refused.
 */
export const SHORT_CODE_PATTERN = /^:[a-z0-9_+-]{1,32}:$/;
/** Longest emoji accepted, in UTF-16 units: the longest RGI ZWJ sequences are about 15. */
export const MAX_EMOJI_UNITS = 64;
/** Distinct reactions (emojis) one message may carry; more is refused (409). */
export const MAX_REACTIONS_PER_MESSAGE = 20;

const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function isReactionEmoji(text: string): boolean {
  if (SHORT_CODE_PATTERN.test(text)) return true;
  if (text.length === 0 || text.length > MAX_EMOJI_UNITS) return false;
  const clusters = graphemes.segment(text)[Symbol.iterator]();
  if (clusters.next().done || !clusters.next().done) return false;
  return PICTOGRAPHIC.test(text);
}

export const EMOJI_RULE =
  'one emoji (a single grapheme cluster with a pictograph, regional indicators or a keycap) or a :short_code: (lowercase letters, digits, _ + -, 1 to 32 between the colons)';
