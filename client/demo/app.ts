// The demo chat page: every call goes through the client package. Message content and names are
// user data: they are only ever set as text (textContent), never parsed as HTML.
import {
  ChatApiError,
  ChatClient,
  type ConversationSummary,
  type Message,
  type ParticipantDetail,
  type Typing,
} from '../src/index.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const params = new URLSearchParams(location.search);
const serverInput = $<HTMLInputElement>('#server-url');
serverInput.value = params.get('server') ?? '';
const server = () => serverInput.value.trim().replace(/\/$/, '');

let client: ChatClient | null = null;
let me = '';
let conversations: ConversationSummary[] = [];
let current: string | null = null;
let messages: Message[] = [];
let nextBeforeId: string | null = null;
let participants: ParticipantDetail[] = [];
const receipts = new Map<string, string | null>();
const presence = new Map<string, string>();
let typing: Typing[] = [];

function showError(error: unknown): void {
  const text =
    error instanceof ChatApiError
      ? `${error.status} ${error.code}: ${error.detail}`
      : error instanceof Error
        ? error.message
        : String(error);
  $('#error').textContent = text;
}

async function signIn(token: string): Promise<void> {
  const candidate = new ChatClient({ baseUrl: server(), token });
  try {
    conversations = await candidate.listConversations();
  } catch (error) {
    showError(error);
    return;
  }
  client?.close();
  client = candidate;
  me = client.userId ?? '';
  $('#error').textContent = '';
  $('#me').textContent = `signed in as ${me}`;
  $('#sign-in').hidden = true;
  $('#chat').hidden = false;
  wire(client);
  client.connect();
  renderConversations();
  for (const user of await client.onlineUsers().catch(() => [])) presence.set(user.user_id, user.status);
}

function wire(c: ChatClient): void {
  c.on('state', (state) => {
    const status = $('#status');
    status.dataset.state = state;
    status.textContent = state === 'open' ? 'connected' : state === 'reconnecting' ? 'reconnecting…' : state;
    if (state === 'open') scheduleListRefresh();
  });
  c.on('message', (frame) => {
    scheduleListRefresh();
    if (frame.conversation_id !== current) return;
    if (!messages.some((m) => m.id === frame.message.id)) messages.push(frame.message);
    renderMessages();
    // Read what arrives in the open conversation while the page is seen (your own messages need no receipt).
    if (document.visibilityState === 'visible' && frame.message.user_id !== me) {
      void c.markRead(current, frame.message.id).catch(showError);
    }
  });
  c.on('message_edited', (frame) => {
    patchMessage(frame.message.id, { content: frame.message.content, is_edited: true });
    scheduleListRefresh();
  });
  c.on('message_deleted', (frame) => {
    patchMessage(frame.message.id, { content: '', is_deleted: true });
    scheduleListRefresh();
  });
  c.on('read', (frame) => {
    if (frame.conversation_id !== current) return;
    receipts.set(frame.receipt.user_id, frame.receipt.last_read_message_id);
    renderMessages();
  });
  c.on('participant_added', () => scheduleListRefresh());
  c.on('typing_changed', (change) => {
    if (change.conversation_id !== current) return;
    typing = change.users;
    renderTyping();
  });
  c.on('presence_changed', (p) => {
    presence.set(p.user_id, p.status);
    renderMembers();
  });
  // The server could not replay what was missed while we were away: load it again.
  c.on('resync', () => {
    $('#error').textContent = 'Reconnected without the missed updates: history reloaded.';
    scheduleListRefresh();
    if (current) void open(current);
  });
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleListRefresh(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    if (!client) return;
    try {
      conversations = await client.listConversations();
      renderConversations();
    } catch (error) {
      showError(error);
    }
  }, 100);
}

async function open(conversationId: string): Promise<void> {
  if (!client) return;
  if (current && current !== conversationId) client.typing(current).stop();
  current = conversationId;
  typing = client.typingUsers(conversationId);
  try {
    const [page, members] = await Promise.all([
      client.listMessages(conversationId, { limit: 20 }),
      client.listParticipants(conversationId),
    ]);
    if (current !== conversationId) return;
    messages = mergeById(
      [...page.messages].reverse(),
      messages.filter((m) => m.conversation_id === conversationId),
    );
    nextBeforeId = page.nextBeforeId;
    participants = members;
    receipts.clear();
    for (const p of members) receipts.set(p.user_id, p.last_read_message_id);
    $('#composer').hidden = false;
    renderConversations();
    renderMembers();
    renderMessages(true);
    renderTyping();
    const newest = messages.at(-1);
    if (newest) await client.markRead(conversationId, newest.id);
    scheduleListRefresh();
  } catch (error) {
    showError(error);
  }
}

/** Server messages in order, one per id (a page and live frames may overlap). */
function mergeById(page: Message[], held: Message[]): Message[] {
  const byId = new Map(held.map((m) => [m.id, m]));
  for (const m of page) if (!byId.has(m.id)) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => seq(a.id) - seq(b.id));
}
const seq = (id: string) => Number(id.slice(id.lastIndexOf('.') + 1));

