import { z } from 'zod';
import { MAX_PARTICIPANTS } from '../domain/conversation/decide';
import { parseWebhookUrls } from './webhook-urls';

/** Defaults the code falls back on where it is used without a configuration (tests, tools). */
export const DEFAULTS: Readonly<
  Record<'PROJECTION_LEASE_TTL_MS' | 'SHUTDOWN_TIMEOUT_MS' | 'MAX_SOCKETS_PER_USER', number>
> = {
  PROJECTION_LEASE_TTL_MS: 10_000,
  SHUTDOWN_TIMEOUT_MS: 10_000,
  MAX_SOCKETS_PER_USER: 20,
};

/** Everything the process reads from its environment, validated once at start-up. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  WS_PORT: z.coerce.number().int().min(0).max(65535).default(8001),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  SECRET_KEY: z.string().min(16, 'SECRET_KEY must be at least 16 characters').optional(),
  JWKS_URL: z.url().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_ISSUER: z.string().optional(),
  EVENTSTORE_URL: z.string().optional(),
  MONGODB_URL: z.string().optional(),
  BODY_LIMIT: z.string().default('64kb'),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Comma-separated Origins whose pages may call the REST API (CORS); `*` allows any. */
  CORS_ALLOWED_ORIGINS: z.string().default('*'),
  /** Comma-separated Origins allowed to open WebSockets; `*` allows any. */
  WS_ALLOWED_ORIGINS: z.string().default('*'),
  /**
   * Encrypt personal fields on append (docs/privacy.md). `false` only to measure what encryption costs:
   * new events are then written in clear, which an erasure cannot reach in the log.
   */
  ENCRYPT_PERSONAL_DATA: z.stringbool().default(true),
  /** Serve the demo chat page at /demo (`false` turns it off). */
  DEMO_ENABLED: z.stringbool().default(true),
  /** How long a write waits for the read models to show it before answering anyway. */
  CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** A projection further behind the log than this makes /health/ready answer 503. */
  READY_MAX_LAG_SECONDS: z.coerce.number().min(1).max(86_400).default(30),
  /** How long a projection's lease outlives its node: after a crash, projections stall at most this long. */
  PROJECTION_LEASE_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(600_000)
    .default(DEFAULTS.PROJECTION_LEASE_TTL_MS),
  /** How long SIGTERM/SIGINT wait for running requests before cutting them (the exit code is then 1). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULTS.SHUTDOWN_TIMEOUT_MS),
  // Abuse limits, per user and per node. A rate of 0 turns that limit off.
  /** Messages a user may send per second, sustained (new messages and direct messages). */
  SEND_RATE_LIMIT: z.coerce.number().min(0).default(20),
  /** Messages a user may send at once above the sustained rate. */
  SEND_BURST: z.coerce.number().int().min(1).default(100),
  /** Typing updates a user may send per second, sustained (REST and WebSocket together). */
  TYPING_RATE_LIMIT: z.coerce.number().min(0).default(5),
  TYPING_BURST: z.coerce.number().int().min(1).default(10),
  /** Conversations a user may create per minute. */
  CONVERSATIONS_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** Files a user may upload per minute (POST /attachments); 0 turns the limit off. */
  UPLOADS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /** Participants one conversation may hold. */
  MAX_PARTICIPANTS: z.coerce.number().int().min(2).max(100_000).default(MAX_PARTICIPANTS),
  /** Largest file POST /attachments accepts, in bytes (10 MiB by default); larger ones are a 413. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 40)
    .default(10 * 1024 * 1024),
  /** Uploads that no message carries are removed once they are this many hours old. */
  ATTACHMENT_GRACE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  /** How often the node looks for such uploads (and for what interrupted uploads left behind). */
  ATTACHMENT_GC_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(86_400).default(3600),
  /** WebSockets one user may hold open on one node. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(DEFAULTS.MAX_SOCKETS_PER_USER),
  // Webhooks for push notifications (docs/webhooks.md).
  /** Comma-separated http(s) URLs that receive a signed POST for every message sent; none when empty. */
  WEBHOOK_URLS: z.string().default(''),
  /** The HMAC-SHA256 key that signs webhook requests; required with WEBHOOK_URLS. */
  WEBHOOK_SECRET: z.string().min(16, 'WEBHOOK_SECRET must be at least 16 characters').optional(),
  /** Characters of a message's content sent as its preview; 0 sends no content at all. */
  WEBHOOK_CONTENT_PREVIEW: z.coerce.number().int().min(0).max(1000).default(100),
  /** How long one webhook POST may take before it counts as failed and is retried. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** First and longest delay between attempts of one webhook delivery (exponential, jittered, capped). */
  WEBHOOK_RETRY_MIN_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
});
export type Config = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.superRefine(webhookSettings).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

function webhookSettings(env: z.infer<typeof Env>, context: z.RefinementCtx): void {
  const urls = parseWebhookUrls(env.WEBHOOK_URLS);
  if ('error' in urls) context.addIssue({ code: 'custom', path: ['WEBHOOK_URLS'], message: urls.error });
  else if (urls.urls.length > 0 && env.WEBHOOK_SECRET === undefined)
    context.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRET'],
      message: 'WEBHOOK_SECRET is required with WEBHOOK_URLS',
    });
  if (env.WEBHOOK_RETRY_MAX_MS < env.WEBHOOK_RETRY_MIN_MS)
    context.addIssue({
      code: 'custom',
      path: ['WEBHOOK_RETRY_MAX_MS'],
      message: 'less than WEBHOOK_RETRY_MIN_MS',
    });
}
