import type { RecognizedString, TemplatedApp } from 'uWebSockets.js';
import type { Metrics } from '../observability/metrics';
import type { Frame } from './frames';
import type { Socket } from './socket-registry';

/** Frame types of the protocol: the only values of the `type` label (anything else counts as other). */
const FRAME_TYPES = new Set([
  'message',
  'message_edited',
  'message_deleted',
  'read',
  'participant_added',
  'participant_removed',
  'participant_updated',
  'conversation_updated',
  'typing',
  'presence',
  'connected',
  'error',
  'pong',
  'auth_ok',
]);

/**
 * Counts frames delivered to sockets, by type, in `chat_ws_frames_delivered_total`. Frames are
 * serialised with `type` as their first key, so the type is read off the start of the text instead
 * of parsing every frame again.
 */
export class FrameCounter {
  constructor(private readonly metrics: Metrics) {}

  count(frame: RecognizedString, sockets = 1): void {
    if (sockets <= 0) return;
    this.metrics.framesDelivered.inc({ type: frameType(frame) }, sockets);
  }

  /**
   * The app as seen by components that publish to topics (log fan-out, typing, presence): each
   * publish counts one delivery per subscribed socket of this node.
   */
  publisher(app: TemplatedApp): TemplatedApp {
    const count = (topic: RecognizedString, message: RecognizedString) =>
      this.count(message, app.numSubscribers(topic));
    return new Proxy(app, {
      get(target, property) {
        if (property === 'publish') {
          return (topic: RecognizedString, message: RecognizedString, ...rest: [boolean?, boolean?]) => {
            count(topic, message);
            return target.publish(topic, message, ...rest);
          };
        }
        const value = Reflect.get(target, property);
        // uWS methods are native: they must run on the real app object.
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** Sends a frame the server itself writes (not a published one), counted like every delivered frame. */
  send(ws: Socket, frame: Frame): void {
    const json = JSON.stringify(frame);
    this.count(json);
    ws.send(json);
  }

  /** The socket as seen by code that sends to it directly (a resume's replay): each send counts. */
  sender(ws: Socket): Socket {
    const count = (message: RecognizedString) => this.count(message);
    return new Proxy(ws, {
      get(target, property) {
        if (property === 'send') {
          return (message: RecognizedString, ...rest: [boolean?, boolean?]) => {
            count(message);
            return target.send(message, ...rest);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

function frameType(frame: RecognizedString): string {
  const head = typeof frame === 'string' ? frame.slice(0, 40) : '';
  const type = /^\{"type":"([a-z_]+)"/.exec(head)?.[1];
  return type !== undefined && FRAME_TYPES.has(type) ? type : 'other';
}
