import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { DATA_HEADERS } from './data-headers';

/**
 * Lets an HTTP server stop without cutting requests: `drain` stops accepting connections, answers
 * requests that still arrive on open keep-alive connections with 503 (nothing of them is executed, so a
 * client may retry them elsewhere), and waits for the requests already running to answer.
 *
 * Hand-written because http-terminator, the maintained helper for this, still runs requests that arrive
 * on an open keep-alive connection during its drain (it only adds `Connection: close`) and does not tell
 * how many requests it cut; the graceful-shutdown test needs both (a 503 that ran nothing, exit 1).
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private settled: (() => void) | undefined;

  /** Wraps the server's request listener so that requests are counted and refused once draining. */
  track(listener: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) return refuse(res);
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        if (this.inFlight.size === 0) this.settled?.();
      });
      listener(req, res);
    };
  }

  /**
   * Stops accepting and waits up to `deadlineMs` for the running requests. Resolves with the number of
   * requests cut at the deadline: 0 when every one answered in time.
   */
  async drain(server: Server, deadlineMs: number): Promise<number> {
    this.draining = true;
    // Stops listening and drops idle keep-alive connections; open connections stay until they end.
    server.close();
    for (const res of this.inFlight) {
      // Answers still to be written close their connection, so clients do not queue more on it.
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      new Promise<boolean>((resolve) => {
        this.settled = () => resolve(true);
        if (this.inFlight.size === 0) resolve(true);
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      }),
    ]);
    clearTimeout(timer);
    this.settled = undefined;
    const cut = answered ? 0 : this.inFlight.size;
    // Answered requests leave keep-alive connections idle; past the deadline, running ones are cut.
    if (answered) server.closeIdleConnections();
    else server.closeAllConnections();
    return cut;
  }
}

function refuse(res: ServerResponse): void {
  const body = JSON.stringify({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'the server is shutting down and did not run this request: retry it',
    code: 'shutting_down',
  });
  res.writeHead(503, {
    ...DATA_HEADERS,
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': '1',
    Connection: 'close',
  });
  res.end(body);
}
