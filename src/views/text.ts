import { z } from 'zod';
import { MAX_CONTENT_CHARS } from '../domain/content';

/**
 * Text the API stores must be well-formed Unicode: an unpaired surrogate has no UTF-8 form, so the
 * stores would hand it back altered (as U+FFFD). Paired surrogates (emoji, astral characters) are fine.
 */
const LONE_SURROGATE = /\p{Cs}/u;
export const text = () =>
  z
    .string()
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode (no unpaired surrogate)');

/**
 * JavaScript's `trim()` set (WhiteSpace and LineTerminator), spelled out so that every regex dialect
 * reads the pattern alike (Python's `\s` also matches U+001C..U+001F and U+0085, JavaScript's does not).
 */
export const NOT_BLANK =
  '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
/**
 * Message content, as the OpenAPI document describes it to client authors. The domain checks it
 * (`checkContent`: blank is a 400, longer than MAX_CONTENT_CHARS code points a 413); the document
 * states the same rules.
 */
export const Content = text().meta({
  description:
    'Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413).',
  minLength: 1,
  maxLength: MAX_CONTENT_CHARS,
  pattern: NOT_BLANK,
});
/** A sent message's content: as Content, but blank (or left out) when the message carries attachments. */
export const SentContent = text().optional().meta({
  description:
    'Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Required and not blank (400) unless the message carries `attachment_ids` (then it is an optional caption); at most 10,000 characters (413).',
  maxLength: MAX_CONTENT_CHARS,
});