function patchMessage(id: string, change: Partial<Message>): void {
  const index = messages.findIndex((m) => m.id === id);
  const found = messages[index];
  if (!found) return;
  messages[index] = { ...found, ...change };
  renderMessages();
}

function renderConversations(): void {
  const list = $('#conversations');
  list.replaceChildren(
    ...conversations.map((c) => {
      const item = el('li', c.id === current ? 'active' : '');
      item.dataset.id = c.id;
      item.append(el('span', 'name', c.name ?? `Direct (${c.id})`));
      const unread = el('span', 'unread', String(c.unread_count));
      unread.dataset.count = String(c.unread_count);
      item.append(unread);
      item.addEventListener('click', () => void open(c.id));
      return item;
    }),
  );
  const active = conversations.find((c) => c.id === current);
  if (active) $('#title').textContent = active.name ?? `Direct (${active.id})`;
}

function renderMembers(): void {
  const line = $('#members');
  line.replaceChildren(
    ...participants.map((p) => {
      const status = p.user_id === me ? 'online' : (presence.get(p.user_id) ?? 'offline');
      const span = el('span', `member presence-${status}`, `${p.username ?? p.user_id} `);
      span.dataset.user = p.user_id;
      span.dataset.status = status;
      return span;
    }),
  );
}

function renderMessages(scroll = false): void {
  const list = $('#messages');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
  list.replaceChildren(...messages.map(renderMessage));
  $('#load-more').hidden = nextBeforeId === null;
  if (scroll || atBottom) list.scrollTop = list.scrollHeight;
}

function renderMessage(m: Message): HTMLElement {
  const item = el('li', `message${m.user_id === me ? ' mine' : ''}${m.is_deleted ? ' deleted' : ''}`);
  item.dataset.id = m.id;
  item.append(el('span', 'author', m.username || m.user_id));
  item.append(el('span', 'content', m.is_deleted ? 'message deleted' : m.content));
  const time = new Date(m.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  item.append(el('span', 'meta', `${time}${m.is_edited && !m.is_deleted ? ' (edited)' : ''}`));
  if (m.user_id === me && !m.is_deleted) {
    const edit = el('button', 'edit', 'Edit');
    edit.type = 'button';
    edit.addEventListener('click', () => startEdit(item, m));
    const remove = el('button', 'delete', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => void client?.deleteMessage(m.id).catch(showError));
    item.append(edit, remove);
  }
  const seenBy = [...receipts].filter(([user, last]) => user !== me && last === m.id).map(([user]) => user);
  if (seenBy.length > 0) item.append(el('div', 'seen', `Seen by ${seenBy.join(', ')}`));
  return item;
}

function startEdit(item: HTMLElement, m: Message): void {
  const input = el('input', 'edit-input');
  input.value = m.content;
  const form = el('form', 'edit-form');
  form.append(input);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void client?.editMessage(m.id, input.value).catch(showError);
  });
  item.querySelector('.content')?.replaceWith(form);
  input.focus();
}

function renderTyping(): void {
  const names = typing.map((t) => t.username || t.user_id);
  $('#typing').textContent =
    names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

$('#token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn($<HTMLTextAreaElement>('#token').value.trim());
});

$('#dev-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = $<HTMLInputElement>('#dev-user').value.trim();
  try {
    const response = await fetch(`${server()}/demo/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: user }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.detail ?? `dev sign-in answered ${response.status}`);
    await signIn(body.token);
  } catch (error) {
    showError(error);
  }
});

$('#composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $<HTMLInputElement>('#message-input');
  const content = input.value;
  if (!client || !current || content.trim() === '') return;
  input.value = '';
  client.typing(current).stop();
  try {
    const sent = await client.sendMessage({ conversation_id: current, content });
    if (sent.conversation_id === current && !messages.some((m) => m.id === sent.id)) {
      messages.push(sent);
      renderMessages(true);
    }
  } catch (error) {
    input.value = content;
    showError(error);
  }
});

$('#message-input').addEventListener('input', () => {
  if (client && current) client.typing(current).keystroke();
});

$('#load-more').addEventListener('click', async () => {
  if (!client || !current || nextBeforeId === null) return;
  try {
    const page = await client.listMessages(current, { before_id: nextBeforeId, limit: 20 });
    messages = mergeById([...page.messages].reverse(), messages);
    nextBeforeId = page.nextBeforeId;
    renderMessages();
  } catch (error) {
    showError(error);
  }
});

$('#new-conversation').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!client) return;
  const name = $<HTMLInputElement>('#new-name').value.trim();
  const members = $<HTMLInputElement>('#new-members')
    .value.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    const created = await client.createConversation({ name, participant_ids: members });
    conversations = await client.listConversations();
    await open(created.id);
  } catch (error) {
    showError(error);
  }
});

// The development sign-in form shows only where the server offers it.
fetch(`${server()}/demo/config.json`)
  .then((r) => (r.ok ? r.json() : { dev_sign_in: false }))
  .then((config: { dev_sign_in?: boolean }) => {
    $('#dev-form').hidden = config.dev_sign_in !== true;
  })
  .catch(() => {});
