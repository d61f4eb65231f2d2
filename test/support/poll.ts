import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until `done` holds or the time is up, and returns the last value read either way, so that the
 * test's own assertion on it says what was wrong.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, everyMs = 200 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(everyMs);
  }
}
