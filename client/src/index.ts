export { withReaction, withReply } from './annotations.js';
export { ChatClient, type ChatClientOptions, type ChatEvents } from './client.js';
export { ChatApiError, ChatNetworkError } from './errors.js';
export type * from './frames.js';
export type { HttpOptions, RetryPolicy, TokenSource } from './http.js';
export { newClientMessageId } from './ids.js';
export {
  type ConnectionState,
  RealtimeConnection,
  type RealtimeOptions,
  type ResyncNotice,
  type WebSocketConstructor,
  type WebSocketLike,
} from './realtime.js';
export { attachmentUrl, ChatApi, type MessagePage, type SearchPage } from './rest.js';
export type * from './types.js';
export { TypingNotifier, TypingTracker } from './typing.js';
