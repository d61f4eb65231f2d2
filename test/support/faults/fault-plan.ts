import { seededRandom } from './seeded-random';

/**
 * What the faulty wrappers do to the calls they forward, scripted or at random. One plan can drive
 * several wrappers (one per port): operation names are unique across ports.
 *
 *   const plan = new FaultPlan();
 *   plan.failNext('append', 2);            // the next two appends fail with SQLITE_BUSY
 *   plan.failAfterNext('append');          // the next append is written, then its caller gets an error
 *   plan.delayNext('apply', 200);          // the next apply waits 200 ms first
 *   const release = plan.hangNext('apply'); // the next apply waits until release()
 *   plan.pause('apply'); plan.resume();    // every apply waits while paused
 *   plan.drop('subscribeToAll');           // live subscriptions fail now, as on a dropped connection
 *   plan.random({ seed: 7, rate: 0.05, kinds: ['fail', 'delay', 'drop'] });
 *   plan.total; plan.injected['eventStore.append'];
 */

export const FAULT_OPS = {
  eventStore: ['append', 'readStream', 'readAll', 'headPosition', 'setStreamMetadata', 'subscribeToAll'],
  projectionStore: [
    'apply',
    'checkpoint',
    'currentGeneration',
    'claimLease',
    'leaseHolder',
    'releaseLease',
    'createGeneration',
    'switchGeneration',
    'dropGeneration',
    'generations',
  ],
  readModels: [
    'messages',
    'replies',
    'pins',
    'conversationsOf',
    'conversationIdsOf',
    'conversationOf',
    'participants',
    'isParticipant',
    'onlineUsers',
    'presenceOf',
    'directConversation',
    'search',
    'reports',
    'attachmentVisibleTo',
    'attachmentReferenced',
  ],
  ephemeralChannel: ['publish', 'subscribe'],
} as const;

export type FaultPort = keyof typeof FAULT_OPS;
export type FaultOp = (typeof FAULT_OPS)[FaultPort][number];
/** Operations that open a subscription: they can also be dropped while running. */
export type SubscriptionOp = 'subscribeToAll' | 'subscribe';

/**
 * - fail: the call is refused before it reaches the store; failAfter: it goes through, then its caller
 *   gets the error (a lost acknowledgement);
 * - delay, hang: the call waits (for a time, or until released) before it goes through;
 * - pause: the call waited while its operation was paused; drop: a running subscription was failed.
 */
export type FaultKind = 'fail' | 'failAfter' | 'delay' | 'hang' | 'pause' | 'drop';
export type RandomKind = Exclude<FaultKind, 'pause'>;

export type MakeError = (port: FaultPort, op: FaultOp) => Error;

export interface InjectedFault {
  port: FaultPort;
  op: FaultOp;
  kind: FaultKind;
}

export interface RandomFaults {
  seed: number;
  /** Chance, from 0 to 1, that a matching call (or, for 'drop', a delivery to a subscription) is faulted. */
  rate: number;
  /** Operations that may be faulted (default: all). */
  ops?: readonly FaultOp[];
  /** What may happen to them (default: fail and delay). */
  kinds?: readonly RandomKind[];
  /** Longest random delay (default 50 ms); a delay is drawn between 1 ms and this. */
  maxDelayMs?: number;
  /** How long a random hang holds a call unless released earlier (default 1000 ms). */
  hangMs?: number;
  /** Stop injecting random faults after this many. */
  max?: number;
  makeError?: MakeError;
}

/** An error as a briefly unavailable store raises it, saying that it was injected. */
export class InjectedFaultError extends Error {
  readonly injected = true;

  constructor(
    readonly port: FaultPort,
    readonly op: FaultOp,
    readonly code: string,
    what = 'failed',
  ) {
    super(`injected fault: ${port}.${op} ${what} (${code})`);
    this.name = 'InjectedFaultError';
  }
}

interface Scripted {
  kind: 'fail' | 'failAfter' | 'delay' | 'hang';
  remaining: number;
  ms?: number;
  makeError?: MakeError;
  gate?: Gate;
}

interface RandomState {
  draw: () => number;
  options: RandomFaults;
  injected: number;
}

interface Live {
  port: FaultPort;
  op: SubscriptionOp;
  drop: (error: Error) => void;
}

