import { locateMessage } from '../commands/message-handlers';
import { MessageNotFound } from '../domain/errors';
import { messageId } from '../domain/ids';
import { comparePositions } from '../eventstore/port';
import type { ReadModels } from '../readmodels/port';
import type { Consistency } from './consistency';

/**
 * The sequence number of `beforeId` (a message id of this conversation, or just its sequence number),
 * when it names a message there: anything else names no message the caller can see, a 404.
 */
export async function existingSeq(
  readModels: ReadModels,
  conversationId: string,
  beforeId: string,
): Promise<number> {
  const seq = /^[1-9][0-9]{0,14}$/.test(beforeId) ? Number(beforeId) : locatedIn(conversationId, beforeId);
  const { messages } = await readModels.messages(conversationId, { beforeSeq: seq + 1, limit: 1 });
  if (messages[0]?.id !== messageId(conversationId, seq)) throw new MessageNotFound('message not found');
  return seq;
}

function locatedIn(conversationId: string, id: string): number {
  const located = locateMessage(id);
  if (located.conversationId !== conversationId) throw new MessageNotFound('message not found');
  return located.seq;
}

/**
 * The position that every one of `projections` has reached: a page built from several of them reflects
 * at least that much of the log. Undefined when one of them has reached nothing yet.
 */
export function earliestPosition(
  consistency: Consistency,
  projections: readonly string[],
): string | undefined {
  let earliest: string | undefined;
  for (const name of projections) {
    const position = consistency.positionOf(name);
    if (position === undefined) return undefined;
    if (earliest === undefined || comparePositions(position, earliest) < 0) earliest = position;
  }
  return earliest;
}
