import WebSocket from 'ws';
import type { DeliveryTracker } from './delivery-tracker';
import { Counter } from './progress';
import { tagOf } from './tagged-messages';

export interface SubscriberTarget {
  url: string;
  /** The conversation (delivery group) this socket follows. */
  group: number;
}

export interface SubscriberPool {
  readonly size: number;
  /** Sockets the server closed (or lost) while the bench still listened. */
  unexpectedCloses(): number;
  close(): Promise<void>;
}

/**
 * Opens one `ws` client per target, `concurrency` handshakes at a time, and resolves once every socket
 * has received its first frame (`connected`: the server has subscribed it). Tagged message frames are
 * handed to the tracker.
 */
export async function connectSubscribers(
  targets: readonly SubscriberTarget[],
  tracker: DeliveryTracker,
  options: { concurrency: number; label: string },
): Promise<SubscriberPool> {
  const sockets: WebSocket[] = [];
  let closing = false;
  let unexpected = 0;
  const counter = new Counter(`${options.label}: sockets connected`, targets.length);
  const open = (target: SubscriberTarget) =>
    new Promise<void>((resolve, reject) => {
      const index = tracker.addSubscriber(target.group);
      const socket = new WebSocket(target.url, {
        perMessageDeflate: false,
        handshakeTimeout: 30_000,
        // The bench only searches frames for a tag: validating their UTF-8 would be client cost for nothing.
        skipUTF8Validation: true,
      });
      sockets.push(socket);
      let ready = false;
      socket.on('message', (data: Buffer) => {
        if (!ready) {
          ready = true;
          resolve();
        }
        const tag = tagOf(data);
        if (tag >= 0) tracker.receive(index, tag);
      });
      socket.on('unexpected-response', (_req, res) =>
        reject(new Error(`WebSocket upgrade refused with ${res.statusCode}: ${target.url.split('?')[0]}`)),
      );
      socket.on('error', (error) => {
        if (!ready) reject(error);
      });
      socket.on('close', () => {
        if (!ready) reject(new Error('socket closed before its first frame'));
        else if (!closing) unexpected++;
      });
    });
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      await open(targets[next++] as SubscriberTarget);
      counter.update(sockets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, targets.length) }, worker));
  return {
    size: sockets.length,
    unexpectedCloses: () => unexpected,
    close: async () => {
      closing = true;
      await Promise.all(sockets.map((socket) => closeSocket(socket)));
    },
  };
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, 2000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close();
  });
}
