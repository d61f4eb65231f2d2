import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EphemeralChannel, EphemeralSignal } from '../../src/eventstore/ephemeral';
import type { Subscription } from '../../src/eventstore/port';

export interface EphemeralChannelFixture {
  /** Opens one more channel on the shared store: another node. Closed by `cleanup`. */
  open(): Promise<EphemeralChannel>;
  cleanup(): Promise<void>;
}

/** Polls until `done()` holds; generous, because a loaded machine or a remote server may be slow. */
async function eventually(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await sleep(10);
  }
}

interface Listener {
  /** Numbers of this test's signals received, in order. */
  received: number[];
  errors: Error[];
  subscription: Subscription;
}

/**
 * The behaviour every ephemeral channel adapter must have. The store may be shared with other tests
 * (a server's one ephemeral stream), so every signal carries this test's run id and others are ignored.
 */
export function ephemeralChannelContract(name: string, setup: () => Promise<EphemeralChannelFixture>): void {
  describe(`EphemeralChannel contract: ${name}`, () => {
    let fixture: EphemeralChannelFixture;
    let run: string;
    const subscriptions: Subscription[] = [];
    beforeAll(async () => {
      fixture = await setup();
    });
    afterAll(() => fixture.cleanup());
    beforeEach(() => {
      run = randomUUID();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.close()));
    });

    const signal = (n: number): EphemeralSignal => ({ type: 'TypingStarted', data: { run, n } });

    /**
     * Subscribes and waits until the subscription demonstrably receives what `publisher` publishes
     * (a remote server confirms a subscription asynchronously): probes are published until one arrives.
     * Probes never reach `onSignal`, nor do other tests' signals.
     */
    async function listen(
      channel: EphemeralChannel,
      publisher: EphemeralChannel = channel,
      onSignal: (n: number) => void = () => {},
    ): Promise<Listener> {
      const probe = randomUUID();
      let probed = false;
      const received: number[] = [];
      const errors: Error[] = [];
      const subscription = channel.subscribe(
        (s) => {
          if (s.data.run !== run) return;
          if (s.data.probe !== undefined) {
            if (s.data.probe === probe) probed = true;
            return;
          }
          onSignal(s.data.n as number);
          received.push(s.data.n as number);
        },
        (error) => errors.push(error),
      );
      subscriptions.push(subscription);
      const deadline = Date.now() + 10_000;
      while (!probed) {
        if (Date.now() > deadline) throw new Error('the subscription never received a probe');
        await publisher.publish({ type: 'Probe', data: { run, probe } });
        await eventually(() => probed, 'probe', 200).catch(() => undefined);
      }
      return { received, errors, subscription };
    }

    it('delivers what is published after the subscription, and nothing published before it', async () => {
      const channel = await fixture.open();
      await channel.publish(signal(1));
      const listener = await listen(channel);
      await channel.publish(signal(2));
      await channel.publish(signal(3));
      await eventually(() => listener.received.length >= 2, 'signals 2 and 3');
      expect(listener.received).toEqual([2, 3]);
      expect(listener.errors).toEqual([]);
    });

    it('delivers every signal to each of several subscribers', async () => {
      const channel = await fixture.open();
      const listeners = [await listen(channel), await listen(channel), await listen(channel)];
      for (let n = 1; n <= 5; n++) await channel.publish(signal(n));
      await eventually(() => listeners.every((l) => l.received.length >= 5), 'five signals each');
      for (const listener of listeners) expect(listener.received).toEqual([1, 2, 3, 4, 5]);
    });

    it('keeps the order in which one publisher published', async () => {
      const channel = await fixture.open();
      const listener = await listen(channel);
      const all = Array.from({ length: 30 }, (_, n) => n);
      for (const n of all) await channel.publish(signal(n));
      await eventually(() => listener.received.length >= all.length, 'thirty signals');
      expect(listener.received).toEqual(all);
    });

    it('stops delivering to a closed subscription', async () => {
      const channel = await fixture.open();
      const closing = await listen(channel);
      const witness = await listen(channel);
      await channel.publish(signal(1));
      await eventually(() => closing.received.length === 1 && witness.received.length === 1, 'signal 1');
      await closing.subscription.close();
      await channel.publish(signal(2));
      await channel.publish(signal(3));
      // The witness has them, so the closed subscription would have had them too by now.
      await eventually(() => witness.received.length === 3, 'signals 2 and 3 at the witness');
      expect(closing.received).toEqual([1]);
      expect(closing.errors).toEqual([]);
    });

    it('stops only the subscription whose listener throws, and tells it once', async () => {
      const channel = await fixture.open();
      const failing = await listen(channel, channel, () => {
        throw new Error('listener failed');
      });
      const healthy = await listen(channel);
      for (let n = 1; n <= 3; n++) await channel.publish(signal(n));
      await eventually(() => healthy.received.length === 3, 'three signals at the healthy subscriber');
      await eventually(() => failing.errors.length > 0, 'the failing subscriber told');
      // It threw on the first signal and received nothing after it.
      expect(failing.received).toEqual([]);
      expect(failing.errors.map((e) => e.message)).toEqual(['listener failed']);
      expect(healthy.received).toEqual([1, 2, 3]);
      expect(healthy.errors).toEqual([]);
    });

    it('carries signals between two channels on the same store, as between two nodes', async () => {
      const [nodeA, nodeB] = [await fixture.open(), await fixture.open()];
      const atB = await listen(nodeB, nodeA);
      const atA = await listen(nodeA, nodeB);
      // Even numbers from A, odd from B, each publisher in its own order.
      for (let n = 0; n < 20; n++) await (n % 2 === 0 ? nodeA : nodeB).publish(signal(n));
      await eventually(
        () => atA.received.length >= 20 && atB.received.length >= 20,
        'twenty signals on each node',
      );
      for (const listener of [atA, atB]) {
        expect([...listener.received].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
        expect(listener.received.filter((n) => n % 2 === 0)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
        expect(listener.received.filter((n) => n % 2 === 1)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
      }
    });
  });
}
