import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CallOptions, httpCall, type TestResponse } from '../../support/api-server';
import { itWithBinaries } from '../../support/binaries';
import type { ChildServer } from '../../support/child-server';
import { stopChildServers } from '../../support/child-server';
import { freePort } from '../../support/free-port';
import { renderNginxConfig } from '../../support/nginx-config';
import { startNginx } from '../../support/nginx-process';
import {
  assertBuilt,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
  tokenFor,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';
import { WsClient, type WsFrame } from '../../support/ws-client';

const { it: itWithNginx, paths } = itWithBinaries('nginx');

const alice = tokenFor('alice', { name: 'Alice' });
const bob = tokenFor('bob', { name: 'Bob' });
const messageWith = (content: string) => (frame: WsFrame) =>
  frame.type === 'message' && frame.message?.content === content;

interface Proxy {
  server: ChildServer;
  port: number;
  dir: string;
  call(method: string, path: string, options?: CallOptions): Promise<TestResponse>;
  /** The seed's WebSocket URL, on nginx's port. */
  wsUrl(conversationId: string, token: string): string;
  /** The access log's lines so far (format `chat` of deploy/nginx/nginx.conf). */
  accessLog(): string[];
}

/**
 * Two server processes on one DATA_DIR (one embedded log, one set of read models) behind nginx run
 * from the production config: as deployed (both nodes in both upstreams) and pinned (REST only to node
 * A, WebSockets only to node B), so a test can prove that a write through one node reaches a socket
 * held on the other.
 */
describe('nginx in front of two nodes on one store', () => {
  const data = tempDir('chat-nginx-nodes-');
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  const proxies: Proxy[] = [];
  const sockets: WsClient[] = [];

  const startProxy = async (name: string, rest: ServerProcess[], ws: ServerProcess[]): Promise<Proxy> => {
    const port = await freePort();
    const dir = join(data.dir, name);
    const config = renderNginxConfig({
      listen: port,
      rest: rest.map((node) => `127.0.0.1:${node.port}`),
      ws: ws.map((node) => `127.0.0.1:${node.wsPort}`),
    });
    const server = await startNginx(paths.nginx as string, dir, config, port);
    const base = `http://127.0.0.1:${port}`;
    const proxy: Proxy = {
      server,
      port,
      dir,
      call: (method, path, options) => httpCall(base, method, path, options),
      wsUrl: (id, token) => `ws://127.0.0.1:${port}/api/v1/chat/ws/${id}?token=${token}`,
      accessLog: () => readFileSync(join(dir, 'logs/access.log'), 'utf8').split('\n').filter(Boolean),
    };
    proxies.push(proxy);
    return proxy;
  };

  const connect = async (url: string): Promise<WsClient> => {
    const socket = await WsClient.connect(url);
    sockets.push(socket);
    await socket.waitForType('connected');
    return socket;
  };

  const createGroup = async (proxy: Proxy): Promise<string> => {
    const res = await proxy.call('POST', '/api/v1/chat/conversations', {
      token: alice,
      body: { conversation_type: 'group', name: 'Through nginx', participant_ids: ['bob'] },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  /** The upstream address of every access-log line for `method path...`. */
  const upstreamsOf = (proxy: Proxy, request: RegExp): string[] =>
    proxy
      .accessLog()
      .filter((line) => request.test(line))
      .map((line) => /upstream=(\S+)/.exec(line)?.[1] as string);

  beforeAll(async () => {
    if (!paths.nginx) return;
    assertBuilt();
    nodeA = await startServerProcess(data.dir);
    nodeB = await startServerProcess(data.dir);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await Promise.all(proxies.map((proxy) => proxy.server.stop()));
    await stopChildServers();
    await killServerProcesses();
    data.remove();
  });

  itWithNginx(
    'delivers a message sent through nginx to node A to a socket held through nginx on node B',
    async () => {
      const pinned = await startProxy('pinned', [nodeA], [nodeB]);
      const id = await createGroup(pinned);
      const onB = await connect(pinned.wsUrl(id, bob));
      const sent = await pinned.call('POST', '/api/v1/chat/messages', {
        token: alice,
        body: { conversation_id: id, content: 'written on A, read on B' },
      });
      expect(sent.status).toBe(201);
      const frame = await onB.waitFor(messageWith('written on A, read on B'));
      expect(frame).toMatchObject({
        type: 'message',
        message: { id: sent.body.id, user_id: 'alice', username: 'Alice' },
      });
      // Both hops went through nginx, each to the node it was pinned to.
      expect(upstreamsOf(pinned, /"POST \/api\/v1\/chat\/messages /)).toEqual([`127.0.0.1:${nodeA.port}`]);
      await onB.close();
      expect(upstreamsOf(pinned, /"GET \/api\/v1\/chat\/ws\//)).toEqual([`127.0.0.1:${nodeB.wsPort}`]);
    },
  );

  itWithNginx(
    'serves REST through nginx balanced over both nodes: create, send, history, and live frames',
    async () => {
      const balanced = await startProxy('balanced', [nodeA, nodeB], [nodeA, nodeB]);
      const id = await createGroup(balanced);
      const watchers = [await connect(balanced.wsUrl(id, bob)), await connect(balanced.wsUrl(id, alice))];
      const contents = Array.from({ length: 8 }, (_, i) => `balanced ${i}`);
      const ids: string[] = [];
      for (const content of contents) {
        const res = await balanced.call('POST', '/api/v1/chat/messages', {
          token: alice,
          body: { conversation_id: id, content },
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      // Read-your-writes holds whichever node answers the query: no consistency token needed.
      const history = await balanced.call('GET', `/api/v1/chat/conversations/${id}/messages?limit=50`, {
        token: bob,
      });
      expect(history.status).toBe(200);
      expect(history.body.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
      for (const watcher of watchers) {
        const frames = await watcher.waitForCount((f) => f.type === 'message', contents.length);
        expect(frames.map((f) => f.message.content)).toEqual(contents);
      }
      // Round robin: the sends were answered by both nodes.
      const sends = upstreamsOf(balanced, /"POST \/api\/v1\/chat\/messages /);
      expect(new Set(sends)).toEqual(new Set([`127.0.0.1:${nodeA.port}`, `127.0.0.1:${nodeB.port}`]));
    },
  );

  itWithNginx(
    "logs the client's X-Request-Id, or an id of its own, beside the node that answered",
    async () => {
      const proxy = proxies[0] ?? (await startProxy('request-id', [nodeA], [nodeB]));
      expect(
        (await proxy.call('GET', '/health', { headers: { 'X-Request-Id': 'client-chosen-1' } })).status,
      ).toBe(200);
      expect((await proxy.call('GET', '/health')).status).toBe(200);
      // nginx writes an access line after it has answered: wait (bounded) for both lines.
      const healthLines = () => proxy.accessLog().filter((line) => line.includes('"GET /health '));
      for (let i = 0; i < 50 && healthLines().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const ids = healthLines().map((line) => /req_id=(\S+) upstream=127\.0\.0\.1:\d+ /.exec(line)?.[1]);
      expect(ids).toEqual(['client-chosen-1', expect.stringMatching(/^[0-9a-f]{32}$/)]);
    },
  );

  itWithNginx('keeps /metrics off the public entrance', async () => {
    const proxy = proxies[0] ?? (await startProxy('metrics', [nodeA], [nodeB]));
    const res = await proxy.call('GET', '/metrics');
    expect(res.status).toBe(404);
    // nginx answered every /metrics request itself (its start-up probe included): no upstream.
    expect(new Set(upstreamsOf(proxy, /"GET \/metrics /))).toEqual(new Set(['-']));
  });
});
