/**
 * Which fields of which events are personal data, whose data key encrypts them, and what each reads
 * as once that key is gone (the erased marker). One table for every event type: a personal field
 * added later is one line here. Ids, seqs, timestamps and event types stay in clear; so do the
 * names, descriptions and avatars of conversations, which describe a conversation, not a person.
 *
 * Every personal value is encrypted under the key of the event's `user_id` (its author or subject).
 * A forwarded copy is the forwarder's message: its content is under the forwarder's key, so erasing
 * the original author does not reach copies that others forwarded.
 */

/** What an erased user's name reads as, everywhere. */
export const ERASED_USERNAME = 'Deleted user';

/** What an erased user's file names read as (their files themselves are removed by the erasure). */
export const ERASED_FILENAME = '';

export type ErasedValue = string | null;

export interface PersonalFields {
  /** The data field holding the user id whose key encrypts the fields. */
  owner: string;
  /** Each personal field and the value it reads as once erased. */
  fields: Readonly<Record<string, ErasedValue>>;
  /** Fields holding lists of objects, and the personal fields of each object (as `fields`). */
  lists?: Readonly<Record<string, Readonly<Record<string, ErasedValue>>>>;
}

export const PERSONAL_FIELDS: Readonly<Record<string, PersonalFields>> = {
  MessageSent: {
    owner: 'user_id',
    fields: { content: '', username: ERASED_USERNAME, user_avatar: null },
    lists: { attachments: { name: ERASED_FILENAME } },
  },
  MessageEdited: { owner: 'user_id', fields: { content: '' } },
  UserProfileRecorded: { owner: 'user_id', fields: { username: ERASED_USERNAME, user_avatar: null } },
  PresenceChanged: { owner: 'user_id', fields: { status_message: null } },
  // What moderation records in words is its writer's: the reporter's reason, the moderator's note,
  // the admin's reason for a ban.
  MessageReported: { owner: 'reported_by', fields: { reason: '' } },
  ReportResolved: { owner: 'resolved_by', fields: { note: null } },
  ParticipantBanned: { owner: 'banned_by', fields: { reason: null } },
};

/** The user whose key covers an event's personal fields, or undefined when it has none. */
export function keyOwnerOf(type: string, data: Record<string, unknown>): string | undefined {
  const spec = PERSONAL_FIELDS[type];
  if (!spec) return undefined;
  const owner = data[spec.owner];
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}

/**
 * A copy of `data` with each personal field (and each personal field of the objects in its personal
 * lists) replaced by `f(value, erasedMarker, path)`, the path naming the field (`attachments[0].name`).
 */
export function mapPersonal(
  data: Record<string, unknown>,
  spec: PersonalFields,
  f: (value: unknown, erased: ErasedValue, field: string) => unknown,
  path = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const [field, erased] of Object.entries(spec.fields)) {
    if (field in out) out[field] = f(out[field], erased, path + field);
  }
  for (const [field, itemFields] of Object.entries(spec.lists ?? {})) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    out[field] = list.map((item, i) =>
      item !== null && typeof item === 'object' && !Array.isArray(item)
        ? mapPersonal(
            item as Record<string, unknown>,
            { owner: spec.owner, fields: itemFields },
            f,
            `${path}${field}[${i}].`,
          )
        : item,
    );
  }
  return out;
}
