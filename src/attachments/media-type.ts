/** RFC 9110 `token` characters. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[^"\\\\\\x00-\\x08\\x0a-\\x1f\\x7f]|\\\\[\\x09\\x20-\\x7e\\x80-\\xff])*"';
const MEDIA_TYPE = new RegExp(
  `^(${TOKEN})/(${TOKEN})((?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*)[ \\t]*$`,
);
const PARAMETER = new RegExp(`;[ \\t]*(${TOKEN})=(${TOKEN}|${QUOTED})`, 'g');

export const MAX_MEDIA_TYPE_LENGTH = 255;

/**
 * A declared media type in its normal form (type and subtype and parameter names in lower case,
 * parameters as `; name=value`), or undefined when it is not a syntactically valid media type
 * (RFC 9110 section 8.3.1) of at most MAX_MEDIA_TYPE_LENGTH characters, or is a range with `*`.
 */
export function normalizeMediaType(declared: string): string | undefined {
  if (declared.length > MAX_MEDIA_TYPE_LENGTH) return undefined;
  const match = MEDIA_TYPE.exec(declared.trim());
  if (!match) return undefined;
  const [, type, subtype, parameters = ''] = match;
  // A range (`*/*`, `image/*`) says what a client accepts, never what a file is.
  if (type === '*' || subtype === '*') return undefined;
  const params = [...parameters.matchAll(PARAMETER)].map(([, name, value]) => {
    return `; ${String(name).toLowerCase()}=${value}`;
  });
  return `${String(type).toLowerCase()}/${String(subtype).toLowerCase()}${params.join('')}`;
}

/** `type/subtype` of a normalised media type, without parameters. */
export function essenceOf(mediaType: string): string {
  return mediaType.split(';', 1)[0]?.trim() ?? mediaType;
}
