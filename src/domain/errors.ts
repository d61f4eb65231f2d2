/**
 * Every refused command fails with a DomainError subclass. `kind` says what sort of refusal it is;
 * the API maps kinds to status codes in one place.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'too_large';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  abstract readonly code: string;
  /** Facts a client needs beside the code (JSON-safe), shown as members of the problem document. */
  readonly details?: Record<string, string>;
}

function domainError(kind: DomainErrorKind, code: string) {
  return class extends DomainError {
    readonly kind = kind;
    readonly code = code;
    constructor(message: string) {
      super(message);
      this.name = code;
    }
  };
}

export class ConversationNotFound extends domainError('not_found', 'conversation_not_found') {}
/** Deliberately indistinguishable from an unknown conversation for the caller: no existence oracle. */
export class NotAParticipant extends domainError('not_found', 'conversation_not_found') {}
export class MessageNotFound extends domainError('not_found', 'message_not_found') {}
export class ParticipantNotFound extends domainError('not_found', 'participant_not_found') {}
export class NotMessageAuthor extends domainError('forbidden', 'not_message_author') {}
export class NotAnAdmin extends domainError('forbidden', 'not_an_admin') {}
export class OnlyForYourself extends domainError('forbidden', 'only_for_yourself') {}
export class NotAllowedInDirectConversation extends domainError('forbidden', 'not_allowed_in_direct') {}
export class ConversationAlreadyExists extends domainError('conflict', 'conversation_already_exists') {}
export class ConversationArchived extends domainError('conflict', 'conversation_archived') {}
export class MessageDeleted extends domainError('conflict', 'message_deleted') {}
/** A message whose content and files are all gone (its author was erased): there is nothing to copy. */
export class NothingToForward extends domainError('conflict', 'nothing_to_forward') {}
export class LastAdmin extends domainError('conflict', 'last_admin') {}
export class EmptyContent extends domainError('invalid', 'empty_content') {}
export class ContentTooLong extends domainError('too_large', 'content_too_long') {}
export class InvalidParticipants extends domainError('invalid', 'invalid_participants') {}
export class CannotMessageYourself extends domainError('invalid', 'cannot_message_yourself') {}
export class MissingName extends domainError('invalid', 'missing_name') {}
export class InvalidMessageId extends domainError('invalid', 'invalid_message_id') {}
export class TooManyParticipants extends domainError('invalid', 'too_many_participants') {}
export class InvalidEmoji extends domainError('invalid', 'invalid_emoji') {}
export class TooManyReactions extends domainError('conflict', 'too_many_reactions') {}
export class TooManyPins extends domainError('conflict', 'too_many_pins') {}
export class ErasureForbidden extends domainError('forbidden', 'erasure_forbidden') {}

/** Messages between two users one of whom blocks the other; the same answer whichever of them asks. */
export class Blocked extends domainError('forbidden', 'blocked') {}
export class CannotBlockYourself extends domainError('invalid', 'cannot_block_yourself') {}
/** A participant timed out by an admin: `until` says when they may write again. */
export class TimedOut extends domainError('forbidden', 'timed_out') {
  override readonly details: { until: string };
  constructor(message: string, until: string) {
    super(message);
    this.details = { until };
  }
}
export class UserBanned extends domainError('conflict', 'user_banned') {}
export class CannotModerateAdmin extends domainError('forbidden', 'cannot_moderate_admin') {}
export class CannotModerateYourself extends domainError('invalid', 'cannot_moderate_yourself') {}
export class InvalidTimeout extends domainError('invalid', 'invalid_timeout') {}
export class ReportNotFound extends domainError('not_found', 'report_not_found') {}
export class ReportAlreadyResolved extends domainError('conflict', 'report_resolved') {}
export class CannotReportOwnMessage extends domainError('invalid', 'cannot_report_own_message') {}
export class InvalidReason extends domainError('invalid', 'invalid_reason') {}
export class InvalidAttachments extends domainError('invalid', 'invalid_attachments') {}
/** An attachment id that names no upload of the sender: unknown and someone else's are the same 404. */
export class AttachmentNotFound extends domainError('not_found', 'attachment_not_found') {}
