import { createHash, randomBytes } from 'node:crypto';
import { finished, type Readable, Transform, type TransformCallback } from 'node:stream';
import type { BlobMetadata, BlobStore } from '../blobs/port';
import { AttachmentTooLarge, EmptyFile, InvalidMediaType, MediaTypeMismatch } from './errors';
import { sanitizeFilename } from './filename';
import { IMAGE_HEAD_BYTES, INLINE_IMAGE_TYPES, imageDimensions, sniffImageType } from './image-header';
import { essenceOf, normalizeMediaType } from './media-type';

export interface Upload {
  owner: string;
  /** As the client sent it (a multipart part's file name or `?filename=`); sanitised here. */
  filename: string | undefined;
  /** As the client declared it (the part's or the request's Content-Type). */
  mediaType: string | undefined;
  content: Readable;
  maxBytes: number;
  /** ISO-8601 UTC. */
  now: string;
}

/** Bytes needed to tell every allowlisted image signature apart. */
const SIGNATURE_BYTES = 12;

/**
 * Streams an upload into the blob store, measuring it on the way (size, SHA-256, the first bytes for
 * the image checks): never held in memory whole. Refused, with nothing left in the store, when it
 * passes `maxBytes` (413), when it is empty or its media type is not valid (400), or when it declares an allowlisted
 * image type its bytes do not have (400, as soon as the signature has arrived).
 */
export async function storeUpload(blobs: BlobStore, upload: Upload): Promise<BlobMetadata> {
  const mediaType = checkedMediaType(upload.mediaType);
  const essence = essenceOf(mediaType);
  const inspector = new Inspector(upload.maxBytes, INLINE_IMAGE_TYPES.has(essence) ? essence : undefined);
  feed(upload.content, inspector);
  const id = randomBytes(16).toString('hex');
  return blobs.put(id, inspector, () => {
    if (inspector.size === 0) throw new EmptyFile('file: the file is empty');
    inspector.checkSignature(true);
    const dimensions = inspector.image ? imageDimensions(inspector.image, inspector.head) : undefined;
    return {
      id,
      owner: upload.owner,
      filename: sanitizeFilename(upload.filename),
      media_type: mediaType,
      size: inspector.size,
      sha256: inspector.sha256(),
      ...dimensions,
      created_at: upload.now,
    };
  });
}

/**
 * Pipes the source into the inspector. A source that fails or ends early (a client gone mid-body)
 * fails the inspector and so the store's write; a refusal by the inspector only unpipes the source,
 * which is never destroyed here: it may be the request, whose socket still has a refusal to carry.
 */
function feed(source: Readable, inspector: Inspector): void {
  finished(source, (error) => {
    if (error) inspector.destroy(error);
  });
  inspector.once('error', () => source.unpipe(inspector));
  source.pipe(inspector);
}

function checkedMediaType(declared: string | undefined): string {
  if (declared === undefined || declared.trim() === '') {
    throw new InvalidMediaType('media type: the upload must declare its Content-Type');
  }
  const normal = normalizeMediaType(declared);
  if (normal === undefined) {
    throw new InvalidMediaType(
      `media type: ${JSON.stringify(declared.slice(0, 100))} is not a valid media type`,
    );
  }
  return normal;
}

/** Passes bytes through, counting, hashing and keeping the first IMAGE_HEAD_BYTES. */
class Inspector extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private signatureChecked = false;

  constructor(
    private readonly maxBytes: number,
    /** The declared allowlisted image type, whose signature the bytes must have. */
    readonly image: string | undefined,
  ) {
    super();
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new AttachmentTooLarge(`the file is larger than the limit of ${this.maxBytes} bytes`));
      return;
    }
    this.hash.update(chunk);
    if (this.headLength < IMAGE_HEAD_BYTES) {
      const part = chunk.subarray(0, IMAGE_HEAD_BYTES - this.headLength);
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    try {
      this.checkSignature(false);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  /** Checks the signature once enough bytes arrived (or, `atEnd`, with whatever arrived). */
  checkSignature(atEnd: boolean): void {
    if (this.image === undefined || this.signatureChecked) return;
    if (!atEnd && this.headLength < SIGNATURE_BYTES) return;
    this.signatureChecked = true;
    const actual = sniffImageType(this.head);
    if (actual !== this.image) {
      const seen = actual === undefined ? 'they are not an image of that kind' : `they are ${actual}`;
      throw new MediaTypeMismatch(
        `media type: declared ${this.image}, but the file's bytes do not match (${seen})`,
      );
    }
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}
