import { createHash } from 'node:crypto';

/**
 * The one conversation of a pair of users has an id derived from the sorted pair, so two concurrent
 * first messages meet at the same stream and only one can create it.
 */
export function directConversationId(a: string, b: string): string {
  const [first, second] = [a, b].sort();
  const digest = createHash('sha256').update(`${first}\u0000${second}`).digest('hex');
  return `dm_${digest.slice(0, 32)}`;
}
