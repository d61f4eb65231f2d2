import type { TestResponse } from './api-server';

const CHAT = '/api/v1/chat';

type Call = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown; headers?: Record<string, string> },
) => Promise<TestResponse>;

/**
 * A small fixture world: a group created by its admin with a member and a third participant (dave),
 * a message by the admin and one by the member, then a file message of the admin's carrying an upload.
 */
export interface ChatWorld {
  conversationId: string;
  adminMessage: string;
  memberMessage: string;
  /** The upload the admin's file message carries. */
  attachmentId: string;
}

/** Ids that name nothing: what a non-participant must not be able to tell apart from a real world. */
export const UNKNOWN_WORLD: ChatWorld = {
  conversationId: 'c0ffee00000000000000abcd',
  adminMessage: 'c0ffee00000000000000abcd.1',
  memberMessage: 'c0ffee00000000000000abcd.2',
  attachmentId: 'c0ffee00000000000000000000abcdef',
};

export async function buildWorld(
  call: Call,
  tokens: { admin: string; member: string },
  memberId = 'bob',
): Promise<ChatWorld> {
  const ok = async (method: string, path: string, token: string, body: unknown) => {
    const res = await call(method, CHAT + path, { token, body });
    if (res.status !== 201)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const { id: conversationId } = await ok('POST', '/conversations', tokens.admin, {
    name: 'Fixture',
    participant_ids: [memberId, 'dave'],
  });
  const send = (token: string, content: string) =>
    ok('POST', '/messages', token, { conversation_id: conversationId, content });
  const adminMessage = (await send(tokens.admin, 'from the admin')).id;
  const memberMessage = (await send(tokens.member, 'from the member')).id;
  const uploaded = await call('POST', `${CHAT}/attachments?filename=fixture.txt`, {
    token: tokens.admin,
    body: 'a shared file',
    headers: { 'content-type': 'text/plain' },
  });
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}`);
  const attachmentId = String(uploaded.body.attachment_id);
  await ok('POST', '/messages', tokens.admin, {
    conversation_id: conversationId,
    message_type: 'file',
    attachment_ids: [attachmentId],
  });
  return { conversationId, adminMessage, memberMessage, attachmentId };
}
