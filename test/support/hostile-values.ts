import fc from 'fast-check';

/** What a request field accepts, so that a generator can produce values it must refuse. */
export type FieldKind =
  | 'text' // a required string
  | 'text?' // a string, null or absent
  | 'id' // a string, or a non-negative integer read as its decimal string
  | 'id?' // the same, or null or absent
  | 'bool'
  | 'bool?'
  | 'enum' // one of a few strings; absent means the default, null is refused
  | 'array'; // an array of ids

const nesting = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { deeper: value };
  return value;
};

const objects = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.integer({ min: 10, max: 400 }).map(nesting),
  fc.constant({ toString: 'x', valueOf: 1 }),
);
const arrays = fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 });
const notIntegers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.integer({ max: -1 }),
);

/** Values of the wrong type for a field of this kind: every one of them must be refused. */
export function wrongValueFor(kind: FieldKind): fc.Arbitrary<unknown> {
  const optional = kind.endsWith('?');
  const nullValue = optional ? [] : [fc.constant(null)];
  switch (kind) {
    case 'text':
    case 'text?':
      // Finite numbers only: JSON.stringify turns NaN and Infinity into null, which a nullable field accepts.
      return fc.oneof(
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        arrays,
        objects,
        ...nullValue,
      );
    case 'id':
    case 'id?':
      return fc.oneof(fc.boolean(), notIntegers, arrays, objects, ...nullValue);
    case 'bool':
    case 'bool?':
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), arrays, objects, ...nullValue);
    case 'enum':
      return fc.oneof(
        fc.boolean(),
        fc.integer(),
        arrays,
        objects,
        fc.constant(null),
        fc.constantFrom('', 'ADMIN', 'Text', 'channel', ' online', 'group\u0000'),
      );
    case 'array':
      return fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.integer(),
        objects,
        fc.constant(null),
        fc.constant([true]),
      );
  }
}

/** Keys a strict body must refuse; `__proto__` would reach for the prototype if it were merged. */
export const hostileKeys = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'user_id'),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Any bytes, percent-encoded: path segments and query values that no client library would build. */
export const percentEncodedBytes = fc.uint8Array({ minLength: 1, maxLength: 80 }).map(percentBytes);

/** Text of every sort a client might send in a path or query: unicode, separators, dots, huge. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    '..',
    '.',
    '%',
    '%zz',
    '0',
    '-1',
    '1e400',
    'NaN',
    '1.5',
    ' 1',
    '__proto__',
    'a'.repeat(1500),
  ),
  fc.nat().map(String),
);

/** Byte sequences that are not UTF-8: lone continuation, truncated, overlong, surrogate, beyond U+10FFFF. */
export const invalidUtf8 = fc.constantFrom(
  [0x80],
  [0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe, 0xfe, 0xff, 0xff],
);

/** Every UTF-8 byte of `value` percent-encoded (encodeURIComponent throws on a lone surrogate). */
export function percentEncode(value: string): string {
  return percentBytes(Buffer.from(value, 'utf8'));
}

function percentBytes(bytes: Uint8Array): string {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}
