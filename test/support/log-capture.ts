import { createLogger, type Logger } from '../../src/observability/logger';

export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** A real pino logger whose JSON lines are kept in memory for a test to read back. */
export class LogCapture {
  private text = '';
  readonly logger: Logger;

  constructor(level = 'debug') {
    this.logger = createLogger({ level, destination: { write: (chunk: string) => this.take(chunk) } });
  }

  /** Everything written so far, exactly as it would reach stdout. */
  raw(): string {
    return this.text;
  }

  lines(): LogLine[] {
    return this.text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** Lines whose fields include every given field. */
  matching(fields: Record<string, unknown>): LogLine[] {
    return this.lines().filter((line) => Object.entries(fields).every(([key, value]) => line[key] === value));
  }

  /** Waits (bounded) until a line with these fields has been written: some lines follow an answer. */
  async waitFor(fields: Record<string, unknown>, timeoutMs = 5000): Promise<LogLine> {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      const [line] = this.matching(fields);
      if (line) return line;
      if (Date.now() > deadline) {
        throw new Error(`no log line with ${JSON.stringify(fields)} within ${timeoutMs} ms:\n${this.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private take(chunk: string): void {
    this.text += chunk;
  }
}
