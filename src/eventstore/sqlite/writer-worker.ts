import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../sqlite/open-database';
import { LogWriter } from './log-writer';
import { lowerThisThreadsPriority } from './thread-priority';
import type { FromWriter, ToWriter, WriteRequest } from './writer-protocol';

/**
 * The writer thread of the embedded event store (started by EventWriter): it owns the write connection.
 * Everything that arrived while the previous commit was running is committed as one group, so the
 * group grows with the commit latency, and the main thread keeps serving while this one waits on fsync.
 */
const WRITER_NICENESS = 10;

lowerThisThreadsPriority(WRITER_NICENESS);
const port = parentPort as MessagePort;
const db = openDatabase((workerData as { file: string }).file, {
  synchronous: 'FULL',
  manualCheckpoints: true,
  // This thread waits alone: appends that meet another process's lock wait longer before a 503.
  busyTimeoutMs: 5000,
});
const writer = new LogWriter(db);

port.on('message', (first: ToWriter) => {
  const requests: WriteRequest[] = [];
  let messages = 0;
  let close = false;
  for (let message: ToWriter | undefined = first; message; message = next()) {
    if ('close' in message) close = true;
    else {
      requests.push(...message.requests);
      messages++;
    }
  }
  if (requests.length > 0) send({ replies: writer.commit(requests), messages });
  if (close) {
    db.close();
    send({ closed: true });
    port.close();
  }
});

function next(): ToWriter | undefined {
  return receiveMessageOnPort(port)?.message as ToWriter | undefined;
}

function send(message: FromWriter): void {
  port.postMessage(message);
}
