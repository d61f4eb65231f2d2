import { LEASE_EVERY_MS, OFFLINE_GRACE_MS } from '../../../src/realtime/presence-tracker';
import { Chat, type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { tempDir } from '../../support/temp-dir';
import { sleep, type WsClient, WsClients, type WsFrame } from '../../support/ws-client';

/**
 * Every change of a user's presence (connect, disconnect after the grace period, every POST /presence)
 * reaches every socket that shares a conversation with them, once, with the status and status message
 * just set, whether or not the user has a socket; GET /users/online agrees with the frames. On one
 * node, and across two nodes sharing one log (the watcher on one, the user on the other).
 */

const C = '/api/v1/chat';
const presenceOf = (userId: string) => (frame: WsFrame) =>
  frame.type === 'presence' && frame.presence?.user_id === userId;
/** Long enough for a frame that should not come to have come (a stale repeat, a duplicate). */
const SETTLE_MS = 400;

describe.each([
  ['one node', 1],
  ['two nodes', 2],
])('presence frames on %s', (_name, nodes) => {
  const data = tempDir('chat-presence-');
  let watcherNode: RealtimeNode;
  let userNode: RealtimeNode;
  const clients = new WsClients();
  const alice = tokenFor('alice', { name: 'Alice' });
  const bob = tokenFor('bob', { name: 'Bob' });

  beforeAll(async () => {
    watcherNode = await startRealtimeNode({ dataDir: data.dir });
    userNode = nodes === 1 ? watcherNode : await startRealtimeNode({ dataDir: data.dir });
  });
  afterAll(async () => {
    await clients.closeAll();
    if (userNode !== watcherNode) await userNode?.stop();
    await watcherNode?.stop();
    data.remove();
  });

  const connect = async (url: string): Promise<WsClient> => {
    const client = await clients.connect(url);
    await client.waitForType('connected');
    return client;
  };

  /** Alice's presence frames seen by the watcher, as (status, status message). */
  const seen = (watcher: WsClient) =>
    watcher.frames
      .filter(presenceOf('alice'))
      .map((f) => [f.presence.status, f.presence.status_message] as [string, string | null]);

  /** What both nodes list for alice, once their read models show `token`. */
  const listed = async (token: string | null) => {
    const query = token === null ? '' : `?consistency_token=${encodeURIComponent(token)}`;
    const lists = await Promise.all(
      [watcherNode, userNode].map((node) => node.call('GET', `${C}/users/online${query}`, { token: bob })),
    );
    return lists.map((res) => {
      const entry = res.body.find((u: { user_id: string }) => u.user_id === 'alice');
      return entry === undefined ? 'absent' : [entry.status, entry.status_message];
    });
  };

  const setPresence = async (status: string, status_message: string | null) => {
    const res = await userNode.call('POST', `${C}/presence`, {
      token: alice,
      body: { status, status_message },
    });
    expect(res.status).toBe(200);
    return res.headers.get('x-consistency-token');
  };

  it('follows the reported scenario: away without a socket, connect, busy, disconnect', async () => {
    const id = await new Chat(userNode).createGroup(alice, ['bob']);
    const watcher = await connect(watcherNode.wsUrl(`/${id}`, bob));

    // Alice, with no socket, steps away: Bob hears it.
    const away = await setPresence('away', 'lunch');
    await watcher.waitFor(presenceOf('alice'), 5000);
    await sleep(SETTLE_MS);
    expect(seen(watcher)).toEqual([['away', 'lunch']]);
    expect(await listed(away)).toEqual([
      ['away', 'lunch'],
      ['away', 'lunch'],
    ]);

    // Alice connects: still away, once.
    const aliceSocket = await connect(userNode.wsUrl('', alice));
    await watcher.waitFor((f) => presenceOf('alice')(f) && seen(watcher).length === 2, 15_000);
    await sleep(SETTLE_MS);
    expect(seen(watcher)).toEqual([
      ['away', 'lunch'],
      ['away', 'lunch'],
    ]);

    // Alice, connected, is busy now: the frame says busy, and only one frame comes.
    const busy = await setPresence('busy', 'deep work');
    await watcher.waitFor((f) => presenceOf('alice')(f) && f.presence.status === 'busy', 5000);
    await sleep(SETTLE_MS);
    expect(seen(watcher).slice(2)).toEqual([['busy', 'deep work']]);
    expect(await listed(busy)).toEqual([
      ['busy', 'deep work'],
      ['busy', 'deep work'],
    ]);

    // Back online, then gone: the last frame after the grace period says what the list says.
    const online = await setPresence('online', null);
    await watcher.waitFor((f) => presenceOf('alice')(f) && f.presence.status === 'online', 5000);
    expect(await listed(online)).toEqual([
      ['online', null],
      ['online', null],
    ]);
    await aliceSocket.close();
    await sleep(OFFLINE_GRACE_MS + LEASE_EVERY_MS + 1000);
    const frames = seen(watcher);
    expect(frames.slice(3)).toEqual([
      ['online', null],
      ['online', null],
    ]);
    expect(await listed(null)).toEqual([frames.at(-1), frames.at(-1)]);
  }, 60_000);

  it('a user who never chose a status goes online on connect and offline after the grace period', async () => {
    const carol = tokenFor('carol', { name: 'Carol' });
    const id = await new Chat(userNode).createGroup(bob, ['carol']);
    const watcher = await connect(watcherNode.wsUrl(`/${id}`, bob));
    const carolSocket = await connect(userNode.wsUrl(`/${id}`, carol));
    await watcher.waitFor((f) => presenceOf('carol')(f) && f.presence.status === 'online', 15_000);
    await carolSocket.close();
    await watcher.waitFor((f) => presenceOf('carol')(f) && f.presence.status === 'offline', 15_000);
    await sleep(SETTLE_MS);
    expect(watcher.frames.filter(presenceOf('carol')).map((f) => f.presence.status)).toEqual([
      'online',
      'offline',
    ]);
    const list = await watcherNode.call('GET', `${C}/users/online`, { token: bob });
    expect(list.body.map((u: { user_id: string }) => u.user_id)).not.toContain('carol');
  }, 30_000);

  it('one frame per socket however many conversations it shares with the user; a participant added later is seen too', async () => {
    const gina = tokenFor('gina', { name: 'Gina' });
    const hugo = tokenFor('hugo', { name: 'Hugo' });
    const ivan = tokenFor('ivan', { name: 'Ivan' });
    const chat = new Chat(userNode);
    const first = await chat.createGroup(gina, ['hugo']);
    await chat.createGroup(gina, ['hugo']);
    const later = await chat.createGroup(gina, []);
    // Gina's all-conversations socket and a single-conversation one share both groups' participants.
    const all = await connect(watcherNode.wsUrl('', gina));
    const single = await connect(watcherNode.wsUrl(`/${first}`, gina));
    const hugoSocket = await connect(userNode.wsUrl('', hugo));
    await all.waitFor((f) => presenceOf('hugo')(f) && f.presence.status === 'online', 15_000);
    await single.waitFor((f) => presenceOf('hugo')(f) && f.presence.status === 'online', 15_000);

    await chat.addParticipant(gina, later, 'ivan');
    await all.waitFor((f) => f.type === 'participant_added', 5000);
    const ivanSocket = await connect(userNode.wsUrl(`/${later}`, ivan));
    await all.waitFor((f) => presenceOf('ivan')(f) && f.presence.status === 'online', 15_000);
    await sleep(SETTLE_MS);
    expect(all.frames.filter(presenceOf('hugo')).map((f) => f.presence.status)).toEqual(['online']);
    expect(single.frames.filter(presenceOf('hugo')).map((f) => f.presence.status)).toEqual(['online']);
    expect(single.frames.filter(presenceOf('ivan'))).toEqual([]);
    // A user's own sockets get no frame of their own presence.
    expect(hugoSocket.frames.filter(presenceOf('hugo'))).toEqual([]);
    expect(all.frames.filter(presenceOf('gina'))).toEqual([]);
    await ivanSocket.close();
    await hugoSocket.close();
  }, 30_000);

  it('a user known only by their token is listed with the profile of their token, and updated_at', async () => {
    const dave = tokenFor('dave', { name: 'Dave', picture: 'https://example.com/dave.png' });
    const socket = await connect(userNode.wsUrl('', dave));
    let entry: any;
    for (let tries = 0; tries < 50 && entry?.username !== 'Dave'; tries++) {
      const list = await watcherNode.call('GET', `${C}/users/online`, { token: bob });
      entry = list.body.find((u: { user_id: string }) => u.user_id === 'dave');
      if (entry?.username !== 'Dave') await sleep(100);
    }
    expect(entry).toEqual({
      user_id: 'dave',
      username: 'Dave',
      user_avatar: 'https://example.com/dave.png',
      status: 'online',
      status_message: null,
      last_active: null,
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    await socket.close();
  }, 30_000);
});
