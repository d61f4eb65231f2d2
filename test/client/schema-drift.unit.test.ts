import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { createApi } from '../../src/api/app';
import { loadConfig } from '../../src/config/config';
import type { ConversationEvent } from '../../src/domain/conversation/events';
import { abuseLimits } from '../../src/limits/user-limits';
import { Metrics } from '../../src/observability/metrics';
import {
  connectedFrame,
  conversationFrame,
  errorFrame,
  presenceFrame,
  typingFrame,
} from '../../src/realtime/frames';

import { tempDir } from '../support/temp-dir';

const { serverOpenApi } = require('../../client/scripts/server-openapi.cjs');

const CLIENT_SRC = join(__dirname, '..', '..', 'client', 'src');
const T = '2024-01-27T10:30:00.000Z';

describe('the client types follow the server schemas', () => {
  it('the generated REST types are those of the OpenAPI document the server serves now', async () => {
    const document = await serverOpenApi({ createApi, abuseLimits, loadConfig, Metrics });
    const dir = tempDir();
    try {
      const file = join(dir.dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const script = join(CLIENT_SRC, '..', 'scripts', 'generate-api-types.mjs');
      const fresh = execFileSync(process.execPath, [script, '--stdout', file], { encoding: 'utf8' });
      const committed = readFileSync(join(CLIENT_SRC, 'generated', 'api.ts'), 'utf8');
      // On failure: `npm run build` regenerates client/src/generated/api.ts from the server.
      expect(fresh).toBe(committed);
    } finally {
      dir.remove();
    }
  });

  it('every frame the server builds type-checks as the client ServerFrame union', () => {
    const frames = serverFrames();
    expect(new Set(frames.map((f) => f.type)).size).toBe(22);
    expect(typeErrors(frames)).toEqual([]);
  });

  it('a frame with a field the client does not know fails the check', () => {
    const [message] = serverFrames().filter((f) => f.type === 'message');
    const drifted = { ...message, message: { ...(message?.message as object), stars: [] } };
    expect(typeErrors([drifted as never]).join('\n')).toMatch(/stars/);
    const missing = { ...message, position: undefined };
    expect(typeErrors([JSON.parse(JSON.stringify(missing))]).join('\n')).toMatch(/position/);
  });
});

/** One frame of every kind, built by the server's own frame builders from well-formed events. */
function serverFrames(): Array<Record<string, unknown> & { type: string }> {
  const c = 'conv-1';
  const events: ConversationEvent[] = [
    {
      type: 'MessageSent',
      data: {
        conversation_id: c,
        message_id: `${c}.1`,
        seq: 1,
        user_id: 'alice',
        username: 'Alice',
        user_avatar: null,
        content: 'hi',
        message_type: 'text',
        reply_to_id: null,
        client_message_id: 'k1',
        created_at: T,
      },
    },
    {
      type: 'MessageEdited',
      data: {
        conversation_id: c,
        message_id: `${c}.1`,
        seq: 1,
        user_id: 'alice',
        content: 'hey',
        edited_at: T,
      },
    },
    {
      type: 'MessageDeleted',
      data: { conversation_id: c, message_id: `${c}.1`, seq: 1, deleted_by: 'alice', deleted_at: T },
    },
    {
      type: 'ConversationRead',
      data: {
        conversation_id: c,
        user_id: 'bob',
        last_read_seq: 1,
        last_read_message_id: `${c}.1`,
        read_at: T,
      },
    },
    {
      type: 'ParticipantAdded',
      data: { conversation_id: c, user_id: 'bob', role: 'member', added_by: 'alice', added_at: T },
    },
    {
      type: 'ParticipantRemoved',
      data: { conversation_id: c, user_id: 'bob', removed_by: 'alice', removed_at: T },
    },
    {
      type: 'ParticipantRoleChanged',
      data: { conversation_id: c, user_id: 'bob', role: 'admin', changed_by: 'alice', changed_at: T },
    },
    {
      type: 'ConversationUpdated',
      data: { conversation_id: c, name: 'Team', description: null, updated_by: 'alice', updated_at: T },
    },
    { type: 'ConversationArchived', data: { conversation_id: c, archived_by: 'alice', archived_at: T } },
    {
      type: 'ReactionAdded',
      data: {
        conversation_id: c,
        message_id: `${c}.1`,
        seq: 1,
        user_id: 'bob',
        emoji: ':+1:',
        count: 1,
        reacted_at: T,
      },
    },
    {
      type: 'ReactionRemoved',
      data: {
        conversation_id: c,
        message_id: `${c}.1`,
        seq: 1,
        user_id: 'bob',
        emoji: ':+1:',
        count: 0,
        removed_at: T,
      },
    },
    {
      type: 'MessagePinned',
      data: { conversation_id: c, message_id: `${c}.1`, seq: 1, pinned_by: 'alice', pinned_at: T },
    },
    {
      type: 'MessageUnpinned',
      data: { conversation_id: c, message_id: `${c}.1`, seq: 1, unpinned_by: 'alice', unpinned_at: T },
    },
    {
      type: 'ParticipantTimedOut',
      data: { conversation_id: c, user_id: 'bob', until: T, timed_out_by: 'alice', timed_out_at: T },
    },
    {
      type: 'ParticipantTimeoutLifted',
      data: { conversation_id: c, user_id: 'bob', lifted_by: 'alice', lifted_at: T },
    },
    {
      type: 'ParticipantBanned',
      data: { conversation_id: c, user_id: 'bob', banned_by: 'alice', reason: 'spam', banned_at: T },
    },
    {
      type: 'ParticipantUnbanned',
      data: { conversation_id: c, user_id: 'bob', unbanned_by: 'alice', unbanned_at: T },
    },
  ];
  const position = '0000000000000001';
  return [
    ...events.map((event) => conversationFrame(event, position)).filter((f) => f !== null),
    connectedFrame(null, true, T),
    connectedFrame(c, null, T),
    errorFrame('invalid_frame', 'bad', T),
    { ...errorFrame('rate_limited', 'slow down', T), retry_after: 1 },
    { ...errorFrame('timed_out', 'you are timed out', T), until: T },
    typingFrame({ conversation_id: c, user_id: 'bob', username: 'Bob', is_typing: true, started_at: T }, T),
    presenceFrame(
      { user_id: 'bob', username: 'Bob', status: 'online', status_message: null, last_active: T },
      T,
    ),
    { type: 'pong', timestamp: T },
    { type: 'auth_ok', expires_at: T, timestamp: T },
  ];
}

/** Type-checks `const frames: ServerFrame[] = [...]` beside the client's sources, in memory. */
function typeErrors(frames: unknown[]): string[] {
  const file = join(CLIENT_SRC, '__frames_check__.ts');
  const source = `import type { ServerFrame } from './frames.js';\nexport const frames: ServerFrame[] = ${JSON.stringify(frames, null, 1)};\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists;
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
