import type { Worker } from 'node:worker_threads';
import { startWorkerModule } from '../../sqlite/worker-thread';
import {
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type StreamMetadata,
  WrongExpectedRevisionError,
} from '../port';
import type { FromWriter, WriteReply, WriteRequest } from './writer-protocol';

const MAX_IN_FLIGHT = 2;

interface Waiter {
  stream: string;
  /** An append's result, or undefined for the other requests. */
  resolve: (result: AppendResult | undefined) => void;
  reject: (error: Error) => void;
}

/** The writer thread stopped before answering: the request may or may not have been committed. */
export class WriterStoppedError extends Error {
  constructor(cause: string) {
    super(
      `the event store's writer thread stopped (${cause}) before confirming this write; it may or may not ` +
        'have been committed, and retrying an append with the same event ids is safe',
    );
    this.name = 'WriterStoppedError';
  }
}

/**
 * The main thread's side of the embedded store's writer thread (writer-worker.ts). Requests made in the
 * same tick go to the thread in one message; each promise settles when the thread reports its group's
 * commit, so the event loop only serialises JSON and settles promises while the thread waits on fsync.
 * If the thread dies, every unanswered request fails with WriterStoppedError and the next request
 * starts a new thread.
 */
export class EventWriter {
  private worker: Worker | undefined;
  private lastFailure = '';
  private queued: WriteRequest[] = [];
  private flushScheduled = false;
  /** `requests` messages posted to the thread and not yet answered. */
  private inFlight = 0;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly toPosition: (pos: number) => Position,
    /** Called after a commit that appended, once its appends have been acknowledged: the last position. */
    private readonly onCommitted: (head: number) => void,
  ) {
    this.worker = this.start();
  }

  append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const serialised: string[] = [];
    for (const event of events) {
      const metadata = event.metadata === undefined ? '{}' : JSON.stringify(event.metadata);
      serialised.push(event.id, event.type, JSON.stringify(event.data), metadata);
    }
    return this.request(stream, (id) => ({
      op: 'append',
      id,
      stream,
      expected,
      events: serialised,
    })) as Promise<AppendResult>;
  }

  async setMetadata(stream: string, metadata: StreamMetadata): Promise<void> {
    await this.request(stream, (id) => ({
      op: 'metadata',
      id,
      stream,
      maxAgeSeconds: metadata.maxAgeSeconds ?? null,
      maxCount: metadata.maxCount ?? null,
    }));
  }

  async purge(nowMs: number): Promise<void> {
    await this.request('', (id) => ({ op: 'purge', id, nowMs }));
  }

  /** Commits everything requested so far, then stops the thread. */
  close(): Promise<void> {
    this.closed ??= this.stop();
    return this.closed;
  }

  private request(stream: string, build: (id: number) => WriteRequest): Promise<AppendResult | undefined> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    const id = this.nextId++;
    this.queued.push(build(id));
    this.scheduleFlush();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { stream, resolve, reject });
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  // One message committing and one waiting keep the thread busy; holding the rest here until a commit
  // ends costs no latency (the thread would have taken them all into its next commit anyway) and saves a
  // postMessage, with its copy and its wake-up of the thread, per tick.
  private flush(): void {
    this.flushScheduled = false;
    if (this.queued.length > 0 && this.inFlight < MAX_IN_FLIGHT) this.post();
  }

  private post(): void {
    const requests = this.queued;
    this.queued = [];
    this.worker ??= this.start();
    this.worker.ref();
    this.inFlight++;
    this.worker.postMessage({ requests });
  }

  private start(): Worker {
    const worker = startWorkerModule(__dirname, 'writer-worker', { file: this.file });
    worker.unref();
    worker.on('message', (message: FromWriter) => {
      if (!('replies' in message)) return;
      this.inFlight -= message.messages;
      this.flush();
      this.answer(worker, message.replies);
    });
    worker.on('error', (error) => {
      this.lastFailure = error.message;
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.inFlight = 0;
      const error = new WriterStoppedError(this.lastFailure || `exit code ${code}`);
      this.lastFailure = '';
      // Requests still queued here were never posted (ids only grow): the next thread takes them.
      const firstQueued = this.queued[0]?.id ?? Number.POSITIVE_INFINITY;
      for (const [id, waiter] of this.waiting) {
        if (id >= firstQueued) continue;
        this.waiting.delete(id);
        waiter.reject(error);
      }
      if (this.queued.length > 0) this.scheduleFlush();
    });
    return worker;
  }

  private answer(worker: Worker, replies: WriteReply[]): void {
    let head = 0;
    for (const reply of replies) {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) continue;
      this.waiting.delete(reply.id);
      if ('conflict' in reply) {
        const { expected, actual } = reply.conflict;
        waiter.reject(new WrongExpectedRevisionError(waiter.stream, expected, actual));
      } else if ('failure' in reply) {
        waiter.reject(failure(reply.failure));
      } else if (reply.appended) {
        if (reply.appended.pos > head) head = reply.appended.pos;
        waiter.resolve({ revision: reply.appended.revision, position: this.toPosition(reply.appended.pos) });
      } else {
        waiter.resolve(undefined);
      }
    }
    if (this.waiting.size === 0 && this.queued.length === 0) worker.unref();
    if (head > 0) this.onCommitted(head);
  }

  private async stop(): Promise<void> {
    // Everything still held back goes now: the thread commits it before it reads the close message.
    if (this.queued.length > 0) this.post();
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true });
    await exited;
  }
}

/** An error of the writer thread (a full disk, a lock held too long), rebuilt on this side. */
function failure(description: { name: string; message: string; code?: string }): Error {
  const error = new Error(description.message) as Error & { code?: string };
  error.name = description.name;
  if (description.code !== undefined) error.code = description.code;
  return error;
}
