import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The REST port also accepts the seed's WebSocket URL (`ws://HOST:PORT/api/v1/chat/ws/...`): such an
 * upgrade is handed, bytes untouched, to the WebSocket server on loopback. Production proxies route
 * the WebSocket path straight to WS_PORT instead.
 */
export function forwardWebSocketUpgrades(server: Server, wsPort: number): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith('/api/v1/chat/ws')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(wsPort, '127.0.0.1');
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.on('connect', () => {
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', drop);
    socket.on('error', drop);
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
}
