/**
 * Where each endpoint's dispatcher has got to in the log. Checkpoints are derived state (losing one
 * means redelivering, which at-least-once allows), so they live beside the read models, not in the log.
 */
export interface WebhookCheckpoints {
  /**
   * The endpoint's checkpoint: a position, null for "from the start of the log", undefined when the
   * endpoint has none yet.
   */
  get(endpointId: string): Promise<string | null | undefined>;
  /** Records where a new endpoint starts, unless it has a checkpoint already; returns the one kept. */
  init(endpointId: string, position: string | null): Promise<string | null>;
  /** Moves the checkpoint to `position`; a position behind the stored one changes nothing. */
  advance(endpointId: string, position: string): Promise<void>;
  close(): Promise<void>;
}
