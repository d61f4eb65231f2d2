import { RealtimeConnection, type ServerFrame, type WebSocketLike } from '../../client/src/index';
import { backoffDelay } from '../../client/src/retry';

/** A WebSocket the test drives: it records the URLs opened and lets the test deliver frames and closes. */
class FakeSocket implements WebSocketLike {
  static opened: FakeSocket[] = [];
  readyState = 1;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: string[] = [];
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {}
  deliver(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

const T = '2024-01-27T10:30:00Z';
const message = (position: string) => ({
  type: 'message',
  conversation_id: 'c',
  position,
  timestamp: T,
  message: { id: `c.${Number(position)}` },
});

describe('RealtimeConnection (unit)', () => {
  beforeEach(() => {
    FakeSocket.opened = [];
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  async function connection(options: Partial<ConstructorParameters<typeof RealtimeConnection>[0]> = {}) {
    const rt = new RealtimeConnection({
      baseUrl: 'http://chat.test',
      token: 'tok',
      WebSocket: FakeSocket,
      random: () => 0.5,
      ...options,
    });
    const frames: ServerFrame[] = [];
    rt.on('frame', (f) => frames.push(f));
    rt.connect();
    await jest.advanceTimersByTimeAsync(0);
    return { rt, frames, socket: () => FakeSocket.opened.at(-1) as FakeSocket };
  }

  it('resumes after the last position delivered, and drops frames at or before it', async () => {
    const { frames, socket } = await connection();
    expect(socket().url).toBe('ws://chat.test/api/v1/chat/ws?token=tok');
    socket().deliver({ type: 'connected', timestamp: T });
    socket().deliver(message('0001'));
    socket().deliver(message('0002'));
    socket().drop();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.opened).toHaveLength(2);
    expect(new URL(socket().url).searchParams.get('since')).toBe('0002');
    socket().deliver({ type: 'connected', recovered: true, timestamp: T });
    socket().deliver(message('0002'));
    socket().deliver(message('0003'));
    const positions = frames.flatMap((f) => ('position' in f ? [f.position] : []));
    expect(positions).toEqual(['0001', '0002', '0003']);
  });

  it('says when the server could not recover, and starts again from live frames', async () => {
    const { rt, frames, socket } = await connection({ since: '0009' });
    const notices: unknown[] = [];
    rt.on('resync', (n) => notices.push(n));
    socket().deliver({ type: 'connected', recovered: false, timestamp: T });
    socket().deliver(message('0001'));
    expect(notices).toEqual([{ reason: 'not_recovered' }]);
    expect(frames.filter((f) => f.type === 'message')).toHaveLength(1);
    expect(rt.position).toBe('0001');
  });

  it('backs off with jitter between attempts, and does not come back after removal (4003)', async () => {
    const { rt, socket } = await connection({ backoff: { baseMs: 100, maxMs: 1000 } });
    socket().drop();
    await jest.advanceTimersByTimeAsync(49);
    expect(FakeSocket.opened).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(FakeSocket.opened).toHaveLength(2);
    socket().drop();
    await jest.advanceTimersByTimeAsync(99);
    expect(FakeSocket.opened).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(FakeSocket.opened).toHaveLength(3);
    socket().drop(4003);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.opened).toHaveLength(3);
    expect(rt.state).toBe('closed');
  });

  it('refreshes a token function over the socket before the token expires', async () => {
    const jwt = (exp: number) =>
      `h.${Buffer.from(JSON.stringify({ sub: 'u', exp })).toString('base64url')}.s`;
    let issued = 0;
    const { socket } = await connection({
      token: () => jwt(Math.floor(Date.now() / 1000) + 600 + issued++),
      refreshLeadMs: 60_000,
    });
    socket().deliver({ type: 'connected', timestamp: T });
    await jest.advanceTimersByTimeAsync(539_000);
    expect(socket().sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(2000);
    expect(socket().sent.map((s) => JSON.parse(s).type)).toEqual(['auth']);
  });
});

describe('backoffDelay (unit)', () => {
  it('is a random share of a capped exponential', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(20, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
  });
});
