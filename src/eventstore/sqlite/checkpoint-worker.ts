import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { lowerThisThreadsPriority } from './thread-priority';

/** The checkpointer's thread (see checkpointer.ts): PASSIVE checkpoints on a connection of its own. */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const port = parentPort as MessagePort;
// Background work: like the writer thread, it must not take the core from the event loop on waking.
lowerThisThreadsPriority(10);
const db = new Database(file);
db.pragma('busy_timeout = 5000');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Best effort: the next interval tries again.
  }
}, intervalMs);

port.on('message', () => {
  clearInterval(timer);
  db.close();
  port.close();
});