export class FaultPlan {
  private readonly scripts = new Map<FaultOp, Scripted[]>();
  private randomState: RandomState | undefined;
  private pausedAll = false;
  private readonly paused = new Set<FaultOp>();
  private resumed = new Gate();
  /** Gates of calls held right now (hangs and pauses), so that releaseAll frees every one. */
  private readonly holding = new Set<{ op: FaultOp; gate: Gate }>();
  private heldWatchers: { op: FaultOp | undefined; resolve: () => void }[] = [];
  private readonly live = new Set<Live>();
  private readonly log: InjectedFault[] = [];
  private readonly code: string;

  /** `code`: the code of injected errors (default SQLITE_BUSY, what a locked embedded store raises). */
  constructor(options: { code?: string } = {}) {
    this.code = options.code ?? 'SQLITE_BUSY';
  }

  /** The next `count` calls of `op` fail before reaching the store. */
  failNext(op: FaultOp, count = 1, makeError?: MakeError): this {
    return this.script(op, { kind: 'fail', remaining: count, makeError });
  }

  /** The next `count` calls of `op` reach the store, then their callers get an error. */
  failAfterNext(op: FaultOp, count = 1, makeError?: MakeError): this {
    return this.script(op, { kind: 'failAfter', remaining: count, makeError });
  }

  /** The next `count` calls of `op` wait `ms` before reaching the store. */
  delayNext(op: FaultOp, ms: number, count = 1): this {
    return this.script(op, { kind: 'delay', remaining: count, ms });
  }

  /** The next call of `op` waits until the returned function is called, then goes through. */
  hangNext(op: FaultOp): () => void {
    const gate = new Gate();
    this.script(op, { kind: 'hang', remaining: 1, gate });
    return () => gate.open();
  }

  /** Calls of these operations (of all, when none are named) made from now on wait until resumed. */
  pause(...ops: FaultOp[]): void {
    if (ops.length === 0) this.pausedAll = true;
    for (const op of ops) this.paused.add(op);
  }

  /** Ends the pause of these operations, or every pause when none are named; held calls go through. */
  resume(...ops: FaultOp[]): void {
    if (ops.length === 0) {
      this.pausedAll = false;
      this.paused.clear();
    }
    for (const op of ops) this.paused.delete(op);
    const wake = this.resumed;
    this.resumed = new Gate();
    wake.open();
  }

  /** Faults drawn from a seeded generator: the same seed and the same calls give the same faults. */
  random(options: RandomFaults): this {
    this.randomState = { draw: seededRandom(options.seed), options, injected: 0 };
    return this;
  }

  stopRandom(): this {
    this.randomState = undefined;
    return this;
  }

  /** Fails the live subscriptions of `op` (all, when omitted) now, as a dropped connection does. */
  drop(op?: SubscriptionOp, makeError?: MakeError): number {
    let dropped = 0;
    for (const live of [...this.live]) {
      if (op !== undefined && live.op !== op) continue;
      dropped++;
      live.drop(this.injectedError('drop', live.port, live.op, makeError));
    }
    return dropped;
  }

  /** Subscriptions opened through the wrappers and still running. */
  liveSubscriptions(op?: SubscriptionOp): number {
    return [...this.live].filter((live) => op === undefined || live.op === op).length;
  }

  /** Calls held now by a hang or a pause, of `op` or of all. */
  held(op?: FaultOp): number {
    return [...this.holding].filter((held) => op === undefined || held.op === op).length;
  }

  /** Resolves once a call of `op` (of any, when omitted) is held by a hang or a pause. */
  whenHeld(op?: FaultOp): Promise<void> {
    if (this.held(op) > 0) return Promise.resolve();
    return new Promise((resolve) => this.heldWatchers.push({ op, resolve }));
  }

  /** Clears scripts and random faults, ends pauses and releases every held call: for cleanup. */
  releaseAll(): void {
    this.scripts.clear();
    this.randomState = undefined;
    this.resume();
    for (const { gate } of [...this.holding]) gate.open();
  }

  /** Every fault injected so far, in order. */
  get history(): readonly InjectedFault[] {
    return this.log;
  }

  get total(): number {
    return this.log.length;
  }

