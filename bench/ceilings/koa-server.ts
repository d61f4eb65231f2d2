import { createSecretKey, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import koaJwt from 'koa-jwt';
import { z } from 'zod';
import { product } from '../support/product';

/**
 * The send scenario's ceiling: the product's web stack (koa, @koa/router, the product's JSON body reader,
 * koa-jwt with a KeyObject secret, a zod schema) answering the same authenticated POST with no work behind it. What
 * the product accepts beyond this stack's cost is what its store, commands and projections cost.
 */
const port = Number(process.env.PORT);
const secret = createSecretKey(Buffer.from(process.env.SECRET_KEY ?? '', 'utf8'));

const SendBody = z.object({ conversation_id: z.string().min(1), content: z.string().min(1).max(10_000) });

const app = new Koa();
const router = new Router();
router.get('/health', (ctx) => {
  ctx.body = { status: 'ok' };
});
const api = new Router({ prefix: '/api/v1/chat' });
api.use(koaJwt({ secret: secret as unknown as string, algorithms: ['HS256'], key: 'claims' }));
api.post('/messages', (ctx) => {
  const parsed = SendBody.safeParse(ctx.request.body);
  if (!parsed.success) {
    ctx.status = 400;
    ctx.body = { status: 400, detail: parsed.error.message };
    return;
  }
  const claims = ctx.state.claims as { sub: string; name?: string };
  ctx.status = 201;
  ctx.body = {
    id: randomUUID(),
    conversation_id: parsed.data.conversation_id,
    user_id: claims.sub,
    username: claims.name ?? claims.sub,
    content: parsed.data.content,
    created_at: new Date().toISOString(),
  };
});
app.use(product.jsonBody('64kb'));
app.use(router.routes());
app.use(api.routes());

createServer(app.callback()).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
