import { z } from 'zod';

/** ISO-8601 UTC timestamps as `Date.prototype.toISOString` writes them, so they compare as strings. */
export const Timestamp = z.iso.datetime({ precision: 3 });
export type Timestamp = z.infer<typeof Timestamp>;

export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
