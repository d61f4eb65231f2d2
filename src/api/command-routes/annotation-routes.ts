import type { CommandDeps } from '../../commands/deps';
import { changePin } from '../../commands/pin-handlers';
import { changeReaction } from '../../commands/reaction-handlers';
import { MAX_PINS } from '../../domain/conversation/decide';
import { MAX_REACTIONS_PER_MESSAGE } from '../../domain/reaction';
import { type Route, route } from '../route';
import * as s from '../schemas';
import { archived, notFound, P, problem } from './documentation';

const deletedOr = (what: string) =>
  problem(`\`message_deleted\`: the message was deleted; ${what}; or ${archived}`);

/**
 * Reactions and pins. Each is idempotent: adding what is there or removing what is not writes nothing
 * and answers the current state (200 either way).
 */
export function annotationRoutes(deps: CommandDeps): Route[] {
  return [
    route({
      method: 'post',
      command: 'add_reaction',
      path: `${P}/messages/:message_id/reactions`,
      operationId: 'addReaction',
      tag: 'messages',
      writes: 'conversation',
      summary: `React to a message (participants). Reacting again with the same emoji changes nothing. A message carries at most ${MAX_REACTIONS_PER_MESSAGE} different emojis.`,
      params: s.MessageParams,
      body: s.ReactionBody,
      responses: {
        200: { description: "the message's reactions now", schema: s.MessageReactions },
        403: problem('`timed_out`: an admin timed you out here (`until` says until when)'),
        ...notFound,
        409: deletedOr(
          `\`too_many_reactions\`: the message has ${MAX_REACTIONS_PER_MESSAGE} different emojis and this is another`,
        ),
      },
      async handle({ params, body, caller }) {
        const { value, position } = await changeReaction(
          deps,
          caller.actor,
          params.message_id,
          body.emoji,
          'add',
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'delete',
      command: 'remove_reaction',
      path: `${P}/messages/:message_id/reactions/:emoji`,
      operationId: 'removeReaction',
      tag: 'messages',
      writes: 'conversation',
      summary:
        'Take back your reaction (the emoji URL-encoded in the path). Removing one you do not have changes nothing.',
      params: s.ReactionParams,
      responses: {
        200: { description: "the message's reactions now", schema: s.MessageReactions },
        403: problem('`timed_out`: an admin timed you out here (`until` says until when)'),
        ...notFound,
        409: problem(archived),
      },
      async handle({ params, caller }) {
        const { value, position } = await changeReaction(
          deps,
          caller.actor,
          params.message_id,
          params.emoji,
          'remove',
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'post',
      command: 'pin_message',
      path: `${P}/conversations/:conversation_id/pins`,
      operationId: 'pinMessage',
      tag: 'conversations',
      writes: 'conversation',
      summary: `Pin a message of the conversation (admins; both members of a direct conversation). Pinning it again changes nothing; at most ${MAX_PINS} pinned messages.`,
      params: s.ConversationParams,
      body: s.PinBody,
      responses: {
        200: { description: 'the pin', schema: s.PinState },
        403: problem(
          'not an admin of the group (`not_an_admin`), or `timed_out`: an admin timed you out here (`until` says until when)',
        ),
        404: problem(
          'unknown conversation, or the caller is not a participant, or a message_id that names no message of this conversation',
        ),
        409: deletedOr(`\`too_many_pins\`: ${MAX_PINS} messages are pinned already`),
      },
      async handle({ params, body, caller }) {
        const { value, position } = await changePin(
          deps,
          caller.actor,
          params.conversation_id,
          body.message_id,
          'pin',
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'delete',
      command: 'unpin_message',
      path: `${P}/conversations/:conversation_id/pins/:message_id`,
      operationId: 'unpinMessage',
      tag: 'conversations',
      writes: 'conversation',
      summary:
        'Unpin a message (admins; both members of a direct conversation). Unpinning one that is not pinned changes nothing.',
      params: s.PinParams,
      responses: {
        200: { description: 'the pin (`pinned: false`)', schema: s.PinState },
        403: problem(
          'not an admin of the group (`not_an_admin`), or `timed_out`: an admin timed you out here (`until` says until when)',
        ),
        404: problem(
          'unknown conversation, or the caller is not a participant, or a message_id that names no message of this conversation',
        ),
        409: problem(archived),
      },
      async handle({ params, caller }) {
        const { value, position } = await changePin(
          deps,
          caller.actor,
          params.conversation_id,
          params.message_id,
          'unpin',
        );
        return { status: 200, body: value, position };
      },
    }),
  ];
}
