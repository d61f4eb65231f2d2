import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type Router from '@koa/router';
// The package's main module loads the whole UI bundle; only the asset folder is needed here.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chat API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });`;

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
  router.get('/docs/:asset', (ctx) => {
    const type = ASSETS[ctx.params.asset ?? ''];
    if (!type) return;
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = createReadStream(join(root, ctx.params.asset as string));
  });
}
