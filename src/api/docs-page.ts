import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type Router from '@koa/router';
// The package's main module loads the whole UI bundle; only the asset folder is needed here.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { HttpProblem } from '../views/problem';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
};

/**
 * The realtime protocol document, served as a copy at /docs/realtime.md so that the page's link works
 * on any running server (the container image ships it beside dist/). From src/api and dist/api alike,
 * the repository's docs/ is two folders up.
 */
const REALTIME_DOC = join(__dirname, '..', '..', 'docs', 'realtime.md');

/** The top of the /docs page (the OpenAPI document's `info.description`, Markdown). */
export const DOCS_INTRODUCTION = `REST commands and queries of the chat backend; live events arrive over a WebSocket.

**Getting a token.** Every operation except \`/health\` needs a bearer token: an HS256 JWT signed with
the server's \`SECRET_KEY\` (or an identity provider's key, through \`JWKS_URL\`). For development, mint one
on the server's machine with

    npm run token -- alice Alice

(a user id, then a display name; add \`--role auditor\` for the audit operations), then press
**Authorize** and paste it.

**Live events.** Open a WebSocket on the same host and port as this page:
\`ws://HOST:PORT/api/v1/chat/ws/{conversation_id}?token=TOKEN\` follows one conversation,
\`ws://HOST:PORT/api/v1/chat/ws?token=TOKEN\` every conversation of yours (the WebSocket port, \`WS_PORT\`,
serves the same paths). Frames, resuming with \`since\`, typing over the socket and close codes:
[the realtime protocol](/docs/realtime.md) (\`docs/realtime.md\` in the repository).

Operations are grouped by what they act on; each lists every status it can answer, as
\`application/problem+json\` documents for errors.`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chat API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

// Operations are grouped by their tags, in the order of the document's tag list.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', docExpansion: 'list', tagsSorter: false });`;

/** A browsable page for /openapi.json, served from the swagger-ui-dist package (no CDN). */
export function mountDocsPage(router: Router): void {
  const root = getAbsoluteFSPath();
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html';
    ctx.set(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
    );
    ctx.body = PAGE;
  });
  router.get('/docs/init.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = INIT;
  });
  router.get('/docs/realtime.md', (ctx) => {
    if (!existsSync(REALTIME_DOC)) {
      throw new HttpProblem(404, 'not_found', 'this installation does not ship docs/realtime.md');
    }
    // Plain text: browsers show it instead of downloading it, and never render it as a page.
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = createReadStream(REALTIME_DOC);
  });
  router.get('/docs/:asset', (ctx) => {
    const type = ASSETS[ctx.params.asset ?? ''];
    if (!type) return;
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = createReadStream(join(root, ctx.params.asset as string));
  });
}
