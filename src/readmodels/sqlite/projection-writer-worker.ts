import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../sqlite/open-database';
import { BatchApplier } from './batch-applier';
import type {
  ApplyRequest,
  FromProjectionWriter,
  ProjectionWriterReply,
  ToProjectionWriter,
} from './projection-writer-protocol';

/**
 * The writer thread of the embedded read models (started by ProjectionWriter): it applies projections'
 * changes and their checkpoints on a connection of its own, so those transactions leave the event loop,
 * which keeps reading the same file beside it (WAL readers do not wait for the writer).
 */
const port = parentPort as MessagePort;
const db = openDatabase((workerData as { file: string }).file, {
  synchronous: 'NORMAL',
  // This thread waits alone: a lock held by another process fails a batch only after a long wait.
  busyTimeoutMs: 5000,
});
db.pragma('secure_delete = ON');
const applier = new BatchApplier(db);

port.on('message', (first: ToProjectionWriter) => {
  const replies: ProjectionWriterReply[] = [];
  let close = false;
  // Everything that arrived meanwhile is answered in one message.
  for (let message: ToProjectionWriter | undefined = first; message; message = next()) {
    if (message.op === 'close') close = true;
    else if (message.op === 'forget') applier.forget();
    else replies.push(apply(message));
  }
  if (replies.length > 0) port.postMessage({ replies } satisfies FromProjectionWriter);
  if (close) {
    db.close();
    port.close();
  }
});

function apply(request: ApplyRequest): ProjectionWriterReply {
  try {
    return { id: request.id, outcome: applier.apply(request) };
  } catch (error) {
    const { name, message, code } = error as Error & { code?: unknown };
    return {
      id: request.id,
      failure: { name, message, ...(typeof code === 'string' && { code }) },
    };
  }
}

function next(): ToProjectionWriter | undefined {
  return receiveMessageOnPort(port)?.message as ToProjectionWriter | undefined;
}
