import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  EVENT_FIELDS,
  EXPORT_VERSION,
  type ExportEventRecord,
  type ExportHeader,
  type ExportTrailer,
  eventHash,
  HEADER_FIELDS,
  keyId,
  OPTIONAL_EVENT_FIELDS,
  serialize,
  sha256Hex,
  TRAILER_FIELDS,
  trailerSigningPayload,
  type VerifyResult,
} from './export-format';

/**
 * The verifier of audit exports (the format is export-format.ts): it accepts a file only in the exact
 * form the writer produces, with an unbroken hash chain and a trailer signed by the export key.
 */

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
    const required = EVENT_FIELDS.filter((f) => !OPTIONAL_EVENT_FIELDS.includes(f));
    if (!hasOnly(record, EVENT_FIELDS) || required.some((f) => record[f] === undefined))
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
