import { startWorkerModule } from '../../sqlite/worker-thread';

const CHECKPOINT_INTERVAL_MS = 1000;

/**
 * Copies the WAL back into the database file from a worker thread with its own connection, so that
 * neither the writer thread's commits nor the main thread ever wait for a checkpoint. Returns a
 * function that stops it.
 */
export function startCheckpointer(file: string): () => Promise<void> {
  const worker = startWorkerModule(__dirname, 'checkpoint-worker', {
    file,
    intervalMs: CHECKPOINT_INTERVAL_MS,
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return async () => {
    // Referenced again so that a process with nothing else to do waits for the thread to finish.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  };
}
