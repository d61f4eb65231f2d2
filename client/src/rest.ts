import { fillPath, type HttpOptions, HttpTransport, type RetryMode } from './http.js';
import { newClientMessageId } from './ids.js';
import type {
  AddParticipantBody,
  Answer,
  BodyOf,
  ChangeParticipantBody,
  ConversationsQuery,
  CreateConversationBody,
  DirectMessageBody,
  Message,
  MessagesQuery,
  MethodOf,
  Path,
  QueryOf,
  RepliesQuery,
  SearchHit,
  SearchQuery,
  SendMessageBody,
  SetPresenceBody,
  UpdateConversationBody,
} from './types.js';

const C = '/api/v1/chat';

/** Where an attachment is served (GET with a bearer token; see `ChatApi.downloadAttachment`). */
export function attachmentUrl(baseUrl: string, attachmentId: string): string {
  return `${baseUrl}${fillPath(`${C}/attachments/{attachment_id}`, { attachment_id: attachmentId })}`;
}

export interface MessagePage {
  /** Newest first, as the server sends them. */
  messages: Message[];
  /** Pass as `before_id` for the next older page; null when this is the oldest. */
  nextBeforeId: string | null;
  /** The log position this page reflects: connect with it as `since` to miss nothing after it. */
  position: string | null;
}

export interface SearchPage {
  /** Newest first, as the server sends them. */
  hits: SearchHit[];
  /** Pass as `before` for the next page; null when this is the last. */
  nextBefore: string | null;
}

export type TimeoutBody = BodyOf<
  '/api/v1/chat/conversations/{conversation_id}/participants/{user_id}/timeout',
  'post'
>;
export type ReportsQuery = QueryOf<'/api/v1/chat/moderation/reports', 'get'>;
export type ReportOutcome = BodyOf<'/api/v1/chat/moderation/reports/{report_id}/resolve', 'post'>['outcome'];

export type SendOptions = Omit<SendMessageBody, 'client_message_id'> & { client_message_id?: string };
export type DirectOptions = Omit<DirectMessageBody, 'client_message_id'> & { client_message_id?: string };

/**
 * One method per REST endpoint, typed from the server's OpenAPI document. Failures throw
 * `ChatApiError` (the server's problem document) or `ChatNetworkError`.
 */
/** Exactly one of the two, as the server requires. */
export type AuditStateWhen = { as_of: string; position?: never } | { position: string; as_of?: never };

export class ChatApi {
  private readonly http: HttpTransport;

  constructor(options: HttpOptions) {
    this.http = new HttpTransport(options);
  }

  private async call<P extends Path, M extends MethodOf<P>>(
    method: M,
    path: P,
    options: {
      params?: Record<string, string>;
      query?: Record<string, string | number | boolean | null | undefined> | undefined;
      body?: BodyOf<P, M>;
      retry?: RetryMode;
    } = {},
  ): Promise<{ data: Answer<P, M>; headers: Headers }> {
    return this.http.request<Answer<P, M>>({
      method,
      path: fillPath(path, options.params ?? {}),
      query: options.query,
      body: options.body,
      retry: options.retry ?? (method === 'get' ? 'safe' : 'refused'),
    });
  }

  async listConversations(query: ConversationsQuery = {}) {
    return (await this.call('get', `${C}/conversations`, { query })).data;
  }

  async getConversation(conversationId: string) {
    const params = { conversation_id: conversationId };
    return (await this.call('get', `${C}/conversations/{conversation_id}`, { params })).data;
  }

  /** A group (`participant_ids`, `name`), or the direct conversation with one other user. */
  async createConversation(body: CreateConversationBody) {
    return (await this.call('post', `${C}/conversations`, { body })).data;
  }

  async updateConversation(conversationId: string, body: UpdateConversationBody) {
    const params = { conversation_id: conversationId };
    return (await this.call('patch', `${C}/conversations/{conversation_id}`, { params, body })).data;
  }

  async archiveConversation(conversationId: string) {
    const params = { conversation_id: conversationId };
    return (await this.call('post', `${C}/conversations/{conversation_id}/archive`, { params })).data;
  }

  async listParticipants(conversationId: string) {
    const params = { conversation_id: conversationId };
    return (await this.call('get', `${C}/conversations/{conversation_id}/participants`, { params })).data;
  }

