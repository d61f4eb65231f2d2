import { z } from 'zod';
import type { LinkSpec } from '../route';
import * as s from '../schemas';

/** What the command routes have in common in the OpenAPI document: answers, links, the path prefix. */

export const P = '/api/v1/chat';
export const problem = (description: string) => ({ description, schema: s.Problem });
export const notFound = {
  404: problem('unknown conversation or message, or the caller is not a participant'),
};
export const archived = '`conversation_archived`: the conversation is archived';

/** What an answer that names a conversation leads to. */
export function conversationLinks(id: string): Record<string, LinkSpec> {
  const at = { conversation_id: id };
  return {
    GetConversation: { operationId: 'getConversation', parameters: at },
    ListParticipants: { operationId: 'listParticipants', parameters: at },
    ListMessages: { operationId: 'listMessages', parameters: at },
    SendMessage: { operationId: 'sendMessage', requestBody: { conversation_id: id, content: 'hello' } },
    SetTyping: { operationId: 'setTyping', requestBody: { conversation_id: id, is_typing: true } },
    // Up to the latest message: a message id from elsewhere would name no message of this one.
    MarkRead: { operationId: 'markRead', parameters: at, requestBody: { message_id: null } },
    UpdateConversation: { operationId: 'updateConversation', parameters: at },
    AddParticipant: { operationId: 'addParticipant', parameters: at },
    ArchiveConversation: { operationId: 'archiveConversation', parameters: at },
    AuditEvents: { operationId: 'auditConversationEvents', parameters: at },
  };
}
/** What an answer that is a message leads to. */
export const MESSAGE_LINKS: Record<string, LinkSpec> = {
  EditMessage: { operationId: 'editMessage', parameters: { message_id: '$response.body#/id' } },
  DeleteMessage: { operationId: 'deleteMessage', parameters: { message_id: '$response.body#/id' } },
  MarkReadUpTo: {
    operationId: 'markRead',
    parameters: { conversation_id: '$response.body#/conversation_id' },
    requestBody: { message_id: '$response.body#/id' },
  },
  Reply: {
    operationId: 'sendMessage',
    requestBody: {
      conversation_id: '$response.body#/conversation_id',
      content: 'a reply',
      reply_to_id: '$response.body#/id',
    },
  },
  ListMessages: {
    operationId: 'listMessages',
    parameters: { conversation_id: '$response.body#/conversation_id' },
  },
  MessageHistory: { operationId: 'auditMessageHistory', parameters: { message_id: '$response.body#/id' } },
  AddReaction: {
    operationId: 'addReaction',
    parameters: { message_id: '$response.body#/id' },
    requestBody: { emoji: ':+1:' },
  },
  RemoveReaction: {
    operationId: 'removeReaction',
    parameters: { message_id: '$response.body#/id', emoji: ':+1:' },
  },
  ListReplies: { operationId: 'listReplies', parameters: { message_id: '$response.body#/id' } },
  ListVersions: { operationId: 'listMessageVersions', parameters: { message_id: '$response.body#/id' } },
  Pin: {
    operationId: 'pinMessage',
    parameters: { conversation_id: '$response.body#/conversation_id' },
    requestBody: { message_id: '$response.body#/id' },
  },
  Unpin: {
    operationId: 'unpinMessage',
    parameters: { conversation_id: '$response.body#/conversation_id', message_id: '$response.body#/id' },
  },
  ListPins: { operationId: 'listPins', parameters: { conversation_id: '$response.body#/conversation_id' } },
  Forward: {
    operationId: 'forwardMessage',
    parameters: { message_id: '$response.body#/id' },
    requestBody: { conversation_id: '$response.body#/conversation_id' },
  },
};
/** What an answer that names a participant leads to. */
export const PARTICIPANT_LINKS: Record<string, LinkSpec> = {
  ChangeParticipant: {
    operationId: 'changeParticipant',
    parameters: { conversation_id: '$response.body#/conversation_id', user_id: '$response.body#/user_id' },
  },
  RemoveParticipant: {
    operationId: 'removeParticipant',
    parameters: { conversation_id: '$response.body#/conversation_id', user_id: '$response.body#/user_id' },
  },
};
export const tooManyRequests = (description: string) => ({
  429: {
    ...problem(description),
    headers: {
      'Retry-After': {
        description: 'whole seconds to wait before the request can succeed',
        schema: z.number().int().min(1),
      },
    },
  },
});
