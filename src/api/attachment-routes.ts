import type Koa from 'koa';
import { z } from 'zod';
import { INLINE_IMAGE_TYPES } from '../attachments/image-header';
import { essenceOf } from '../attachments/media-type';
import { storeUpload } from '../attachments/upload';
import type { BlobMetadata, BlobStore } from '../blobs/port';
import type { UserRateLimit } from '../limits/user-limits';
import type { Metrics } from '../observability/metrics';
import type { ReadModels } from '../readmodels/port';
import { HttpProblem, toProblem } from '../views/problem';
import { text } from '../views/text';
import { tooManyRequests } from './command-routes/documentation';
import type { Consistency } from './consistency';
import { multipartFile } from './multipart-upload';
import { type Route, route } from './route';
import * as s from './schemas';

const P = '/api/v1/chat';
const problem = (description: string) => ({ description, schema: s.Problem });

export interface AttachmentOptions {
  blobs: BlobStore;
  /** Uploads per user and minute, checked before the body is read. */
  uploadLimit?: UserRateLimit;
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  now: () => string;
}

/** What a multipart form may add around the file (boundaries, part headers, small fields). */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const UploadQuery = z.strictObject({
  filename: text().max(1024).optional().describe('the file name, for a raw (non-multipart) body'),
});
const AttachmentParams = z.strictObject({ attachment_id: text().min(1).max(64) });

const NOT_FOUND =
  'unknown attachment, or one you may not fetch: neither your own upload nor carried by a message (not deleted) of a conversation you take part in';

/**
 * Uploading files (streamed to the blob store, never held whole) and fetching them. Uploads are not
 * events: the blob store records their owner and time; a message's reference to one is.
 */
export function attachmentRoutes(
  configured: AttachmentOptions | undefined,
  readModels: ReadModels,
  consistency: Consistency,
  positionPattern: RegExp,
  metrics: Metrics,
): Route[] {
  const position = s.positionIn(positionPattern);
  const options = (): AttachmentOptions => {
    if (!configured) throw new Error('attachments are not configured: no blob store');
    return configured;
  };
  return [
    route({
      method: 'post',
      path: `${P}/attachments`,
      operationId: 'uploadAttachment',
      tag: 'attachments',
      summary:
        'Upload a file for an image or file message (at most ATTACHMENT_MAX_BYTES, 10 MiB by default): a multipart/form-data body with a `file` part, or the raw bytes with their Content-Type and `?filename=`. Answers the id that `attachment_ids` names. An upload no message carries is removed after ATTACHMENT_GRACE_HOURS (24 by default).',
      query: UploadQuery,
      streamedBody: {
        description:
          'multipart/form-data with a `file` part (its Content-Type and file name are recorded), or the raw bytes under their own Content-Type',
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
              required: ['file'],
            },
          },
          'application/octet-stream': {
            schema: { type: 'string', contentMediaType: 'application/octet-stream' },
          },
          '*/*': { schema: { type: 'string' } },
        },
      },
      responses: {
        201: { description: 'stored', schema: s.UploadedAttachment },
        400: problem(
          'no `file` part, an unreadable form, an empty file (`empty_file`), a media type that is not valid or is a range such as `*/*` (`invalid_media_type`), or an image whose bytes are not of its declared PNG, JPEG, GIF or WebP type (`media_type_mismatch`)',
        ),
        413: problem('the file is larger than ATTACHMENT_MAX_BYTES (code `attachment_too_large`)'),
        415: problem('a compressed body (Content-Encoding): send the file as it is'),
        ...tooManyRequests('over UPLOADS_PER_MINUTE (code `too_many_uploads`); the body was not read'),
      },
      async handle({ query, caller, ctx }) {
        // Over the limit: 429 before a byte of the body is read (counted by the limit's own metric).
        options().uploadLimit?.admit(caller.actor.user_id);
        try {
          const stored = await receive(ctx, options(), caller.actor.user_id, query.filename);
          metrics.attachmentUploads.inc({ outcome: 'stored' });
          metrics.attachmentBytes.inc(stored.size);
          return { status: 201, body: uploadedView(stored) };
        } catch (error) {
          const refused = toProblem(error).status < 500 || !ctx.req.complete;
          metrics.attachmentUploads.inc({ outcome: refused ? 'refused' : 'error' });
          throw closingWhenUnread(ctx, error);
        }
      },
    }),
    route({
      method: 'get',
      path: `${P}/attachments/:attachment_id`,
      operationId: 'getAttachment',
      tag: 'attachments',
      summary:
        'The file, under its recorded Content-Type (never sniffed): inline for PNG, JPEG, GIF and WebP images, a download for everything else (HTML and SVG included). Yours, or carried by a message you can see.',
      params: AttachmentParams,
      query: s.consistencyQuery(position),
      responses: {
        200: {
          description: 'the bytes',
          otherMediaTypes: { '*/*': z.string() },
          headers: {
            'Content-Disposition': {
              description: "`inline` for allowlisted images, else `attachment`; with `filename*=UTF-8''…`",
              schema: z.string(),
            },
            ETag: { description: 'the SHA-256 of the bytes, quoted', schema: z.string() },
          },
        },
        304: { description: 'If-None-Match named the current ETag' },
        404: problem(NOT_FOUND),
      },
      async handle({ params, query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const userId = caller.actor.user_id;
        const { blobs } = options();
        const metadata = await blobs.stat(params.attachment_id);
        const allowed =
          metadata !== undefined &&
          (metadata.owner === userId || (await readModels.attachmentVisibleTo(metadata.id, userId)));
        if (!allowed) throw new HttpProblem(404, 'attachment_not_found', 'attachment not found');
        setFileHeaders(ctx, metadata);
        if (matchesEtag(ctx.get('If-None-Match'), etagOf(metadata))) return { status: 304, body: null };
        const opened = await blobs.open(metadata.id);
        if (!opened) throw new HttpProblem(404, 'attachment_not_found', 'attachment not found');
        ctx.length = metadata.size;
        return { status: 200, body: opened.content };
      },
    }),
  ];
}

