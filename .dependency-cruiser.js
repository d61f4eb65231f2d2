/**
 * The layer rules of the architecture (see README: Architecture), checked by `npm test`
 * (test/unit/architecture.unit.test.ts) and by `npx depcruise src`.
 *
 * - the domain is pure: zod and itself;
 * - REST (src/api) and WebSocket (src/realtime) are two adapters of one application: neither imports
 *   the other; what both need (caller, token check, views, problems) lives in src/auth and src/views;
 * - the store adapters never import each other, and only the composition root wires them;
 * - no cycles between folders.
 */

const ADAPTERS =
  '^src/(eventstore/(sqlite|esdb)|readmodels/(sqlite|mongo)|privacy/(sqlite|mongo)|blobs/(files|gridfs))/';
/** The composition root: the only modules that choose and build adapters. */
const COMPOSITION_ROOT = '^src/(server|stores|main)\\.ts$|^src/cli/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports zod and itself only: no store, no framework, no clock, no node built-ins.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend one way: a cycle between folders means two of them are one concern.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      comment: 'Modules depend one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'realtime-does-not-import-api',
      comment:
        'WebSocket and REST are two adapters of the application: shared pieces go to src/auth or src/views.',
      severity: 'error',
      from: { path: '^src/realtime/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'api-does-not-import-realtime',
      comment:
        'WebSocket and REST are two adapters of the application: shared pieces go to src/auth or src/views.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/realtime/' },
    },
    {
      name: 'adapters-do-not-import-each-other',
      comment: 'Each store adapter stands alone behind its port; share a helper below them instead.',
      severity: 'error',
      from: { path: '^src/(eventstore|readmodels|privacy|blobs)/(sqlite|mongo|esdb|files|gridfs)/' },
      to: {
        path: ADAPTERS,
        pathNot: '^src/$1/$2/',
      },
    },
    {
      name: 'only-the-composition-root-imports-adapters',
      comment:
        'Everything else depends on the ports; src/server.ts, src/stores.ts, src/main.ts and the CLIs wire adapters.',
      severity: 'error',
      from: { pathNot: [COMPOSITION_ROOT, ADAPTERS] },
      to: { path: ADAPTERS },
    },
    {
      name: 'commands-never-reach-for-transport',
      comment:
        'Commands are the application: no HTTP or WebSocket framework, no adapter of a caller (api, realtime, auth, views).',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: {
        path: ['^src/', '^node_modules/(koa|@koa|uWebSockets\\.js|jsonwebtoken)/'],
        // privacy: the key-store port (erasure deletes keys); its adapters stay behind the root.
        pathNot: '^src/(commands|domain|eventstore|observability|privacy)/',
      },
    },
    {
      name: 'event-store-knows-no-chat',
      comment:
        "The event-store port and its adapters know events and streams, not conversations: nothing else of src/ but the embedded stores' database helper.",
      severity: 'error',
      from: { path: '^src/eventstore/' },
      to: { path: '^src/', pathNot: '^src/(eventstore|sqlite)/' },
    },
    {
      name: 'read-models-know-no-chat-logic',
      comment:
        'The read-model port and its adapters own their tables and changes; projections depend on them, never the reverse.',
      severity: 'error',
      from: { path: '^src/readmodels/' },
      to: { path: '^src/', pathNot: '^src/(readmodels|eventstore|sqlite)/' },
    },
    {
      name: 'sqlite-helper-stands-alone',
      comment: "The embedded stores' database helper sits below both of them.",
      severity: 'error',
      from: { path: '^src/sqlite/' },
      to: { path: '^src/', pathNot: '^src/sqlite/' },
    },
    {
      name: 'limits-are-plain-counters',
      comment: 'Abuse limits are in-memory counters: no store, no framework (configuration types only).',
      severity: 'error',
      from: { path: '^src/limits/' },
      to: { pathNot: '^src/(limits|config)/' },
    },
    {
      name: 'blob-store-knows-no-chat',
      comment: 'The blob-store port and its adapters store bytes and their metadata: nothing else of src/.',
      severity: 'error',
      from: { path: '^src/blobs/' },
      to: { path: '^src/', pathNot: '^src/blobs/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|client|test|bench)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
