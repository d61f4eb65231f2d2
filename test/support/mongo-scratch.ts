import { MongoClient } from 'mongodb';

/** Drops a database a test made for itself on the MongoDB server at `url`. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  const client = await MongoClient.connect(url);
  try {
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
