import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { CLOSE } from './close-codes';
import type { Socket, SocketRegistry } from './socket-registry';

/** A socket with more than this buffered is closed with TOO_SLOW and resumes with since. */
export const SLOW_SOCKET_BYTES = 1024 * 1024;

/**
 * Closes sockets that fall behind. A publish to a conversation marks it; the sockets of every marked
 * conversation are checked once, after the current burst of publishes (setImmediate), by their
 * buffered amount: a client that reads slowly resumes with `since` instead of holding memory.
 */
export class SlowSocketSweeper {
  private readonly marked = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly registry: SocketRegistry,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  published(conversationId: string): void {
    this.marked.add(conversationId);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.sweep());
  }

  private sweep(): void {
    this.scheduled = false;
    for (const id of this.marked) {
      for (const ws of [...this.registry.socketsIn(id)]) {
        if (ws.getBufferedAmount() > SLOW_SOCKET_BYTES) this.close(ws);
      }
    }
    this.marked.clear();
  }

  private close(ws: Socket): void {
    this.metrics.slowSocketCloses.inc();
    const data = ws.getUserData();
    this.log.warn(
      { user_id: data.caller.actor.user_id, buffered_bytes: ws.getBufferedAmount() },
      'WebSocket too slow: closing it (the client resumes with since)',
    );
    ws.end(CLOSE.TOO_SLOW.code, CLOSE.TOO_SLOW.reason);
  }
}
