import { createHash, type KeyObject, sign } from 'node:crypto';
import type { RecordedEvent } from '../eventstore/port';

/**
 * The audit export file (pure: no store, no file system). NDJSON, one record per line:
 *
 *   line 1      {"kind":"header","version":1,"scope":…,"conversation_id"?,"created_at","key_id"}
 *   line n+1    {"kind":"event","index":n,…,"prev_hash","hash"}   for the n-th exported event (n from 1)
 *   last line   {"kind":"trailer","count","first_position","last_position","head_hash","signature","public_key"}
 *
 * Hash chain: an event's `hash` is sha256 hex of `prev_hash + canonical JSON of the record without hash`;
 * the first event's `prev_hash` is sha256 hex of the header line, every other one the previous event's hash.
 * The chain proves order and completeness *relative to the trailer*, but anybody can recompute it after
 * editing a record. The trailer is therefore signed with the exporter's Ed25519 key (over the canonical
 * JSON of the trailer without `signature`); a forger without the private key cannot produce a valid
 * signature, and an auditor who pins the public key (`verify --public-key`) cannot be fooled by a
 * forger who re-signs with a key of their own.
 *
 * Personal fields are stored encrypted (docs/privacy.md): `data` is the event's data as the store
 * holds it (ciphertext where a field is personal) and is what the chain hashes, so an export verifies
 * the same before and after an erasure, and two exports of one log agree on every hash. Where the
 * readable form differs, the record also carries `view` (decrypted, or erased where the key is gone),
 * which the chain does not cover: it is the exporter's reading, not evidence.
 *
 * The verifier is export-verifier.ts.
 *
 * Canonical JSON sorts object keys recursively. Every line of the file is written in one exact form
 * (fixed top-level field order, canonical nested values) and the verifier requires that form, so no byte
 * of a line can change without the verifier noticing.
 */

export const EXPORT_VERSION = 1;

export interface ExportHeader {
  kind: 'header';
  version: typeof EXPORT_VERSION;
  scope: 'conversation' | 'all';
  conversation_id?: string;
  created_at: string;
  key_id: string;
}

export interface ExportEventRecord {
  kind: 'event';
  index: number;
  position: string;
  stream_id: string;
  revision: number;
  type: string;
  recorded_at: string;
  data: unknown;
  /** The data as readers see it, where it differs from what is stored; not covered by the hash. */
  view?: unknown;
  prev_hash: string;
  hash: string;
}

export interface ExportTrailer {
  kind: 'trailer';
  count: number;
  first_position: string | null;
  last_position: string | null;
  head_hash: string;
  signature: string;
  public_key: string;
}

/** The signing half of the export key, with what the file records about it. */
export interface ExportSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export type VerifyResult = { ok: true; count: number } | { ok: false; line: number; reason: string };

export const HEADER_FIELDS = ['kind', 'version', 'scope', 'conversation_id', 'created_at', 'key_id'] as const;
export const EVENT_FIELDS = [
  'kind',
  'index',
  'position',
  'stream_id',
  'revision',
  'type',
  'recorded_at',
  'data',
  'view',
  'prev_hash',
  'hash',
] as const;

/** Event fields a record may leave out. */
export const OPTIONAL_EVENT_FIELDS: readonly string[] = ['view'];
export const TRAILER_FIELDS = [
  'kind',
  'count',
  'first_position',
  'last_position',
  'head_hash',
  'signature',
  'public_key',
] as const;

/** JSON with object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The form every line is written in: top-level fields in the documented order, nested values canonical. */
export function serialize(record: Record<string, unknown>, fields: readonly string[]): string {
  const ordered: Record<string, unknown> = {};
  for (const field of fields) if (record[field] !== undefined) ordered[field] = sortKeys(record[field]);
  return JSON.stringify(ordered);
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A short fingerprint of a public key: the first 16 hex digits of sha256 over its SPKI DER encoding. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The hash of an event record: over everything but `hash` itself and the unauthenticated `view`. */
export function eventHash(prevHash: string, record: Omit<ExportEventRecord, 'hash'>): string {
  const { hash: _ignored, view: _unhashed, ...rest } = record as ExportEventRecord;
  return sha256Hex(prevHash + canonicalJson(rest));
}

export function trailerSigningPayload(trailer: Omit<ExportTrailer, 'signature'>): Buffer {
  const { signature: _ignored, ...rest } = trailer as ExportTrailer;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

export function makeHeader(
  scope: { scope: 'all' } | { scope: 'conversation'; conversationId: string },
  publicKey: KeyObject,
  createdAt: string,
): ExportHeader {
  return {
    kind: 'header',
    version: EXPORT_VERSION,
    scope: scope.scope,
    ...(scope.scope === 'conversation' ? { conversation_id: scope.conversationId } : {}),
    created_at: createdAt,
    key_id: keyId(publicKey),
  };
}

/** Writes an export one line at a time (for exports too large to hold in memory). */
export class ExportWriter {
  private prevHash = '';
  private count = 0;
  private firstPosition: string | null = null;
  private lastPosition: string | null = null;

  constructor(private readonly key: ExportSigningKey) {}

  header(header: ExportHeader): string {
    const line = serialize({ ...header }, HEADER_FIELDS);
    this.prevHash = sha256Hex(line);
    return line;
  }

  event(event: RecordedEvent): string {
    const unhashed: Omit<ExportEventRecord, 'hash'> = {
      kind: 'event',
      index: this.count + 1,
      ...auditRecord(event),
      // The stored bytes are what the chain covers; the readable form rides along unhashed.
      data: event.storedData ?? event.data,
      ...(event.storedData !== undefined && { view: event.data }),
      prev_hash: this.prevHash,
    };
    const hash = eventHash(this.prevHash, unhashed);
    this.prevHash = hash;
    this.count++;
    this.firstPosition ??= event.position;
    this.lastPosition = event.position;
    return serialize({ ...unhashed, hash }, EVENT_FIELDS);
  }

  trailer(): string {
    const unsigned: Omit<ExportTrailer, 'signature'> = {
      kind: 'trailer',
      count: this.count,
      first_position: this.firstPosition,
      last_position: this.lastPosition,
      head_hash: this.prevHash,
      public_key: publicKeyPem(this.key.publicKey),
    };
    const signature = sign(null, trailerSigningPayload(unsigned), this.key.privateKey).toString('base64');
    return serialize({ ...unsigned, signature }, TRAILER_FIELDS);
  }
}

/** A recorded event in the snake_case fields that audits export and print. */
export function auditRecord(event: RecordedEvent) {
  return {
    position: event.position,
    stream_id: event.streamId,
    revision: event.revision,
    type: event.type,
    recorded_at: event.recordedAt,
    data: event.data,
  };
}

/** Every line of an export of `events`, header first, trailer last (no newlines). */
export function* exportLines(
  events: Iterable<RecordedEvent>,
  header: ExportHeader,
  key: ExportSigningKey,
): Generator<string> {
  const writer = new ExportWriter(key);
  yield writer.header(header);
  for (const event of events) yield writer.event(event);
  yield writer.trailer();
}
