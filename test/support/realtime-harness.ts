import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Stores } from '../../src/stores';
import { lateBound } from './late-bound';
import { startTestNode, type TestNode, type TestResponse } from './test-node';
import { type WsClient, WsClients } from './ws-client';

export { tokenFor } from './test-node';

const CHAT = '/api/v1/chat';

/**
 * A real server (embedded stores) for realtime tests. Several nodes may share one DATA_DIR (each opens
 * the same SQLite files), as nodes behind a load balancer share one log.
 */
export interface RealtimeNode extends TestNode {
  /** A WebSocket URL on the uWS port, e.g. wsUrl(`/${id}`, token). */
  wsUrl(path: string, token: string, query?: Record<string, string>): string;
  /** The same WebSocket URL on the REST port (forwarded to uWS over loopback). */
  restWsUrl(path: string, token: string, query?: Record<string, string>): string;
}

export interface NodeOptions {
  /** Share an existing data directory (another node's); a fresh temp dir otherwise. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Wraps the node's real stores (for example in fault-injecting decorators) before it starts. */
  wrapStores?: (stores: Stores) => Stores;
}

export async function startRealtimeNode(options: NodeOptions = {}): Promise<RealtimeNode> {
  const node = await startTestNode({ ...options, tempPrefix: 'chat-rt-' });
  const wsPath = (port: number, path: string, token: string, query: Record<string, string> = {}) => {
    const params = new URLSearchParams({ token, ...query });
    return `ws://127.0.0.1:${port}${CHAT}/ws${path}?${params.toString()}`;
  };
  return {
    ...node,
    wsUrl: (path, token, query) => wsPath(node.server.wsPort, path, token, query),
    restWsUrl: (path, token, query) => wsPath(node.server.port, path, token, query),
  };
}

/**
 * One node for a describe block: started before its tests and stopped after them, with the REST
 * helpers and a socket pool closed after each test. `node` stands for the node once it has started
 * (it forwards to it), so the tests use it as they would a variable set in beforeAll.
 */
export function realtimeSuite(
  options: NodeOptions = {},
  /** Sockets opened in beforeAll that serve every test stay open: pass false. */
  closeSocketsAfterEach = true,
): {
  node: RealtimeNode;
  chat: Chat;
  clients: WsClients;
  /** A socket to `url` that has received its `connected` frame. */
  connected(url: string): Promise<WsClient>;
} {
  let started: RealtimeNode | undefined;
  const node = lateBound(() => started, 'the realtime node');
  const clients = new WsClients();
  beforeAll(async () => {
    started = await startRealtimeNode(options);
  });
  if (closeSocketsAfterEach) afterEach(() => clients.closeAll());
  afterAll(async () => {
    await clients.closeAll();
    await started?.stop();
  });
  return {
    node,
    chat: new Chat(node),
    clients,
    connected: async (url) => {
      const client = await clients.connect(url);
      await client.waitForType('connected');
      return client;
    },
  };
}

/** REST helpers for the chat commands a realtime test needs; each asserts the call succeeded. */
export class Chat {
  constructor(private readonly node: Pick<RealtimeNode, 'call'>) {}

  private async ok(method: string, path: string, token: string, body?: unknown): Promise<TestResponse> {
    const res = await this.node.call(method, CHAT + path, { token, body });
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res;
  }

  /** Creates a group conversation owned by the token's user with the other participants; its id. */
  async createGroup(ownerToken: string, participantIds: string[], name = 'room'): Promise<string> {
    const res = await this.ok('POST', '/conversations', ownerToken, {
      conversation_type: 'group',
      name,
      participant_ids: participantIds,
    });
    return String(res.body.id);
  }

  async send(token: string, conversationId: string, content: string): Promise<any> {
    return (await this.ok('POST', '/messages', token, { conversation_id: conversationId, content })).body;
  }

  async edit(token: string, messageId: string, content: string): Promise<any> {
    return (await this.ok('PUT', `/messages/${encodeURIComponent(messageId)}`, token, { content })).body;
  }

  async remove(token: string, messageId: string): Promise<any> {
    return (await this.ok('DELETE', `/messages/${encodeURIComponent(messageId)}`, token)).body;
  }

  async markRead(token: string, conversationId: string): Promise<any> {
    return (await this.ok('POST', `/conversations/${conversationId}/read`, token, {})).body;
  }

  async addParticipant(token: string, conversationId: string, userId: string): Promise<any> {
    return (
      await this.ok('POST', `/conversations/${conversationId}/participants`, token, { user_id: userId })
    ).body;
  }

  async removeParticipant(token: string, conversationId: string, userId: string): Promise<any> {
    return (await this.ok('DELETE', `/conversations/${conversationId}/participants/${userId}`, token)).body;
  }

  async typing(token: string, conversationId: string, isTyping: boolean): Promise<TestResponse> {
    return this.ok('POST', '/typing', token, { conversation_id: conversationId, is_typing: isTyping });
  }

  async messages(token: string, conversationId: string, query = ''): Promise<any[]> {
    return (await this.ok('GET', `/conversations/${conversationId}/messages${query}`, token)).body;
  }
}

/** Every event of the embedded log under dataDir (read through a separate read-only connection). */
export function logEvents(dataDir: string): { pos: number; stream_id: string; type: string }[] {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT pos, stream_id, type FROM events ORDER BY pos').all() as {
      pos: number;
      stream_id: string;
      type: string;
    }[];
  } finally {
    db.close();
  }
}

/** The seq of a message id `<conversationId>.<seq>`. */
export function seqOf(messageId: string): number {
  return Number(messageId.slice(messageId.lastIndexOf('.') + 1));
}
