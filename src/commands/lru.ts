import { LRUCache } from 'lru-cache';

/**
 * The aggregate cache: forgets its least recently used entries beyond `capacity` entries or beyond
 * `maxBytes` of estimated size, whichever comes first, so a few huge conversations cannot hold the
 * node's memory the way a count alone would let them.
 */
export class Lru<K extends {}, V extends {}> {
  private readonly entries: LRUCache<K, V>;

  constructor(capacity: number, maxBytes = DEFAULT_MAX_BYTES) {
    this.entries = new LRUCache<K, V>({
      max: capacity,
      maxSize: maxBytes,
      sizeCalculation: (value) => estimatedBytes(value),
    });
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}

/** 256 MiB of aggregate state per node by default. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const ENTRY_BYTES = 64;

/**
 * A cheap estimate of a cached value's memory: a fixed cost per field and per entry of each array,
 * Map or Set two levels down (an aggregate's state is its collections), strings by length. It is not
 * a walk of every entry: that would cost O(state) on every append of a long conversation.
 */
export function estimatedBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (value === null || typeof value !== 'object') return 8;
  if (Array.isArray(value) || value instanceof Map || value instanceof Set) {
    const count = Array.isArray(value) ? value.length : value.size;
    return 16 + count * ENTRY_BYTES;
  }
  if (depth >= 2) return ENTRY_BYTES;
  let bytes = 16;
  for (const field of Object.values(value)) bytes += 8 + estimatedBytes(field, depth + 1);
  return Math.max(1, bytes);
}
