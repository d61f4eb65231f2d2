import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../config/config';
import { signingSecret } from '../config/secret';
import { parseCommandLine, usageError } from './arguments';

const USAGE = `usage: npm run token -- <user-id> [display name] [--role ROLE]... [--ttl SECONDS] [--picture URL]
Prints a development token (HS256, signed with SECRET_KEY or the secret kept in DATA_DIR).`;

function main(argv: string[]): void {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      role: { type: 'string', multiple: true },
      ttl: { type: 'string' },
      picture: { type: 'string' },
    },
    USAGE,
  );
  const roles = values.role ?? [];
  const ttl = values.ttl === undefined ? 24 * 60 * 60 : Number(values.ttl);
  const picture = values.picture;
  const [sub, ...name] = positionals;
  if (!sub) fail('a user id is required');
  if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');
  const config = loadConfig();
  const key = createSecretKey(Buffer.from(signingSecret(config.SECRET_KEY, config.DATA_DIR), 'utf8'));
  const claims = {
    sub,
    name: name.length > 0 ? name.join(' ') : sub,
    ...(picture && { picture }),
    ...(roles.length > 0 && { roles }),
    ...(config.JWT_AUDIENCE && { aud: config.JWT_AUDIENCE }),
    ...(config.JWT_ISSUER && { iss: config.JWT_ISSUER }),
  };
  process.stdout.write(`${jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: ttl })}\n`);
}

function fail(message: string): never {
  return usageError(message, USAGE);
}

main(process.argv.slice(2));
