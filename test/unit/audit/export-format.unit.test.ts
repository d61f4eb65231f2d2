import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  type ExportSigningKey,
  eventHash,
  exportLines,
  makeHeader,
  publicKeyPem,
  sha256Hex,
} from '../../../src/audit/export-format';
import { verifyExport } from '../../../src/audit/export-verifier';
import type { Position, RecordedEvent } from '../../../src/eventstore/port';

function newKey(): ExportSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey };
}

const key = newKey();

function events(n: number): RecordedEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    streamId: 'conversation-c1',
    revision: i,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: i === 0 ? 'ConversationCreated' : 'MessageSent',
    data: { conversation_id: 'c1', content: `hello ${i} – ünïcødé ✓`, seq: i, nested: { z: 1, a: [i, 'x'] } },
    metadata: {},
    position: `e1-${String(i + 1).padStart(16, '0')}` as Position,
    recordedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
  }));
}

function exported(n = 5, signingKey = key): string[] {
  const header = makeHeader(
    { scope: 'conversation', conversationId: 'c1' },
    signingKey.publicKey,
    '2030-01-02T00:00:00.000Z',
  );
  return [...exportLines(events(n), header, signingKey)];
}

const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;
/** Line numbers are 1-based: lines[0] is line 1 (the header), lines[1] line 2 (event 1). */
const bad = (line: number) => expect.objectContaining({ ok: false, line });

describe('audit export format', () => {
  it('verifies an untouched export, with or without a trailing newline, and with the pinned key', () => {
    const lines = exported();
    expect(lines).toHaveLength(7);
    expect(verifyExport(lines)).toEqual({ ok: true, count: 5 });
    expect(verifyExport(`${lines.join('\n')}\n`.split('\n'))).toEqual({ ok: true, count: 5 });
    expect(verifyExport(lines, publicKeyPem(key.publicKey))).toEqual({ ok: true, count: 5 });
    expect(verifyExport(exported(0))).toEqual({ ok: true, count: 0 });
  });

  it('writes the documented records and chain', () => {
    const lines = exported(2);
    const [header, first, second, trailer] = lines.map(parse);
    expect(header).toMatchObject({
      kind: 'header',
      version: 1,
      scope: 'conversation',
      conversation_id: 'c1',
    });
    expect(first).toMatchObject({ kind: 'event', index: 1, prev_hash: sha256Hex(lines[0] as string) });
    expect(second?.prev_hash).toBe(first?.hash);
    const { hash, ...rest } = first as Record<string, unknown>;
    expect(hash).toBe(eventHash(rest.prev_hash as string, rest as never));
    expect(trailer).toMatchObject({ kind: 'trailer', count: 2, head_hash: second?.hash });
  });

  it('names the line of a changed content', () => {
    const lines = exported();
    lines[3] = (lines[3] as string).replace('hello 2', 'hello X');
    expect(verifyExport(lines)).toEqual(bad(4));
  });

  it('names the line after a dropped line', () => {
    const lines = exported();
    lines.splice(2, 1);
    expect(verifyExport(lines)).toEqual(bad(3));
    const first = exported();
    first.splice(1, 1);
    expect(verifyExport(first)).toEqual(bad(2));
  });

  it('names the first of two swapped lines', () => {
    const lines = exported();
    [lines[2], lines[3]] = [lines[3] as string, lines[2] as string];
    expect(verifyExport(lines)).toEqual(bad(3));
  });

  it('names the line of an inserted or duplicated line', () => {
    const lines = exported();
    lines.splice(4, 0, lines[3] as string);
    expect(verifyExport(lines)).toEqual(bad(5));
  });

  it('rejects a changed header', () => {
    const lines = exported();
    lines[0] = (lines[0] as string).replace('"c1"', '"c2"');
    expect(verifyExport(lines)).toEqual(bad(1));
  });

  it('names the trailer when its count is edited', () => {
    const lines = exported();
    lines[6] = (lines[6] as string).replace('"count":5', '"count":4');
    expect(verifyExport(lines)).toEqual({ ok: false, line: 7, reason: expect.stringContaining('count') });
  });

  it('names where the trailer should be when it is missing', () => {
    const lines = exported();
    lines.pop();
    expect(verifyExport(lines)).toEqual({
      ok: false,
      line: 7,
      reason: expect.stringContaining('missing trailer'),
    });
    lines.pop();
    expect(verifyExport(lines)).toEqual(bad(6));
  });

  it('rejects a line after the trailer', () => {
    const lines = exported();
    lines.push(lines[1] as string);
    expect(verifyExport(lines)).toEqual(bad(8));
  });

  it('rejects an export re-signed with another key', () => {
    const forger = newKey();
    const forged = exported(5, forger);
    // The forger's export is internally consistent; only the pinned key exposes it.
    expect(verifyExport(forged)).toEqual({ ok: true, count: 5 });
    expect(verifyExport(forged, publicKeyPem(key.publicKey))).toEqual({
      ok: false,
      line: 7,
      reason: expect.stringContaining('trusted public key'),
    });
    // Swapping only the trailer for one signed by another key breaks the header's key_id.
    const lines = exported();
    lines[6] = forged[6] as string;
    expect(verifyExport(lines)).toEqual(bad(7));
  });

  it('rejects a whole chain recomputed without the key', () => {
    const lines = exported();
    const records = lines.map(parse);
    (records[2]?.data as Record<string, unknown>).content = 'forged';
    let prev = sha256Hex(lines[0] as string);
    for (let i = 1; i <= 5; i++) {
      const { hash: _h, ...rest } = records[i] as Record<string, unknown>;
      rest.prev_hash = prev;
      prev = eventHash(prev, rest as never);
      records[i] = { ...rest, hash: prev };
    }
    (records[6] as Record<string, unknown>).head_hash = prev;
    const forged = records.map((r, i) => (i === 0 ? (lines[0] as string) : JSON.stringify(r)));
    expect(verifyExport(forged)).toEqual({
      ok: false,
      line: 7,
      reason: expect.stringContaining('signature'),
    });
  });

  it('detects any single-byte change to any event line', () => {
    const lines = exported(4);
    const bytes = lines.map((line) => Buffer.from(line, 'utf8'));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (lineIndex, at, value) => {
          const line = bytes[lineIndex] as Buffer;
          const offset = at % line.length;
          fc.pre(line[offset] !== value);
          const changed = Buffer.from(line);
          changed[offset] = value;
          const tampered = [...lines];
          tampered[lineIndex] = changed.toString('utf8');
          const result = verifyExport(tampered.join('\n').split('\n'));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.line).toBe(lineIndex + 1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
