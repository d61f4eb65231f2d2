import type { Worker } from 'node:worker_threads';
import { startWorkerModule } from '../../sqlite/worker-thread';
import type { ApplyRequest, FromProjectionWriter, ToProjectionWriter } from './projection-writer-protocol';

interface Waiter {
  resolve: (outcome: 'applied' | 'stale') => void;
  reject: (error: Error) => void;
}

/** The writer thread stopped before answering: the batch may or may not have been committed. */
export class ProjectionWriterStoppedError extends Error {
  constructor(cause: string) {
    super(
      `the read models' writer thread stopped (${cause}) before confirming a batch; it may or may not ` +
        'have been committed, and applying it again is harmless (every write is guarded on its position)',
    );
    this.name = 'ProjectionWriterStoppedError';
  }
}

/**
 * The main thread's side of the read models' writer thread (projection-writer-worker.ts). Each batch
 * settles when the thread has committed it; the event loop only lays out the writes and settles the
 * promise. If the thread dies, every unanswered batch fails (the projection runner retries from its
 * checkpoint) and the next batch starts a new thread.
 */
export class ProjectionWriter {
  private worker: Worker | undefined;
  private lastFailure = '';
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private closed: Promise<void> | undefined;

  constructor(private readonly file: string) {}

  apply(request: Omit<ApplyRequest, 'op' | 'id'>): Promise<'applied' | 'stale'> {
    if (this.closed) return Promise.reject(new Error('the read models are closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ op: 'apply', id, ...request });
    });
  }

  /** The thread drops its prepared statements (tables they name were dropped). */
  forgetStatements(): void {
    if (this.worker && !this.closed) this.post({ op: 'forget' });
  }

  /** Lets the batches already sent commit, then stops the thread. */
  close(): Promise<void> {
    this.closed ??= this.stop();
    return this.closed;
  }

  private post(message: ToProjectionWriter): void {
    this.worker ??= this.start();
    this.worker.ref();
    this.worker.postMessage(message);
  }

  private start(): Worker {
    const worker = startWorkerModule(__dirname, 'projection-writer-worker', { file: this.file });
    worker.on('message', ({ replies }: FromProjectionWriter) => {
      for (const reply of replies) {
        const waiter = this.waiting.get(reply.id);
        if (!waiter) continue;
        this.waiting.delete(reply.id);
        if ('failure' in reply) waiter.reject(failure(reply.failure));
        else waiter.resolve(reply.outcome);
      }
      // An idle thread does not keep the process alive.
      if (this.waiting.size === 0) worker.unref();
    });
    worker.on('error', (error) => {
      this.lastFailure = error.message;
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const error = new ProjectionWriterStoppedError(this.lastFailure || `exit code ${code}`);
      this.lastFailure = '';
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
    return worker;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ op: 'close' } satisfies ToProjectionWriter);
    await exited;
  }
}

/** An error of the writer thread (a lock held too long, a constraint), rebuilt on this side. */
function failure(description: { name: string; message: string; code?: string }): Error {
  const error = new Error(description.message) as Error & { code?: string };
  error.name = description.name;
  if (description.code !== undefined) error.code = description.code;
  return error;
}
