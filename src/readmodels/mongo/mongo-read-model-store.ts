import type { ReadModelStore } from '../port';

export async function openMongoReadModels(_url: string): Promise<ReadModelStore> {
  throw new Error('MongoDB read models are not available in this build');
}
