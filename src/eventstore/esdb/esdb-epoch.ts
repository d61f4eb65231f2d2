import { randomBytes } from 'node:crypto';
import {
  type EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { asJsonObject, EPOCH_STREAM } from './esdb-values';

const EPOCH_PATTERN = /^[0-9a-f]{12}$/;

/**
 * The store's epoch, which every position carries: read from the first event of its stream, or
 * assigned once (the first writer wins; the others read the winner's).
 */
export async function loadEpoch(client: EventStoreDBClient): Promise<string> {
  const read = async (): Promise<string | undefined> => {
    try {
      for await (const resolved of client.readStream(EPOCH_STREAM, { fromRevision: START, maxCount: 1 })) {
        const epoch = asJsonObject(resolved.event?.data).epoch;
        if (typeof epoch === 'string' && EPOCH_PATTERN.test(epoch)) return epoch;
        throw new Error(`stream ${EPOCH_STREAM} does not start with a valid StoreEpochAssigned event`);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  };
  const existing = await read();
  if (existing) return existing;
  const epoch = randomBytes(6).toString('hex');
  try {
    await client.appendToStream(EPOCH_STREAM, jsonEvent({ type: 'StoreEpochAssigned', data: { epoch } }), {
      expectedRevision: NO_STREAM,
    });
    return epoch;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
  }
  const winner = await read();
  if (!winner) throw new Error(`stream ${EPOCH_STREAM} exists but has no readable epoch`);
  return winner;
}
