import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
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

const HEADER_FIELDS = ['kind', 'version', 'scope', 'conversation_id', 'created_at', 'key_id'] as const;
const EVENT_FIELDS = [
  'kind',
  'index',
  'position',
  'stream_id',
  'revision',
  'type',
  'recorded_at',
  'data',
  'prev_hash',
  'hash',
] as const;
const TRAILER_FIELDS = [
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
function serialize(record: Record<string, unknown>, fields: readonly string[]): string {
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

export function eventHash(prevHash: string, record: Omit<ExportEventRecord, 'hash'>): string {
  const { hash: _ignored, ...rest } = record as ExportEventRecord;
  return sha256Hex(prevHash + canonicalJson(rest));
}

function trailerSigningPayload(trailer: Omit<ExportTrailer, 'signature'>): Buffer {
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
      position: event.position,
      stream_id: event.streamId,
      revision: event.revision,
      type: event.type,
      recorded_at: event.recordedAt,
      data: event.data,
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

type Failure = { ok: false; line: number; reason: string };
const fail = (line: number, reason: string): Failure => ({ ok: false, line, reason });

/**
 * Checks an export line by line; feed it lines (without newlines) with `push`, then call `end`. The
 * first failure is kept and later lines are ignored, so the result names the FIRST bad record.
 */
export class ExportVerifier {
  private lineNo = 0;
  private failure: Failure | undefined;
  private header: ExportHeader | undefined;
  private prevHash = '';
  private count = 0;
  private firstPosition: string | null = null;
  private lastPosition: string | null = null;
  private trailerSeen = false;
  private readonly trusted: KeyObject | undefined;

  constructor(trustedPublicKey?: string | KeyObject) {
    this.trusted =
      trustedPublicKey === undefined
        ? undefined
        : typeof trustedPublicKey === 'string'
          ? createPublicKey(trustedPublicKey)
          : trustedPublicKey;
  }

  push(line: string): void {
    this.lineNo++;
    if (this.failure) return;
    this.failure = this.check(line);
  }

  end(): VerifyResult {
    if (this.failure) return this.failure;
    if (this.lineNo === 0) return fail(1, 'empty file: no header');
    if (!this.trailerSeen) return fail(this.lineNo + 1, 'missing trailer: the export is truncated');
    return { ok: true, count: this.count };
  }

  private check(line: string): Failure | undefined {
    const n = this.lineNo;
    if (this.trailerSeen) return fail(n, 'unexpected line after the trailer');
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return fail(n, 'not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return fail(n, 'not a JSON object');
    const record = parsed as Record<string, unknown>;
    if (n === 1) return this.checkHeader(record, line);
    if (record.kind === 'event') return this.checkEvent(record, line);
    if (record.kind === 'trailer') return this.checkTrailer(record, line);
    return fail(n, `unexpected record kind ${JSON.stringify(record.kind)}`);
  }

  private checkHeader(record: Record<string, unknown>, line: string): Failure | undefined {
    if (record.kind !== 'header') return fail(1, 'the first line is not a header');
    if (!hasOnly(record, HEADER_FIELDS)) return fail(1, 'header has unexpected fields');
    if (record.version !== EXPORT_VERSION) return fail(1, `unsupported version ${String(record.version)}`);
    const scopeOk =
      (record.scope === 'all' && record.conversation_id === undefined) ||
      (record.scope === 'conversation' && typeof record.conversation_id === 'string');
    if (!scopeOk) return fail(1, 'header scope is invalid');
    if (typeof record.created_at !== 'string' || typeof record.key_id !== 'string')
      return fail(1, 'header is missing created_at or key_id');
    if (serialize(record, HEADER_FIELDS) !== line) return fail(1, 'header is not in canonical form');
    this.header = record as unknown as ExportHeader;
    this.prevHash = sha256Hex(line);
    return undefined;
  }

  private checkEvent(record: Record<string, unknown>, line: string): Failure | undefined {
    const n = this.lineNo;
    if (!hasOnly(record, EVENT_FIELDS) || EVENT_FIELDS.some((f) => record[f] === undefined))
      return fail(n, 'event record has missing or unexpected fields');
    const { index, position, stream_id, revision, type, recorded_at, prev_hash, hash } = record;
    if (
      typeof index !== 'number' ||
      typeof position !== 'string' ||
      typeof stream_id !== 'string' ||
      typeof revision !== 'number' ||
      typeof type !== 'string' ||
      typeof recorded_at !== 'string' ||
      typeof prev_hash !== 'string' ||
      typeof hash !== 'string'
    )
      return fail(n, 'event record has a field of the wrong type');
    if (serialize(record, EVENT_FIELDS) !== line) return fail(n, 'event record is not in canonical form');
    const recomputed = eventHash(prev_hash, record as unknown as ExportEventRecord);
    if (recomputed !== hash) return fail(n, `event ${index}: hash does not match the record's content`);
    if (index !== this.count + 1)
      return fail(
        n,
        `event index ${index} where ${this.count + 1} was expected (removed, inserted or reordered)`,
      );
    if (prev_hash !== this.prevHash) {
      return this.count === 0
        ? fail(1, 'header does not match the chain (the first prev_hash is not the hash of the header line)')
        : fail(
            n,
            `event ${index}: prev_hash does not match the previous record (removed, inserted or reordered)`,
          );
    }
    this.prevHash = hash;
    this.count++;
    this.firstPosition ??= position;
    this.lastPosition = position;
    return undefined;
  }

  private checkTrailer(record: Record<string, unknown>, line: string): Failure | undefined {
    const n = this.lineNo;
    this.trailerSeen = true;
    if (!hasOnly(record, TRAILER_FIELDS) || TRAILER_FIELDS.some((f) => record[f] === undefined))
      return fail(n, 'trailer has missing or unexpected fields');
    if (serialize(record, TRAILER_FIELDS) !== line) return fail(n, 'trailer is not in canonical form');
    const trailer = record as unknown as ExportTrailer;
    if (trailer.count !== this.count)
      return fail(
        n,
        `trailer count ${String(trailer.count)} does not match the ${this.count} events in the file`,
      );
    if (trailer.first_position !== this.firstPosition || trailer.last_position !== this.lastPosition)
      return fail(n, 'trailer first_position/last_position do not match the events in the file');
    if (trailer.head_hash !== this.prevHash)
      return fail(n, 'trailer head_hash does not match the hash of the last event');
    let publicKey: KeyObject;
    try {
      if (typeof trailer.public_key !== 'string' || typeof trailer.signature !== 'string') throw new Error();
      publicKey = createPublicKey(trailer.public_key);
      if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error();
    } catch {
      return fail(n, 'trailer public_key is not an Ed25519 public key');
    }
    if (this.trusted && !publicKey.equals(this.trusted))
      return fail(n, 'trailer is signed with a key other than the trusted public key');
    if (this.header && this.header.key_id !== keyId(publicKey))
      return fail(n, "trailer public_key does not match the header's key_id");
    const { signature, ...unsigned } = trailer;
    const valid = verify(null, trailerSigningPayload(unsigned), publicKey, Buffer.from(signature, 'base64'));
    if (!valid) return fail(n, 'trailer signature is not valid');
    return undefined;
  }
}

function hasOnly(record: Record<string, unknown>, fields: readonly string[]): boolean {
  return Object.keys(record).every((key) => fields.includes(key));
}

/** Verifies a whole export given as lines (a final empty line, from a trailing newline, is ignored). */
export function verifyExport(lines: Iterable<string>, trustedPublicKey?: string | KeyObject): VerifyResult {
  const verifier = new ExportVerifier(trustedPublicKey);
  let pendingEmpty = false;
  for (const line of lines) {
    if (pendingEmpty) verifier.push('');
    pendingEmpty = line === '';
    if (!pendingEmpty) verifier.push(line);
  }
  return verifier.end();
}
