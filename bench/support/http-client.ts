import { Agent, request } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A cheap HTTP/1.1 client for the load generator: node's `http` over a keep-alive agent (fetch costs
 * several times more CPU per request, and the bench shares the machine's cores with the server).
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    maxSockets: number,
    private readonly host = '127.0.0.1',
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<HttpResponse> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string | number> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `request`, but a non-2xx answer is an error naming the status and the problem body. */
  async json<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    const res = await this.request(method, path, options);
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`${method} ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    return JSON.parse(res.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
