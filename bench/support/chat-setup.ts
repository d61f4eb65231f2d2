import type { ChatServer } from './chat-server';

const API = '/api/v1/chat';

/** Creates a group conversation over the API, as a client would; returns its id. */
export async function createGroup(
  server: ChatServer,
  owner: string,
  participantIds: string[],
): Promise<string> {
  const created = await server.http.json<{ id: string }>('POST', `${API}/conversations`, {
    token: server.tokens.mint(owner),
    body: {
      conversation_type: 'group',
      name: `bench ${owner}`,
      description: 'created by the benchmark',
      participant_ids: participantIds,
    },
  });
  return created.id;
}

export const MESSAGES_PATH = `${API}/messages`;

/** The body of a send, as the seed's clients post it. */
export function sendBody(
  conversationId: string,
  content: string,
): { conversation_id: string; content: string } {
  return { conversation_id: conversationId, content };
}

/**
 * Waits up to `maxMs` for frames still on their way, returning once `done` holds but never within the
 * first second: a late duplicate gets its chance to show up too.
 */
export async function settle(maxMs: number, done: () => boolean): Promise<void> {
  const started = Date.now();
  const deadline = started + maxMs;
  for (;;) {
    const now = Date.now();
    if (now >= deadline || (now - started >= Math.min(1000, maxMs) && done())) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Text that makes a message the size of a short chat line. */
export const PADDING = 'a chat line of ordinary length, about the size people type';
