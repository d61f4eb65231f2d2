import { act, createElement } from 'react';
import TestRenderer from 'react-test-renderer';
import WebSocket from 'ws';
import { ChatClient } from '../../client/src/index';
import { type UseChat, useChat } from '../../client/src/react';
import { startTestServer, type TestServer } from '../support/api-server';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The React hook on a real client against a real server. */
describe('useChat', () => {
  let server: TestServer;
  const cleanup: Array<() => void> = [];
  beforeAll(async () => {
    server = await startTestServer();
    // Frames arrive between act() calls by nature; React's notes about it and the renderer's
    // deprecation say nothing about the hook.
    const error = console.error;
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!/react-test-renderer is deprecated|not wrapped in act/.test(String(args[0]))) error(...args);
    });
  });
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
  });
  afterAll(async () => {
    await server.stop();
  });

  function client(user: string): ChatClient {
    const c = new ChatClient({
      baseUrl: server.url,
      token: server.token(user, { name: user }),
      WebSocket: WebSocket as never,
    });
    cleanup.push(() => c.close());
    return c;
  }

  /** Renders the hook and returns a getter for its latest value. */
  async function renderChat(c: ChatClient, conversationId: string, pageSize?: number) {
    const seen: UseChat[] = [];
    function Probe() {
      seen.push(useChat(conversationId, { client: c, ...(pageSize && { pageSize }) }));
      return null;
    }
    let renderer: TestRenderer.ReactTestRenderer | undefined;
    await act(async () => {
      renderer = TestRenderer.create(createElement(Probe));
    });
    cleanup.push(() => act(() => renderer?.unmount()));
    return { current: () => seen[seen.length - 1] as UseChat, history: seen };
  }

  async function until(check: () => boolean, what: string) {
    for (let i = 0; i < 200 && !check(); i++) {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 25));
      });
    }
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  }

  it('loads history, pages back, shows live messages, edits and deletions', async () => {
    const alice = client('alice');
    const group = await alice.createConversation({ name: 'Hook', participant_ids: ['bob'] });
    for (const n of [1, 2, 3]) await alice.sendMessage({ conversation_id: group.id, content: `m${n}` });
    const chat = await renderChat(client('bob'), group.id, 2);
    await until(() => chat.current().messages.length === 2 && chat.current().isConnected, 'the first page');
    expect(chat.current().messages.map((m) => m.content)).toEqual(['m2', 'm3']);
    expect(chat.current().hasMore).toBe(true);
    await act(async () => {
      await chat.current().loadMore();
    });
    expect(chat.current().messages.map((m) => m.content)).toEqual(['m1', 'm2', 'm3']);
    expect(chat.current().hasMore).toBe(false);

    const live = await alice.sendMessage({ conversation_id: group.id, content: 'live' });
    await until(() => chat.current().messages.length === 4, 'the live message');
    await alice.editMessage(live.id, 'live, edited');
    await until(() => chat.current().messages[3]?.content === 'live, edited', 'the edit');
    const first = chat.current().messages[0]?.id as string;
    await alice.deleteMessage(first);
    await until(() => chat.current().messages[0]?.is_deleted === true, 'the deletion');
  });

  it('shows a sent message at once, then exactly once as the server has it', async () => {
    const alice = client('alice');
    const group = await alice.createConversation({ name: 'Optimistic', participant_ids: ['bob'] });
    const chat = await renderChat(client('bob'), group.id);
    await until(() => chat.current().isConnected, 'connected');
    let sending: Promise<void> = Promise.resolve();
    await act(async () => {
      sending = chat.current().sendMessage('hello');
    });
    const pendingSeen = chat.history.some((v) => v.messages.some((m) => m.pending && m.content === 'hello'));
    expect(pendingSeen).toBe(true);
    await act(async () => {
      await sending;
    });
    await until(() => chat.current().messages.every((m) => !m.pending), 'the server copy');
    // The REST answer and the socket frame both came back: still one message.
    await act(async () => {
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(chat.current().messages.map((m) => m.content)).toEqual(['hello']);
    expect(chat.current().messages[0]?.id).toMatch(/\.1$/);
    await act(async () => {
      await chat.current().markRead();
    });
    const [summary] = await client('bob').listConversations();
    expect(summary?.unread_count).toBe(0);
  });

  it('reloads the history when the server says it could not replay what was missed', async () => {
    const alice = client('alice');
    const group = await alice.createConversation({ name: 'Resync', participant_ids: ['bob'] });
    await alice.sendMessage({ conversation_id: group.id, content: 'kept' });
    const bob = new ChatClient({
      baseUrl: server.url,
      token: server.token('bob', { name: 'bob' }),
      WebSocket: WebSocket as never,
      since: 'a-position-from-another-log',
    });
    cleanup.push(() => bob.close());
    const loads = jest.spyOn(bob, 'listMessages');
    const notices: unknown[] = [];
    bob.on('resync', (notice) => notices.push(notice));
    const chat = await renderChat(bob, group.id);
    await until(() => notices.length === 1 && loads.mock.calls.length === 2, 'the reload');
    await until(() => chat.current().messages.length === 1, 'the history');
    expect(chat.current().messages.map((m) => m.content)).toEqual(['kept']);
  });

  it('shows others typing and clears it', async () => {
    const alice = client('alice');
    const group = await alice.createConversation({ name: 'Typing', participant_ids: ['bob'] });
    const chat = await renderChat(client('bob'), group.id);
    const aliceChat = await renderChat(alice, group.id);
    await until(() => chat.current().isConnected && aliceChat.current().isConnected, 'connected');
    act(() => aliceChat.current().updateTyping(true));
    await until(() => chat.current().typingUsers.length === 1, 'typing shown');
    expect(chat.current().typingUsers[0]?.user_id).toBe('alice');
    expect(aliceChat.current().typingUsers).toEqual([]);
    act(() => aliceChat.current().updateTyping(false));
    await until(() => chat.current().typingUsers.length === 0, 'typing cleared');
  });
});
