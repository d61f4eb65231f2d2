import { MongoClient } from 'mongodb';
import type { ReadModelStore } from '../port';
import { PROJECTION_NAMES } from '../tables';
import { MongoProjectionStore } from './mongo-projection-store';
import { MongoReadModels } from './mongo-read-models';

export const DEFAULT_DATABASE = 'chat';

/** The database named in a connection string's path (`mongodb://host/name?…`), if any. */
export function databaseOf(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}

/** The database everything of the product keeps on MongoDB: the URL's, else `chat`. */
export function databaseName(url: string): string {
  return databaseOf(url) ?? DEFAULT_DATABASE;
}

/**
 * The production read models on MongoDB (or anything speaking its protocol, such as FerretDB): the
 * database named in the URL's path, else `chat`.
 */
export async function openMongoReadModels(url: string): Promise<ReadModelStore> {
  const client = await MongoClient.connect(url);
  try {
    const db = client.db(databaseName(url));
    const projections = new MongoProjectionStore(db);
    for (const projection of PROJECTION_NAMES) await projections.currentGeneration(projection);
    return {
      readModels: new MongoReadModels(db),
      projections,
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