  async addParticipant(conversationId: string, body: AddParticipantBody) {
    const params = { conversation_id: conversationId };
    return (await this.call('post', `${C}/conversations/{conversation_id}/participants`, { params, body }))
      .data;
  }

  async changeParticipant(conversationId: string, userId: string, body: ChangeParticipantBody) {
    const params = { conversation_id: conversationId, user_id: userId };
    const path = `${C}/conversations/{conversation_id}/participants/{user_id}` as const;
    return (await this.call('patch', path, { params, body })).data;
  }

  /** Remove someone (admins), or leave; the last admin names a `successorId`. */
  async removeParticipant(conversationId: string, userId: string, successorId?: string) {
    const params = { conversation_id: conversationId, user_id: userId };
    const path = `${C}/conversations/{conversation_id}/participants/{user_id}` as const;
    return (await this.call('delete', path, { params, query: { successor_id: successorId } })).data;
  }

  /** History, newest first; `before_id` pages back. */
  async listMessages(conversationId: string, query: MessagesQuery = {}): Promise<MessagePage> {
    const params = { conversation_id: conversationId };
    const path = `${C}/conversations/{conversation_id}/messages` as const;
    const { data, headers } = await this.call('get', path, { params, query });
    return {
      messages: data,
      nextBeforeId: headers.get('x-next-before-id'),
      position: headers.get('x-consistency-token'),
    };
  }

  /** Messages of your conversations containing every word of `q`, newest first; `before` pages on. */
  async searchMessages(query: SearchQuery): Promise<SearchPage> {
    const { data, headers } = await this.call('get', `${C}/search`, { query });
    return { hits: data, nextBefore: headers.get('x-next-before') };
  }

  /**
   * Sends with an idempotency key (`client_message_id`, generated unless given) and retries network
   * errors, 503 and 429: however often it is retried, the server creates one message.
   */
  async sendMessage(message: SendOptions) {
    const body = { ...message, client_message_id: message.client_message_id ?? newClientMessageId() };
    return (await this.call('post', `${C}/messages`, { body, retry: 'safe' })).data;
  }

  /** A direct message to `recipient_id`; keyed and retried like `sendMessage`. */
  async sendDirectMessage(message: DirectOptions) {
    const body = { ...message, client_message_id: message.client_message_id ?? newClientMessageId() };
    return (await this.call('post', `${C}/direct`, { body, retry: 'safe' })).data;
  }

  async editMessage(messageId: string, content: string) {
    const params = { message_id: messageId };
    return (await this.call('put', `${C}/messages/{message_id}`, { params, body: { content } })).data;
  }

  async deleteMessage(messageId: string) {
    const params = { message_id: messageId };
    return (await this.call('delete', `${C}/messages/{message_id}`, { params })).data;
  }

  /**
   * Uploads a file for an image or file message and answers its `attachment_id` (for `attachment_ids`
   * of a send). A Blob or File goes as multipart/form-data (its own type and name); bytes or text go
   * as the raw body under `mediaType` (default application/octet-stream). Retried only after a 429.
   */
  async uploadAttachment(
    file: Blob | ArrayBuffer | Uint8Array | string,
    options: { filename?: string; mediaType?: string } = {},
  ) {
    const path = `${C}/attachments` as const;
    if (typeof Blob !== 'undefined' && file instanceof Blob) {
      const form = new FormData();
      const name = options.filename ?? (file as Blob & { name?: string }).name ?? 'file';
      const typed = options.mediaType ? new Blob([file], { type: options.mediaType }) : file;
      form.append('file', typed, name);
      return (
        await this.http.request<Answer<typeof path, 'post'>>({
          method: 'post',
          path,
          rawBody: { data: form },
          retry: 'refused',
        })
      ).data;
    }
    return (
      await this.http.request<Answer<typeof path, 'post'>>({
        method: 'post',
        path,
        query: { filename: options.filename },
        rawBody: { data: file, contentType: options.mediaType ?? 'application/octet-stream' },
        retry: 'refused',
      })
    ).data;
  }

  /**
   * The bytes of an attachment you may fetch (yours, or carried by a message you can see). Browsers
   * cannot put a bearer token on an <img src>: download it here and show it through an object URL.
   */
  async downloadAttachment(attachmentId: string): Promise<Blob> {
    const path = fillPath(`${C}/attachments/{attachment_id}`, { attachment_id: attachmentId });
    return (await this.http.request<Blob>({ method: 'get', path, responseType: 'blob', retry: 'safe' })).data;
  }

