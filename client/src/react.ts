import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { withReaction, withReply } from './annotations.js';
import type { ChatClient } from './client.js';
import type { ReactionAddedFrame, ReactionRemovedFrame } from './frames.js';
import { newClientMessageId } from './ids.js';
import type { Message, Typing } from './types.js';

/** A message as the hook shows it: sent ones as the server has them, your own pending ones marked. */
export type ChatMessage = Message & { pending?: boolean; failed?: boolean };

export interface UseChat {
  /** Oldest first, like the seed's hook (new messages are appended). */
  messages: ChatMessage[];
  isConnected: boolean;
  /** Others typing in this conversation now. */
  typingUsers: Typing[];
  /** Shows the message at once (pending), then the server's copy, matched by `client_message_id`. */
  sendMessage(content: string): Promise<void>;
  /** `true` on each keystroke (throttled for you), `false` when sent or cleared. */
  updateTyping(isTyping: boolean): void;
  /** Loads the next older page (`before_id`); resolves to false when there is no older message. */
  loadMore(): Promise<boolean>;
  hasMore: boolean;
  /** Marks the conversation read up to a message, or up to its latest. */
  markRead(messageId?: string): Promise<void>;
  /** The last error of a load or send, for the page to show. */
  error: Error | null;
}

const ClientContext = createContext<ChatClient | null>(null);

/** Gives `useChat` its client: `<ChatProvider client={client}>...</ChatProvider>`. */
export function ChatProvider(props: { client: ChatClient; children?: ReactNode }) {
  return createElement(ClientContext.Provider, { value: props.client }, props.children);
}

/**
 * The seed's `useChat(conversationId)`, on the client's shared, resuming socket: history (newest page
 * first, then `loadMore`), live messages, edits and deletions, typing, optimistic sends.
 */
export function useChat(
  conversationId: string,
  options: { client?: ChatClient; pageSize?: number } = {},
): UseChat {
  const fromContext = useContext(ClientContext);
  const client = options.client ?? fromContext;
  if (!client) throw new Error('useChat needs a ChatClient: wrap the tree in <ChatProvider client={...}>');
  const pageSize = options.pageSize ?? 50;
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [isConnected, setConnected] = useState(client.state === 'open');
  const [typingUsers, setTypingUsers] = useState<Typing[]>(() => client.typingUsers(conversationId));
  const [error, setError] = useState<Error | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const oldest = useRef<string | null>(null);

  const loadLatest = useCallback(async () => {
    try {
      const page = await client.listMessages(conversationId, { limit: pageSize });
      oldest.current = page.nextBeforeId;
      setHasMore(page.nextBeforeId !== null);
      setMessages((current) => merge([...page.messages].reverse(), current, 'replace'));
    } catch (e) {
      setError(e as Error);
    }
  }, [client, conversationId, pageSize]);

  useEffect(() => {
    setMessages([]);
    oldest.current = null;
    const onReaction = (f: ReactionAddedFrame | ReactionRemovedFrame) => {
      if (f.conversation_id !== conversationId) return;
      setMessages((current) =>
        current.map((m) =>
          m.id === f.reaction.message_id
            ? { ...m, reactions: withReaction(m.reactions, f, client.userId) }
            : m,
        ),
      );
    };
    const off = [
      client.on('state', (state) => setConnected(state === 'open')),
      client.on('message', (f) => {
        if (f.conversation_id !== conversationId) return;
        const { reply_to_id } = f.message;
        setMessages((current) => {
          const parent = reply_to_id === null ? undefined : current.find((m) => m.id === reply_to_id);
          const known = current.some((m) => m.id === f.message.id);
          const counted =
            parent && !known ? patch(current, parent.id, withReply(parent, f.message)) : current;
          return merge([f.message], counted, 'append');
        });
      }),
      client.on('reaction_added', (f) => onReaction(f)),
      client.on('reaction_removed', (f) => onReaction(f)),
      client.on('message_edited', (f) => {
        if (f.conversation_id === conversationId)
          setMessages((current) => patch(current, f.message.id, f.message));
      }),
      client.on('message_deleted', (f) => {
        if (f.conversation_id !== conversationId) return;
        setMessages((current) =>
          patch(current, f.message.id, { is_deleted: true, content: '', reactions: [] }),
        );
      }),
      client.on('typing_changed', (t) => {
        if (t.conversation_id === conversationId) setTypingUsers(t.users);
      }),
      // The server could not replay what we missed: the latest page, fetched again, is the truth.
      client.on('resync', () => void loadLatest()),
    ];
    // Connect first, then load: whatever is sent in between arrives on the socket and is merged by id.
    client.connect();
    setConnected(client.state === 'open');
    void loadLatest();
    return () => {
      for (const unsubscribe of off) unsubscribe();
      client.typing(conversationId).stop();
    };
  }, [client, conversationId, loadLatest]);

  const sendMessage = useCallback(
    async (content: string) => {
      const key = newClientMessageId();
      const optimistic: ChatMessage = {
        id: `pending:${key}`,
        conversation_id: conversationId,
        user_id: client.userId ?? '',
        username: '',
        user_avatar: null,
        content,
        message_type: 'text',
        reply_to_id: null,
        reactions: [],
        reply_count: 0,
        last_reply_at: null,
        is_forwarded: false,
        forwarded_from: null,
        attachments: [],
        is_edited: false,
        is_deleted: false,
        created_at: new Date().toISOString(),
        edited_at: null,
        client_message_id: key,
        pending: true,
      };
      setMessages((current) => [...current, optimistic]);
      client.typing(conversationId).stop();
      try {
        const sent = await client.sendMessage({
          conversation_id: conversationId,
          content,
          client_message_id: key,
        });
        setMessages((current) => merge([sent], current, 'append'));
      } catch (e) {
        setError(e as Error);
        setMessages((current) =>
          current.map((m) => (m.client_message_id === key && m.pending ? { ...m, failed: true } : m)),
        );
      }
    },
    [client, conversationId],
  );

  const updateTyping = useCallback(
    (isTyping: boolean) => {
      const typing = client.typing(conversationId);
      if (isTyping) typing.keystroke();
      else typing.stop();
    },
    [client, conversationId],
  );

  const loadMore = useCallback(async () => {
    if (oldest.current === null) return false;
    try {
      const page = await client.listMessages(conversationId, { before_id: oldest.current, limit: pageSize });
      oldest.current = page.nextBeforeId;
      setHasMore(page.nextBeforeId !== null);
      setMessages((current) => merge([...page.messages].reverse(), current, 'prepend'));
      return page.messages.length > 0;
    } catch (e) {
      setError(e as Error);
      return false;
    }
  }, [client, conversationId, pageSize]);

  const markRead = useCallback(
    async (messageId?: string) => {
      await client.markRead(conversationId, messageId);
    },
    [client, conversationId],
  );

  return useMemo(
    () => ({
      messages,
      isConnected,
      typingUsers,
      sendMessage,
      updateTyping,
      loadMore,
      hasMore,
      markRead,
      error,
    }),
    [messages, isConnected, typingUsers, sendMessage, updateTyping, loadMore, hasMore, markRead, error],
  );
}

