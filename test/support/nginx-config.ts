import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NGINX_TEMPLATE = join(__dirname, '../../deploy/nginx/nginx.conf');

export interface NginxTargets {
  /** Port nginx listens on (loopback). */
  listen: number;
  /** host:port of each node's REST port (upstream chat_rest). */
  rest: string[];
  /** host:port of each node's WebSocket port (upstream chat_ws). */
  ws: string[];
}

/**
 * The production nginx config (deploy/nginx/nginx.conf) with local addresses: each upstream's server
 * lines replaced by the given nodes (keeping their parameters), the listen port on loopback, and the
 * access log and temp files under nginx's prefix (`logs/access.log`, `temp/`).
 * Throws when the template no longer has the shape this relies on, so it cannot drift unnoticed.
 */
export function renderNginxConfig(
  targets: NginxTargets,
  template = readFileSync(NGINX_TEMPLATE, 'utf8'),
): string {
  let text = replaceUpstream(template, 'chat_rest', targets.rest);
  text = replaceUpstream(text, 'chat_ws', targets.ws);
  const listen = /^(\s*)listen 8000;$/m;
  if (!listen.test(text)) throw new Error('deploy/nginx/nginx.conf has no `listen 8000;` line');
  const accessLog = /^(\s*)access_log \/var\/log\/nginx\/access\.log (\w+);$/m;
  if (!accessLog.test(text)) throw new Error('deploy/nginx/nginx.conf has no access_log line');
  // Temp files under the prefix too: the compiled-in /var/lib/nginx is writable by root only.
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `    ${kind}_temp_path temp/${kind};`)
    .join('\n');
  return text
    .replace(listen, `$1listen 127.0.0.1:${targets.listen};`)
    .replace(accessLog, '$1access_log logs/access.log $2;')
    .replace(/^http \{$/m, `http {\n${temps}`);
}

function replaceUpstream(text: string, name: string, addresses: string[]): string {
  const block = new RegExp(`(upstream ${name} \\{\\n)([\\s\\S]*?)(\\n\\s*\\})`);
  const match = block.exec(text);
  if (!match) throw new Error(`deploy/nginx/nginx.conf has no upstream ${name}`);
  const lines = (match[2] as string).split('\n');
  const serverLine = /^(\s*)server \S+( [^;]*)?;$/;
  const first = lines.findIndex((line) => serverLine.test(line));
  if (first < 0) throw new Error(`upstream ${name} has no \`server HOST:PORT ...;\` line`);
  const [, indent, params] = serverLine.exec(lines[first] as string) as RegExpExecArray;
  const servers = addresses.map((address) => `${indent}server ${address}${params ?? ''};`);
  const kept = lines.filter((line, i) => i < first || !serverLine.test(line));
  kept.splice(first, 0, ...servers);
  return text.replace(block, `$1${kept.join('\n')}$3`);
}