  /** Copies a message you can see into another conversation of yours; keyed and retried like a send. */
  async forwardMessage(messageId: string, conversationId: string, clientMessageId = newClientMessageId()) {
    const params = { message_id: messageId };
    const body = { conversation_id: conversationId, client_message_id: clientMessageId };
    return (await this.call('post', `${C}/messages/{message_id}/forward`, { params, body, retry: 'safe' }))
      .data;
  }

  /** React with an emoji (or a `:short_code:`); reacting again changes nothing. */
  async addReaction(messageId: string, emoji: string) {
    const params = { message_id: messageId };
    return (await this.call('post', `${C}/messages/{message_id}/reactions`, { params, body: { emoji } }))
      .data;
  }

  /** Take back a reaction; taking back one you do not have changes nothing. */
  async removeReaction(messageId: string, emoji: string) {
    const params = { message_id: messageId, emoji };
    return (await this.call('delete', `${C}/messages/{message_id}/reactions/{emoji}`, { params })).data;
  }

  /** The thread of a message, oldest first; `after_id` pages on. */
  async listReplies(messageId: string, query: RepliesQuery = {}) {
    const params = { message_id: messageId };
    const { data, headers } = await this.call('get', `${C}/messages/{message_id}/replies`, { params, query });
    return {
      messages: data,
      nextAfterId: headers.get('x-next-after-id'),
      position: headers.get('x-consistency-token'),
    };
  }

  /** Every version of a message (participants); a deleted one shows none. */
  async messageVersions(messageId: string) {
    const params = { message_id: messageId };
    return (await this.call('get', `${C}/messages/{message_id}/versions`, { params })).data;
  }

  /** Pinned messages, the most recently pinned first. */
  async listPins(conversationId: string) {
    const params = { conversation_id: conversationId };
    return (await this.call('get', `${C}/conversations/{conversation_id}/pins`, { params })).data;
  }

  /** Pin a message (admins; both members of a direct conversation). */
  async pinMessage(conversationId: string, messageId: string) {
    const params = { conversation_id: conversationId };
    const body = { message_id: messageId };
    return (await this.call('post', `${C}/conversations/{conversation_id}/pins`, { params, body })).data;
  }

  async unpinMessage(conversationId: string, messageId: string) {
    const params = { conversation_id: conversationId, message_id: messageId };
    return (await this.call('delete', `${C}/conversations/{conversation_id}/pins/{message_id}`, { params }))
      .data;
  }

  /** Read up to `messageId`, or up to the latest message. */
  async markRead(conversationId: string, messageId?: string) {
    const params = { conversation_id: conversationId };
    const body = messageId === undefined ? {} : { message_id: messageId };
    return (await this.call('post', `${C}/conversations/{conversation_id}/read`, { params, body })).data;
  }

  async setTyping(conversationId: string, isTyping: boolean) {
    const body = { conversation_id: conversationId, is_typing: isTyping };
    return (await this.call('post', `${C}/typing`, { body })).data;
  }

  async setPresence(body: SetPresenceBody) {
    return (await this.call('post', `${C}/presence`, { body })).data;
  }

  /**
   * Erase a user's personal data (your own, or anyone's with the privacy_officer or operator role).
   * Repeating it is harmless: the answer says `already_erased`.
   */
  async eraseUser(userId: string) {
    const params = { user_id: userId };
    return (await this.call('post', `${C}/users/{user_id}/erasure`, { params })).data;
  }

  async onlineUsers() {
    return (await this.call('get', `${C}/users/online`)).data;
  }

  /** Who the caller is: user id, display name, avatar and roles (from the token and the recorded profile). */
  async me() {
    return (await this.call('get', `${C}/me`)).data;
  }

  /** Block a user: no direct messages either way, and none of their typing or presence reaches you. */
  async blockUser(userId: string) {
    return (await this.call('post', `${C}/users/{user_id}/block`, { params: { user_id: userId } })).data;
  }

  /** Lift your block; unblocking someone you do not block changes nothing. */
  async unblockUser(userId: string) {
    return (await this.call('delete', `${C}/users/{user_id}/block`, { params: { user_id: userId } })).data;
  }

  /** The users you block, longest blocked first. */
  async listBlockedUsers() {
    return (await this.call('get', `${C}/users/blocked`)).data;
  }

