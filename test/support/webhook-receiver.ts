import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as a signature covers it. */
  body: string;
  json: any;
  /** The status this request was answered with. */
  status: number;
  at: number;
}

/**
 * A real HTTP receiver on loopback (port 0 at first): records every request and answers with the status
 * `answer` gives (200 by default). It can go down and come back on the same port.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (request: { json: any; index: number }) => number = () => 200;
  /** How long the receiver takes to answer each request. */
  delayMs = 0;
  private server: Server | undefined;
  private port = 0;
  /**
   * A path of its own: a port freed by another process (tests share the machine) may still be called
   * by that process's clients, and those requests are answered 404 and not recorded.
   */
  private readonly path = `/hooks/${randomBytes(6).toString('hex')}`;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.path}`;
  }

  /** Requests answered 2xx. */
  accepted(): ReceivedWebhook[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== this.path) {
        req.resume();
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {}
        const status = this.answer({ json, index: this.received.length });
        const reply = () => {
          this.received.push({
            method: req.method ?? '',
            url: req.url ?? '',
            headers: req.headers,
            body,
            json,
            status,
            at: Date.now(),
          });
          res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
        };
        if (this.delayMs > 0) setTimeout(reply, this.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and cuts open connections: the next POST fails to connect. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
