import { createSecretKey } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type Router from '@koa/router';
import jwt from 'jsonwebtoken';
import type Koa from 'koa';
import { z } from 'zod';
import { parseInput } from '../views/problem';
import { text } from '../views/text';

/** Where `npm run build` puts the demo page (client/scripts/build-demo.mjs). */
const BUILD = join(__dirname, '..', '..', 'client', 'dist', 'demo');
const ASSETS: Record<string, string> = {
  'app.js': 'application/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};
// Scripts and styles from this server only; the page may call any API origin it is pointed at.
const CSP =
  "default-src 'self'; connect-src 'self' http: https: ws: wss:; img-src 'self' data:; frame-ancestors 'none'";
const DEV_TOKEN_SECONDS = 12 * 3600;

export interface DemoOptions {
  /**
   * The server's generated development secret, only when no SECRET_KEY (nor JWKS) is configured:
   * then `POST /demo/dev-token` signs in as any user name. Never set it for a configured secret.
   */
  devSecret?: string;
}

const DevTokenBody = z.strictObject({
  user_id: text()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash or underscore'),
  name: text().min(1).max(200).optional(),
});

/** The demo chat page at /demo, served from the client's build output (no CDN). */
export function mountDemoPage(router: Router, options: DemoOptions, json: Koa.Middleware): void {
  router.get('/demo', (ctx) => {
    // The page's assets are relative to it: `/demo/`, so the same build also works from any folder.
    if (!ctx.path.endsWith('/')) {
      ctx.redirect('/demo/');
      return;
    }
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('Cache-Control', 'no-cache');
    const file = join(BUILD, 'index.html');
    if (!existsSync(file)) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'The demo page is not built: run `npm run build`.\n';
      return;
    }
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = createReadStream(file);
  });
  router.get('/demo/config.json', (ctx) => {
    ctx.body = { dev_sign_in: options.devSecret !== undefined };
  });
  router.get('/demo/:asset', (ctx) => {
    const type = ASSETS[ctx.params.asset ?? ''];
    const file = join(BUILD, ctx.params.asset ?? '');
    if (!type || !existsSync(file)) return;
    ctx.type = type;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = createReadStream(file);
  });
  if (options.devSecret === undefined) return;
  const key = createSecretKey(Buffer.from(options.devSecret, 'utf8'));
  router.post('/demo/dev-token', json, async (ctx) => {
    const { user_id, name } = parseInput(DevTokenBody, ctx.request.body ?? {}, 'body') as z.infer<
      typeof DevTokenBody
    >;
    const token = jwt.sign({ sub: user_id, name: name ?? user_id }, key, {
      algorithm: 'HS256',
      expiresIn: DEV_TOKEN_SECONDS,
    });
    ctx.body = { token, expires_in: DEV_TOKEN_SECONDS };
  });
}
