import type { Actor } from '../domain/actor';
import { decideUser } from '../domain/user/decider';
import type { Users } from './aggregates';
import { Lru } from './lru';

/**
 * Records a user's display name and avatar (from their token) in `user-<id>` when they first act, and
 * again when they change. Remembers what it recorded so that most commands cost no extra write.
 */
export class ProfileRecorder {
  private readonly recorded = new Lru<string, string>(100_000);

  constructor(
    private readonly users: Users,
    private readonly now: () => string,
  ) {}

  /**
   * Runs `work`, then records the actor's profile if it has changed, and settles only when both have:
   * a refused command writes nothing, and no profile write lands after the answer. A profile that fails
   * to record does not fail the command that has already been written: it is not remembered as
   * recorded, so the user's next command tries again.
   */
  async alongside<T>(actor: Actor, work: Promise<T>): Promise<T> {
    const outcome = await work;
    await this.ensure(actor).catch(() => undefined);
    return outcome;
  }

  /** Forgets what was recorded for a user (erased): their next command records their profile again. */
  forget(userId: string): void {
    this.recorded.delete(userId);
  }

  async ensure(actor: Actor): Promise<void> {
    const fingerprint = `${actor.username}\u0000${actor.user_avatar ?? ''}`;
    if (this.recorded.get(actor.user_id) === fingerprint) return;
    await this.users.execute(actor.user_id, (state) =>
      decideUser({ type: 'RecordProfile', actor, now: this.now() }, state),
    );
    this.recorded.set(actor.user_id, fingerprint);
  }
}
