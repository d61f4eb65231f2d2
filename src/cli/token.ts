import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../config/config';
import { signingSecret } from '../config/secret';

const USAGE = `usage: npm run token -- <user-id> [display name] [--role ROLE]... [--ttl SECONDS] [--picture URL]
Prints a development token (HS256, signed with SECRET_KEY or the secret kept in DATA_DIR).`;

function main(argv: string[]): void {
  const positional: string[] = [];
  const roles: string[] = [];
  let ttl = 24 * 60 * 60;
  let picture: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) fail(`${arg} needs a value`);
      return next as string;
    };
    if (arg === '--role') roles.push(value());
    else if (arg === '--ttl') ttl = Number(value());
    else if (arg === '--picture') picture = value();
    else if (arg === '--help' || arg === '-h') fail('');
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [sub, ...name] = positional;
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
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(message ? 2 : 0);
}

main(process.argv.slice(2));