async function receive(
  ctx: Koa.Context,
  options: AttachmentOptions,
  owner: string,
  filename: string | undefined,
): Promise<BlobMetadata> {
  const multipart = ctx.is('multipart/form-data') === 'multipart/form-data';
  const declared = ctx.request.length;
  const allowance = options.maxBytes + (multipart ? FORM_OVERHEAD_BYTES : 0);
  // A Content-Length over the limit is refused before a byte of the body is read.
  if (declared !== undefined && declared > allowance) throw tooLarge(options.maxBytes);
  const encoding = ctx.get('Content-Encoding').toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new HttpProblem(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not accepted`);
  }
  const part = multipart
    ? await multipartFile(ctx.req, options.maxBytes)
    : { content: ctx.req, filename, mediaType: ctx.get('Content-Type') || undefined };
  return storeUpload(options.blobs, {
    owner,
    filename: part.filename,
    mediaType: part.mediaType,
    content: part.content,
    maxBytes: options.maxBytes,
    now: options.now(),
  });
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(
    413,
    'attachment_too_large',
    `the file is larger than the limit of ${maxBytes} bytes`,
  );
}

/** A refusal before the body was read to its end closes the connection: the rest is never read. */
function closingWhenUnread(ctx: Koa.Context, error: unknown): unknown {
  if (ctx.req.complete) return error;
  const problem = toProblem(error);
  if (problem.status >= 500) return error;
  return new HttpProblem(problem.status, problem.code, problem.message, problem.errors, {
    ...problem.headers,
    Connection: 'close',
  });
}

function uploadedView(stored: BlobMetadata): z.infer<typeof s.UploadedAttachment> {
  return {
    attachment_id: stored.id,
    filename: stored.filename,
    size: stored.size,
    media_type: stored.media_type,
    sha256: stored.sha256,
    ...(stored.width !== undefined && { width: stored.width }),
    ...(stored.height !== undefined && { height: stored.height }),
  };
}

const etagOf = (metadata: BlobMetadata) => `"${metadata.sha256}"`;

/** RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly (a `W/` prefix is ignored). */
function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * The recorded type, never sniffed (nosniff); a sandboxing policy so that even a document opened
 * directly runs nothing; inline only for the allowlisted image types, a download otherwise.
 */
function setFileHeaders(ctx: Koa.Context, metadata: BlobMetadata): void {
  const inline = INLINE_IMAGE_TYPES.has(essenceOf(metadata.media_type));
  ctx.set({
    'Content-Type': metadata.media_type,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
    'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', metadata.filename),
    // Access can be lost (removal, deletion): a cache must ask again, and the ETag makes that cheap.
    'Cache-Control': 'private, no-cache',
    ETag: etagOf(metadata),
  });
}

/** RFC 6266: an ASCII fallback name and the exact one in RFC 8187 encoding. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