  /** Admins: time a member out `{ until }` (ISO-8601) or `{ duration_seconds }` from now. */
  async timeoutParticipant(conversationId: string, userId: string, body: TimeoutBody) {
    const params = { conversation_id: conversationId, user_id: userId };
    const path = `${C}/conversations/{conversation_id}/participants/{user_id}/timeout` as const;
    return (await this.call('post', path, { params, body })).data;
  }

  /** Admins: lift a member's timeout. */
  async liftTimeout(conversationId: string, userId: string) {
    const params = { conversation_id: conversationId, user_id: userId };
    const path = `${C}/conversations/{conversation_id}/participants/{user_id}/timeout` as const;
    return (await this.call('delete', path, { params })).data;
  }

  /** Admins: remove and ban a user; they cannot be added back until unbanned. */
  async banParticipant(conversationId: string, userId: string, reason?: string) {
    const params = { conversation_id: conversationId, user_id: userId };
    const path = `${C}/conversations/{conversation_id}/participants/{user_id}/ban` as const;
    const body = typeof reason === 'string' ? { reason } : {};
    return (await this.call('post', path, { params, body })).data;
  }

  /** Admins: unban a user. */
  async unbanParticipant(conversationId: string, userId: string) {
    const params = { conversation_id: conversationId, user_id: userId };
    const path = `${C}/conversations/{conversation_id}/participants/{user_id}/ban` as const;
    return (await this.call('delete', path, { params })).data;
  }

  /** Report a message to the moderators; reporting it again changes nothing. */
  async reportMessage(messageId: string, reason: string) {
    const params = { message_id: messageId };
    return (await this.call('post', `${C}/messages/{message_id}/reports`, { params, body: { reason } })).data;
  }

  /** Moderators: reports, oldest first (`status` open by default, resolved or all). */
  async listReports(query: ReportsQuery = {}) {
    return (await this.call('get', `${C}/moderation/reports`, { query })).data;
  }

  /** Moderators: dismiss a report, or delete the message it reports (`message_deleted`). */
  async resolveReport(reportId: string, outcome: ReportOutcome, note?: string) {
    const params = { report_id: reportId };
    const body = typeof note === 'string' ? { outcome, note } : { outcome };
    const path = `${C}/moderation/reports/{report_id}/resolve` as const;
    return (await this.call('post', path, { params, body })).data;
  }

  /** Auditors: the raw events of a conversation (JSON pages; `after` pages on). */
  async auditEvents(
    conversationId: string,
    query: Omit<QueryOf<'/api/v1/audit/conversations/{conversation_id}/events', 'get'>, 'format'> = {},
  ) {
    const params = { conversation_id: conversationId };
    const path = '/api/v1/audit/conversations/{conversation_id}/events' as const;
    return (await this.call('get', path, { params, query })).data;
  }

  /** Auditors: the conversation as it stood at an instant (`{ as_of }`) or a position (`{ position }`). */
  async auditState(conversationId: string, when: AuditStateWhen) {
    const params = { conversation_id: conversationId };
    const path = '/api/v1/audit/conversations/{conversation_id}/state' as const;
    // The document names the pair `when`, an exploded object: on the wire it is ?as_of= or ?position=.
    const query: QueryOf<typeof path, 'get'>['when'] = when;
    return (await this.call('get', path, { params, query: { ...query } })).data;
  }

  /** Auditors: every version of one message. */
  async auditMessageHistory(messageId: string) {
    const params = { message_id: messageId };
    return (await this.call('get', '/api/v1/audit/messages/{message_id}/history', { params })).data;
  }

  /** Operators: the webhook endpoints, configured (WEBHOOK_URLS) and registered. */
  async listWebhooks() {
    return (await this.call('get', `${C}/admin/webhooks`)).data;
  }

  /** Operators: registers an endpoint for push notifications (a URL known already answers its entry). */
  async registerWebhook(url: string) {
    // Registering a URL twice registers it once: a retry after a lost answer is harmless.
    return (await this.call('post', `${C}/admin/webhooks`, { body: { url }, retry: 'safe' })).data;
  }

  /** Operators: removes a registered endpoint. */
  async unregisterWebhook(webhookId: string) {
    const params = { webhook_id: webhookId };
    return (await this.call('delete', `${C}/admin/webhooks/{webhook_id}`, { params })).data;
  }
}
