import { z } from 'zod';
import { blockedUsers, changeBlock } from '../../commands/block-handlers';
import type { CommandDeps } from '../../commands/deps';
import { changeBan, changeTimeout } from '../../commands/moderation-handlers';
import { reportMessage, resolveReport } from '../../commands/report-handlers';
import { HttpProblem } from '../../views/problem';
import * as m from '../moderation-schemas';
import { type Route, route } from '../route';
import * as s from '../schemas';
import { archived, notFound, P, problem } from './documentation';

const moderationRefusals = {
  403: problem(
    'not an admin (`not_an_admin`), a direct conversation (`not_allowed_in_direct`), or the user is an admin (`cannot_moderate_admin`): demote them first',
  ),
  404: problem(
    'unknown conversation, or the caller is not a participant; or (`participant_not_found`) the user does not take part',
  ),
  409: problem(archived),
};

/** Blocks (the caller's own), timeouts and bans (a group's admins), reports (participants, moderators). */
export function moderationRoutes(deps: CommandDeps): Route[] {
  return [
    route({
      method: 'post',
      command: 'block_user',
      path: `${P}/users/:user_id/block`,
      operationId: 'blockUser',
      tag: 'users',
      writes: 'user',
      summary:
        'Block a user: no direct messages either way, they cannot add you to groups, and your sockets get no typing or presence from them. Blocking again changes nothing.',
      params: m.BlockParams,
      responses: {
        200: { description: 'the block', schema: m.Block },
        400: problem('`cannot_block_yourself`'),
      },
      async handle({ params, caller }) {
        const { value, position } = await changeBlock(deps, caller.actor, params.user_id, 'block');
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'delete',
      command: 'unblock_user',
      path: `${P}/users/:user_id/block`,
      operationId: 'unblockUser',
      tag: 'users',
      writes: 'user',
      summary: 'Lift your block of a user. Unblocking someone you do not block changes nothing.',
      params: m.BlockParams,
      responses: { 200: { description: 'the block (`blocked: false`)', schema: m.Block } },
      async handle({ params, caller }) {
        const { value, position } = await changeBlock(deps, caller.actor, params.user_id, 'unblock');
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'get',
      path: `${P}/users/blocked`,
      operationId: 'listBlockedUsers',
      tag: 'users',
      summary: 'The users you block, longest blocked first (read from your own stream: current at once)',
      responses: { 200: { description: 'blocked users', schema: z.array(m.BlockedUser) } },
      async handle({ caller }) {
        return { status: 200, body: await blockedUsers(deps, caller.actor.user_id) };
      },
    }),
    route({
      method: 'post',
      command: 'timeout_participant',
      path: `${P}/conversations/:conversation_id/participants/:user_id/timeout`,
      operationId: 'timeoutParticipant',
      tag: 'conversations',
      writes: 'conversation',
      summary:
        'Time a member out (admins of a group): until then they cannot send, edit, react, pin or type here (403 `timed_out`). Timing out again sets a new end.',
      params: s.ParticipantParams,
      body: m.TimeoutBody,
      responses: {
        200: { description: 'the timeout', schema: m.Timeout },
        400: problem(
          'invalid input, or `invalid_timeout`: until is not later than now or more than 365 days ahead; `cannot_moderate_yourself`',
        ),
        ...moderationRefusals,
      },
      async handle({ params, body, caller }) {
        const now = Date.parse(deps.now());
        const end =
          body.until !== undefined ? Date.parse(body.until) : now + (body.duration_seconds ?? 0) * 1000;
        if (end - now > m.MAX_TIMEOUT_SECONDS * 1000) {
          throw new HttpProblem(400, 'invalid_timeout', 'until: at most 365 days from now');
        }
        const until = new Date(end).toISOString();
        const { value, position } = await changeTimeout(
          deps,
          caller.actor,
          params.conversation_id,
          params.user_id,
          until,
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'delete',
      command: 'lift_timeout',
      path: `${P}/conversations/:conversation_id/participants/:user_id/timeout`,
      operationId: 'liftTimeout',
      tag: 'conversations',
      writes: 'conversation',
      summary: "Lift a member's timeout (admins). Lifting when none runs changes nothing.",
      params: s.ParticipantParams,
      responses: {
        200: { description: 'the timeout (`timed_out_until: null`)', schema: m.Timeout },
        400: problem('`cannot_moderate_yourself`'),
        ...moderationRefusals,
      },
      async handle({ params, caller }) {
        const { value, position } = await changeTimeout(
          deps,
          caller.actor,
          params.conversation_id,
          params.user_id,
          null,
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'post',
      command: 'ban_participant',
      path: `${P}/conversations/:conversation_id/participants/:user_id/ban`,
      operationId: 'banParticipant',
      tag: 'conversations',
      writes: 'conversation',
      summary:
        'Ban a user (admins of a group): a participant is removed (their sockets close) and nobody can add them back until unbanned (409 `user_banned`). A user not taking part can be banned too. Banning again changes nothing.',
      params: s.ParticipantParams,
      body: m.BanBody,
      responses: {
        200: { description: 'the ban', schema: m.Ban },
        400: problem('invalid input, or `cannot_moderate_yourself`'),
        ...moderationRefusals,
        404: problem('unknown conversation, or the caller is not a participant'),
      },
      async handle({ params, body, caller }) {
        const { value, position } = await changeBan(
          deps,
          caller.actor,
          params.conversation_id,
          params.user_id,
          {
            ban: true,
            reason: body.reason ?? null,
          },
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'delete',
      command: 'unban_participant',
      path: `${P}/conversations/:conversation_id/participants/:user_id/ban`,
      operationId: 'unbanParticipant',
      tag: 'conversations',
      writes: 'conversation',
      summary:
        'Unban a user (admins): they can be added again. Unbanning someone not banned changes nothing.',
      params: s.ParticipantParams,
      responses: {
        200: { description: 'the ban (`banned: false`)', schema: m.Ban },
        400: problem('`cannot_moderate_yourself`'),
        ...moderationRefusals,
        404: problem('unknown conversation, or the caller is not a participant'),
      },
      async handle({ params, caller }) {
        const { value, position } = await changeBan(
          deps,
          caller.actor,
          params.conversation_id,
          params.user_id,
          {
            ban: false,
          },
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'post',
      command: 'report_message',
      path: `${P}/messages/:message_id/reports`,
      operationId: 'reportMessage',
      tag: 'moderation',
      writes: 'report',
      summary:
        'Report a message you can see to the moderators, with a reason. One report per user and message: reporting it again changes nothing (200).',
      params: s.MessageParams,
      body: m.ReportBody,
      responses: {
        201: { description: 'reported', schema: m.ReportReceipt },
        200: { description: 'reported already: the report as it stands', schema: m.ReportReceipt },
        400: problem('invalid input, `invalid_reason`, or `cannot_report_own_message`'),
        ...notFound,
        409: problem('`message_deleted`: the message was deleted'),
      },
      async handle({ params, body, caller }) {
        const written = await reportMessage(deps, caller.actor, params.message_id, body.reason);
        return { status: written.created ? 201 : 200, body: written.value, position: written.position };
      },
    }),
    route({
      method: 'post',
      command: 'resolve_report',
      path: `${P}/moderation/reports/:report_id/resolve`,
      operationId: 'resolveReport',
      tag: 'moderation',
      // The deletion comes first in the log: waiting for both shows it to the moderator's next query.
      writes: ['conversation', 'report'],
      role: m.MODERATOR,
      summary:
        'Resolve a report (moderator role): `dismissed`, or `message_deleted`, which deletes the message as a moderator action. Resolving the same way again changes nothing.',
      params: m.ReportParams,
      body: m.ResolveBody,
      responses: {
        200: { description: 'resolved', schema: m.ReportResolution },
        404: problem('`report_not_found`'),
        409: problem('`report_resolved`: resolved already with another outcome'),
      },
      async handle({ params, body, caller }) {
        const written = await resolveReport(
          deps,
          caller.actor,
          params.report_id,
          body.outcome,
          body.note ?? null,
        );
        return { status: 200, body: written.value, position: written.position };
      },
    }),
  ];
}
