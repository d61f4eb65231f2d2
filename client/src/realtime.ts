import { Listeners } from './emitter.js';
import type { ClientFrame, ServerFrame } from './frames.js';
import { resolveToken, type TokenSource } from './http.js';
import { backoffDelay } from './retry.js';
import { refreshDelay, refreshIn } from './token-expiry.js';

/** What the client needs of a WebSocket: the browser's, or `ws` in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ResyncNotice {
  /** `not_recovered`: the server could not replay what was missed; reload history over REST. */
  reason: 'not_recovered';
}

export interface RealtimeEvents {
  frame: ServerFrame;
  state: ConnectionState;
  resync: ResyncNotice;
  /** Close code and reason of each lost connection (before the reconnect is scheduled). */
  disconnect: { code: number; reason: string };
}

export interface RealtimeOptions {
  /** The server's base URL (`http://host:8000`), or `''` for the page's origin. */
  baseUrl: string;
  /** A WebSocket URL base to use instead (e.g. `ws://host:8001` to reach WS_PORT directly). */
  wsUrl?: string;
  token: TokenSource;
  WebSocket?: WebSocketConstructor;
  /** Resume after this position on the first connection. */
  since?: string | null;
  backoff?: { baseMs: number; maxMs: number };
  /** Refresh the token over the socket this long before it expires. */
  refreshLeadMs?: number;
  random?: () => number;
}

const OPEN = 1;
const CLOSE_REMOVED = 4003;
const CLOSE_TOKEN_EXPIRED = 4001;
const CLOSE_GOING_AWAY = 1001;

/**
 * One WebSocket for all of the user's conversations (`/api/v1/chat/ws`). It reconnects with capped,
 * jittered backoff and resumes with `since` = the last position it delivered, drops frames at or
 * before that position (positions sort in log order), says when the server could not recover
 * (`resync`), and refreshes the token over the socket before it expires.
 */
export class RealtimeConnection {
  private readonly listeners = new Listeners<RealtimeEvents>();
  private socket: WebSocketLike | null = null;
  private lastPosition: string | null;
  private attempt = 0;
  private stateValue: ConnectionState = 'idle';
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly random: () => number;

  constructor(private readonly options: RealtimeOptions) {
    this.lastPosition = options.since ?? null;
    this.random = options.random ?? Math.random;
  }

  on<K extends keyof RealtimeEvents>(type: K, listener: (value: RealtimeEvents[K]) => void): () => void {
    return this.listeners.on(type, listener);
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The position of the last log frame delivered: where a reconnect resumes. */
  get position(): string | null {
    return this.lastPosition;
  }

  connect(): void {
    if (!this.WebSocket)
      throw new TypeError('no WebSocket implementation: pass one (for example `ws`) as WebSocket');
    this.stopped = false;
    if (this.socket || this.reconnectTimer) return;
    void this.open();
  }

  private get WebSocket(): WebSocketConstructor | undefined {
    return this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  }

  /** Closes for good (no reconnect). */
  close(): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closed');
    this.setState('closed');
  }

  /** Sends a frame when the socket is open; false otherwise (the caller may fall back to REST). */
  send(frame: ClientFrame): boolean {
    if (!this.socket || this.socket.readyState !== OPEN || this.stateValue !== 'open') return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private async open(): Promise<void> {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let token: string;
    try {
      token = await resolveToken(this.options.token);
    } catch {
      this.scheduleReconnect(0);
      return;
    }
    if (this.stopped) return;
    const Socket = this.WebSocket as WebSocketConstructor;
    let socket: WebSocketLike;
    try {
      socket = new Socket(this.url(token));
    } catch {
      // A malformed URL or a refused scheme: keep trying, spaced out, like any failed connection.
      this.scheduleReconnect(0);
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      if (this.socket === socket) this.received(String(event.data), token);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      this.listeners.emit('disconnect', { code: event.code, reason: event.reason });
      if (this.stopped) return;
      if (event.code === CLOSE_REMOVED) return this.setState('closed');
      this.scheduleReconnect(event.code);
    };
    socket.onerror = () => {
      // Always followed by close, which decides what to do.
    };
  }

  private url(token: string): string {
    const base = this.options.wsUrl ?? httpToWs(this.options.baseUrl);
    const url = new URL(`${base}/api/v1/chat/ws`);
    url.searchParams.set('token', token);
    if (this.lastPosition !== null) url.searchParams.set('since', this.lastPosition);
    return url.toString();
  }

  private received(text: string, token: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'connected') {
      this.attempt = 0;
      this.setState('open');
      this.scheduleRefresh(token);
      if (frame.recovered === false) {
        // Whatever we held may be from a log the server no longer has: start again from live frames.
        this.lastPosition = null;
        this.listeners.emit('resync', { reason: 'not_recovered' });
      }
    }
    if (frame.type === 'auth_ok') this.scheduleRefreshAt(Date.parse(frame.expires_at));
    if ('position' in frame && typeof frame.position === 'string') {
      if (this.lastPosition !== null && frame.position <= this.lastPosition) return;
      this.lastPosition = frame.position;
    }
    this.listeners.emit('frame', frame);
  }

  private scheduleReconnect(closeCode: number): void {
    this.setState('reconnecting');
    const policy = this.options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    // An expired token is replaced at once; a server going away is given a few seconds, spread out.
    const delay =
      closeCode === CLOSE_TOKEN_EXPIRED
        ? 0
        : closeCode === CLOSE_GOING_AWAY
          ? Math.max(backoffDelay(this.attempt, policy, this.random), this.random() * 3000)
          : backoffDelay(this.attempt, policy, this.random);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) void this.open();
    }, delay);
  }

  private scheduleRefresh(token: string): void {
    const delay = refreshDelay(token, Date.now(), this.options.refreshLeadMs ?? 60_000);
    if (delay !== null) this.armRefresh(delay);
  }

  private scheduleRefreshAt(expiresAt: number): void {
    if (Number.isNaN(expiresAt)) return;
    this.armRefresh(refreshIn(expiresAt - Date.now(), this.options.refreshLeadMs ?? 60_000));
  }

  private armRefresh(delay: number): void {
    if (typeof this.options.token === 'string') return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void resolveToken(this.options.token)
        .then((token) => this.send({ type: 'auth', token }))
        .catch(() => {
          // The server closes with 4001 at expiry; the reconnect asks for a token again.
        });
    }, delay);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.reconnectTimer = null;
    this.refreshTimer = null;
  }

  private setState(state: ConnectionState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.listeners.emit('state', state);
  }
}

/** `http://h:8000` → `ws://h:8000`; `''` → the page's origin. */
export function httpToWs(baseUrl: string): string {
  const location = (globalThis as { location?: { origin: string } }).location;
  const absolute = baseUrl === '' && location ? location.origin : baseUrl;
  return absolute.replace(/^http(s?):/, 'ws$1:').replace(/\/$/, '');
}
