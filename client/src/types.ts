import type { paths } from './generated/api.js';

/** Every REST path of the server, and the methods each answers. */
export type Path = keyof paths;
export type MethodOf<P extends Path> = {
  [M in keyof paths[P]]: paths[P][M] extends { responses: unknown } ? M : never;
}[keyof paths[P]] &
  ('get' | 'post' | 'put' | 'patch' | 'delete');

type Operation<P extends Path, M extends MethodOf<P>> = paths[P][M];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The body of the success answer (200 or 201) of an operation. */
export type Answer<P extends Path, M extends MethodOf<P>> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? JsonOf<A> | (R extends { 201: infer C } ? JsonOf<C> : never)
      : R extends { 201: infer C }
        ? JsonOf<C>
        : never
    : never;
/** The JSON body an operation takes. */
export type BodyOf<P extends Path, M extends MethodOf<P>> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters an operation takes. */
export type QueryOf<P extends Path, M extends MethodOf<P>> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

const CHAT = '/api/v1/chat';
type Chat = typeof CHAT;

// The server's views, named. Each is read from the generated document, never written by hand.
export type Message = Answer<`${Chat}/conversations/{conversation_id}/messages`, 'get'>[number];
export type Attachment = Message['attachments'][number];
export type UploadedAttachment = Answer<`${Chat}/attachments`, 'post'>;
export type ConversationSummary = Answer<`${Chat}/conversations`, 'get'>[number];
export type ConversationDetail = Answer<`${Chat}/conversations/{conversation_id}`, 'get'>;
export type CreatedConversation = Answer<`${Chat}/conversations`, 'post'>;
export type ConversationChange = Answer<`${Chat}/conversations/{conversation_id}`, 'patch'>;
export type ParticipantDetail = Answer<`${Chat}/conversations/{conversation_id}/participants`, 'get'>[number];
export type ParticipantChange = Answer<
  `${Chat}/conversations/{conversation_id}/participants/{user_id}`,
  'patch'
>;
export type ReadReceipt = Answer<`${Chat}/conversations/{conversation_id}/read`, 'post'>;
export type EditedMessage = Answer<`${Chat}/messages/{message_id}`, 'put'>;
export type DeletedMessage = Answer<`${Chat}/messages/{message_id}`, 'delete'>;
export type Typing = Answer<`${Chat}/typing`, 'post'>;
export type Presence = Answer<`${Chat}/presence`, 'post'>;
export type OnlineUser = Answer<`${Chat}/users/online`, 'get'>[number];

export type CreateConversationBody = BodyOf<`${Chat}/conversations`, 'post'>;
export type UpdateConversationBody = BodyOf<`${Chat}/conversations/{conversation_id}`, 'patch'>;
export type AddParticipantBody = BodyOf<`${Chat}/conversations/{conversation_id}/participants`, 'post'>;
export type ChangeParticipantBody = BodyOf<
  `${Chat}/conversations/{conversation_id}/participants/{user_id}`,
  'patch'
>;
// The document restates the domain's rule on content as an `anyOf` (non-blank content, or attachments),
// which the generator turns into a union with the rule's fragments: the body is the member with its fields.
export type SendMessageBody = Extract<BodyOf<`${Chat}/messages`, 'post'>, { conversation_id: unknown }>;
export type DirectMessageBody = Extract<BodyOf<`${Chat}/direct`, 'post'>, { recipient_user_id: unknown }>;
export type SetPresenceBody = BodyOf<`${Chat}/presence`, 'post'>;
export type MessagesQuery = QueryOf<`${Chat}/conversations/{conversation_id}/messages`, 'get'>;
export type RepliesQuery = QueryOf<`${Chat}/messages/{message_id}/replies`, 'get'>;
export type Reaction = Message['reactions'][number];
export type MessageReactions = Answer<`${Chat}/messages/{message_id}/reactions`, 'post'>;
export type PinnedMessage = Answer<`${Chat}/conversations/{conversation_id}/pins`, 'get'>[number];
export type PinState = Answer<`${Chat}/conversations/{conversation_id}/pins`, 'post'>;
export type MessageVersions = Answer<`${Chat}/messages/{message_id}/versions`, 'get'>;
export type ConversationsQuery = QueryOf<`${Chat}/conversations`, 'get'>;
export type SearchQuery = QueryOf<`${Chat}/search`, 'get'>;
/** A message search found, with `highlights`: UTF-16 offsets of the query's words in `content`. */
export type SearchHit = Answer<`${Chat}/search`, 'get'>[number];

/** The JSON problem document of every error answer. */
export type Problem =
  paths[`${Chat}/messages`]['post']['responses'][400]['content']['application/problem+json'];
