import WebSocket from 'ws';

/** A frame as a client sees it: JSON with a `type`. */
export type WsFrame = { type: string } & Record<string, any>;

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface Refusal {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

type Predicate = (frame: WsFrame) => boolean;

interface Waiter {
  check: () => boolean;
  fail: (error: Error) => void;
}

/**
 * A `ws` client that records every frame it receives, lets a test wait for frames, and closes
 * cleanly (awaiting the 'close' event, so jest can exit).
 */
export class WsClient {
  readonly frames: WsFrame[] = [];
  /** Resolves with the close code and reason once the socket has closed, whoever closed it. */
  readonly closed: Promise<CloseInfo>;
  closeInfo: CloseInfo | undefined;
  private readonly waiters = new Set<Waiter>();
  /** Called for every frame as it arrives, after it is recorded. */
  onFrame: ((frame: WsFrame) => void) | undefined;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        resolve(this.closeInfo);
        for (const waiter of [...this.waiters]) waiter.check();
      });
    });
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      const frame = JSON.parse(text) as WsFrame;
      this.frames.push(frame);
      this.onFrame?.(frame);
      for (const waiter of [...this.waiters]) waiter.check();
    });
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string, options: { headers?: Record<string, string> } = {}): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: options.headers, handshakeTimeout: 15_000 });
      const client = new WsClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => {
        res.resume();
        socket.terminate();
        reject(new Error(`upgrade refused with ${res.statusCode}`));
      });
      socket.once('error', (error) => reject(error));
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  ofType(type: string): WsFrame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** The first recorded frame at index >= from that matches, waiting up to timeoutMs for it. */
  waitFor(predicate: Predicate, timeoutMs = 10_000, from = 0, what = 'a matching frame'): Promise<WsFrame> {
    let found: WsFrame | undefined;
    return this.until(
      () => {
        found = this.frames.slice(from).find(predicate);
        return found !== undefined;
      },
      timeoutMs,
      what,
    ).then(() => found as WsFrame);
  }

  waitForType(type: string, timeoutMs = 10_000, from = 0): Promise<WsFrame> {
    return this.waitFor((frame) => frame.type === type, timeoutMs, from, `a ${type} frame`);
  }

  /** Waits until at least `count` recorded frames match. */
  async waitForCount(predicate: Predicate, count: number, timeoutMs = 20_000): Promise<WsFrame[]> {
    await this.until(
      () => this.frames.filter(predicate).length >= count,
      timeoutMs,
      `${count} matching frames (have ${this.frames.filter(predicate).length})`,
    );
    return this.frames.filter(predicate);
  }

  /** Resolves when check() holds; rejects on timeout or when the socket closes first. */
  until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => waiter.fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      const waiter: Waiter = {
        check: () => {
          if (check()) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            resolve();
            return true;
          }
          if (this.closeInfo) {
            waiter.fail(
              new Error(
                `socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}`,
              ),
            );
          }
          return false;
        },
        fail: (error) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves false if no frame matching predicate (at index >= from) arrives within ms. */
  async staysWithout(predicate: Predicate, ms: number, from = 0): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return !this.frames.slice(from).some(predicate);
  }

  /** Closes (terminating if the handshake does not finish) and awaits the 'close' event. */
  async close(code = 1000): Promise<CloseInfo> {
    if (this.closeInfo) return this.closeInfo;
    const socket = this.socket;
    if (socket.readyState === WebSocket.OPEN) socket.close(code);
    else if (socket.readyState !== WebSocket.CLOSING) socket.terminate();
    const timer = setTimeout(() => socket.terminate(), 3000);
    try {
      return await this.closed;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Opens sockets and remembers them, so a test can close every one of them (and await their 'close'
 * events) before it stops the server.
 */
export class WsClients {
  private readonly clients = new Set<WsClient>();

  async connect(url: string, options: { headers?: Record<string, string> } = {}): Promise<WsClient> {
    const client = await WsClient.connect(url, options);
    this.clients.add(client);
    return client;
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients];
    this.clients.clear();
    await Promise.all(all.map((client) => client.close()));
  }
}

/**
 * Attempts an upgrade that the server is expected to refuse; resolves with the HTTP answer (status and
 * parsed JSON body). Rejects if the upgrade succeeds (after closing the socket).
 */
export function refusal(url: string, headers: Record<string, string> = {}): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, handshakeTimeout: 15_000 });
    let outcome: (() => void) | undefined;
    socket.on('error', () => {});
    socket.once('close', () => outcome?.());
    socket.once('open', () => {
      outcome = () => reject(new Error(`the upgrade of ${url} was accepted`));
      socket.close();
    });
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {}
        outcome = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        socket.terminate();
      });
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