/**
 * Adds server messages to the list, one entry per id: a message already shown (or its pending copy,
 * same `client_message_id`) is replaced where it stands; an older page goes before, a live message
 * after. `replace` (first load, resync) keeps what is newer than the page and what is still pending.
 */
function merge(
  incoming: Message[],
  current: ChatMessage[],
  how: 'append' | 'prepend' | 'replace',
): ChatMessage[] {
  const list = [...current];
  const added: Message[] = [];
  for (const message of incoming) {
    const at = list.findIndex(
      (m) =>
        m.id === message.id ||
        (m.pending && m.client_message_id !== null && m.client_message_id === message.client_message_id),
    );
    const seen = list[at];
    // An edit or deletion seen live is newer than a page fetched before it.
    if (
      seen &&
      !seen.pending &&
      (seen.is_deleted || seen.is_edited) &&
      !message.is_deleted &&
      !message.is_edited
    )
      continue;
    if (seen) list[at] = message;
    else added.push(message);
  }
  if (how === 'prepend') return [...added, ...list];
  if (how === 'append') return sortPending([...list, ...added]);
  const ids = new Set(incoming.map((m) => m.id));
  const newest = incoming.at(-1)?.created_at ?? '';
  const later = list.filter((m) => !ids.has(m.id) && (m.pending || m.created_at > newest));
  return sortPending([...incoming.map((m) => list.find((l) => l.id === m.id) ?? m), ...later]);
}

/** Server messages in their order, pending ones after them. */
function sortPending(messages: ChatMessage[]): ChatMessage[] {
  return [...messages.filter((m) => !m.pending), ...messages.filter((m) => m.pending)];
}

function patch(messages: ChatMessage[], id: string, change: Partial<Message>): ChatMessage[] {
  return messages.map((m) => (m.id === id ? { ...m, ...change } : m));
}
