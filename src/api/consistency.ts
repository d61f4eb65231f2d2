import type Koa from 'koa';
import { PROJECTIONS } from '../projections/catalog';
import type { ProjectionProgress } from '../projections/progress';

/**
 * Read-your-writes: a write answers once the projections that consume it have applied it (bounded
 * wait), and a query given a consistency token waits for it the same way. On timeout the answer is
 * still given; the token lets the client ask again.
 */
export class Consistency {
  constructor(
    private readonly progress: ProjectionProgress,
    private readonly consumersOf: (category: string) => string[],
    private readonly parsePosition: (token: string) => string,
    private readonly timeoutMs: number,
    private readonly allProjections: readonly string[] = PROJECTIONS.map((p) => p.name),
  ) {}

  async afterWrite(position: string, category: string): Promise<void> {
    await this.progress.waitFor(position, this.consumersOf(category), this.timeoutMs);
  }

  /** Waits for the token from the query string or the X-Consistency-Token header, if any. */
  async awaitToken(ctx: Koa.Context, fromQuery: string | undefined): Promise<void> {
    const token = fromQuery ?? (ctx.get('X-Consistency-Token') || undefined);
    if (token === undefined) return;
    const position = this.parsePosition(token);
    await this.progress.waitFor(position, this.allProjections, this.timeoutMs);
  }

  positionOf(projection: string): string | undefined {
    return this.progress.positionOf(projection);
  }
}
