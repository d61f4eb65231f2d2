import { MAX_ATTACHMENTS } from '../domain/conversation/decide';
import type { MessageAttachment } from '../domain/conversation/events';
import { AttachmentNotFound, InvalidAttachments } from '../domain/errors';

/** An upload as the blob store records it (the fields a message's reference copies). */
export interface UploadRecord {
  id: string;
  owner: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  width?: number;
  height?: number;
}

/** Where uploads are looked up: the blob store (the write side never reads a read model). */
export interface Uploads {
  stat(id: string): Promise<UploadRecord | undefined>;
  /** Removes every upload of `owner` (an erasure); returns how many. */
  removeOwnedBy?(owner: string): Promise<number>;
}

/**
 * The references a send records for `ids`: each must name an upload of the sender (an unknown id and
 * another user's upload are the same 404, naming the id). The domain checks the rest (message type,
 * count, repeats); the count is checked here too, before any lookup.
 */
export async function resolveAttachments(
  uploads: Uploads | undefined,
  senderId: string,
  ids: readonly string[] | undefined,
): Promise<MessageAttachment[] | undefined> {
  if (ids === undefined || ids.length === 0) return undefined;
  if (ids.length > MAX_ATTACHMENTS) {
    throw new InvalidAttachments(`attachment_ids: at most ${MAX_ATTACHMENTS} attachments per message`);
  }
  const records = await Promise.all(ids.map((id) => uploads?.stat(id)));
  return ids.map((id, i) => {
    const record = records[i];
    if (record === undefined || record.owner !== senderId) {
      throw new AttachmentNotFound(`attachment_ids: no upload ${JSON.stringify(id)} of yours was found`);
    }
    return {
      id: record.id,
      name: record.filename,
      size: record.size,
      media_type: record.media_type,
      sha256: record.sha256,
      ...(record.width !== undefined && { width: record.width }),
      ...(record.height !== undefined && { height: record.height }),
    };
  });
}