  /** Faults injected so far, by `port.op` (for example `eventStore.append`). */
  get injected(): Readonly<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { port, op } of this.log) counts[`${port}.${op}`] = (counts[`${port}.${op}`] ?? 0) + 1;
    return counts;
  }

  // ---- used by the wrappers ----

  /** Runs `call` under the plan: held while paused, then faulted as scripted or as drawn. */
  async run<T>(port: FaultPort, op: FaultOp, call: () => T | Promise<T>): Promise<T> {
    if (this.isPaused(op)) this.record(port, op, 'pause');
    while (this.isPaused(op)) await this.hold(op, this.resumed);
    const fault = this.nextScripted(op) ?? this.nextRandom(op);
    if (fault) this.record(port, op, fault.kind);
    if (fault?.kind === 'fail') throw this.injectedError('fail', port, op, fault.makeError);
    if (fault?.kind === 'delay') await delay(fault.ms ?? 0);
    if (fault?.kind === 'hang' && fault.gate) await this.hold(op, fault.gate);
    const result = await call();
    if (fault?.kind === 'failAfter') throw this.injectedError('failAfter', port, op, fault.makeError);
    return result;
  }

  /** Registers a running subscription that `drop` can fail; returns what unregisters it. */
  track(port: FaultPort, op: SubscriptionOp, drop: (error: Error) => void): () => void {
    const live: Live = { port, op, drop };
    this.live.add(live);
    return () => this.live.delete(live);
  }

  /** Whether a random plan drops a subscription at this delivery: the error to fail it with, if so. */
  dropAtDelivery(port: FaultPort, op: SubscriptionOp): Error | undefined {
    const state = this.randomState;
    if (!state || !this.matches(state, op) || !(state.options.kinds ?? []).includes('drop')) return undefined;
    if (state.draw() >= state.options.rate) return undefined;
    state.injected++;
    this.record(port, op, 'drop');
    return this.injectedError('drop', port, op, state.options.makeError);
  }

  // ---- internals ----

  private script(op: FaultOp, entry: Scripted): this {
    if (entry.remaining < 1) return this;
    const queue = this.scripts.get(op) ?? [];
    queue.push(entry);
    this.scripts.set(op, queue);
    return this;
  }

  private nextScripted(op: FaultOp): Scripted | undefined {
    const queue = this.scripts.get(op);
    const entry = queue?.[0];
    if (!queue || !entry) return undefined;
    entry.remaining--;
    if (entry.remaining === 0) queue.shift();
    return entry;
  }

  private nextRandom(op: FaultOp): Scripted | undefined {
    const state = this.randomState;
    if (!state || !this.matches(state, op)) return undefined;
    const kinds = (state.options.kinds ?? ['fail', 'delay']).filter((k) => k !== 'drop');
    if (kinds.length === 0 || state.draw() >= state.options.rate) return undefined;
    const kind = kinds[Math.floor(state.draw() * kinds.length)] as Exclude<RandomKind, 'drop'>;
    state.injected++;
    const { maxDelayMs = 50, hangMs = 1000, makeError } = state.options;
    if (kind === 'delay') return { kind, remaining: 0, ms: 1 + Math.floor(state.draw() * maxDelayMs) };
    if (kind === 'hang') {
      const gate = new Gate();
      setTimeout(() => gate.open(), hangMs).unref();
      return { kind, remaining: 0, gate };
    }
    return { kind, remaining: 0, makeError };
  }

  private matches(state: RandomState, op: FaultOp): boolean {
    const { ops, max } = state.options;
    if (max !== undefined && state.injected >= max) return false;
    return ops === undefined || ops.includes(op);
  }

  private isPaused(op: FaultOp): boolean {
    return this.pausedAll || this.paused.has(op);
  }

  private async hold(op: FaultOp, gate: Gate): Promise<void> {
    const held = { op, gate };
    this.holding.add(held);
    const watchers = this.heldWatchers;
    this.heldWatchers = watchers.filter((w) => w.op !== undefined && w.op !== op);
    for (const w of watchers) if (w.op === undefined || w.op === op) w.resolve();
    try {
      await gate.opened;
    } finally {
      this.holding.delete(held);
    }
  }

  private record(port: FaultPort, op: FaultOp, kind: FaultKind): void {
    this.log.push({ port, op, kind });
  }

  private injectedError(kind: FaultKind, port: FaultPort, op: FaultOp, makeError?: MakeError): Error {
    if (makeError) return makeError(port, op);
    const what =
      kind === 'drop' ? 'dropped' : kind === 'failAfter' ? 'failed after it was applied' : 'failed';
    return new InjectedFaultError(port, op, this.code, what);
  }
}

/** A promise opened once, from outside. */
class Gate {
  open: () => void = () => {};
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
