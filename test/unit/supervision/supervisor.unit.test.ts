import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../../src/observability/logger';
import { Metrics } from '../../../src/observability/metrics';
import { backoffDelay, type LoopControl, Supervisor } from '../../../src/supervision/supervisor';

const FAST = { minMs: 5, maxMs: 40 };

async function eventually(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

function newSupervisor() {
  const metrics = new Metrics({ processMetrics: false });
  return { metrics, supervisor: new Supervisor(silentLogger(), metrics, { backoff: FAST, settleMs: 50 }) };
}

async function metricValue(metrics: Metrics, name: string, loop: string): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels.loop === loop)?.value;
}

describe('backoffDelay', () => {
  it('doubles from the minimum, is capped, and jitters only the upper half', () => {
    const backoff = { minMs: 100, maxMs: 30_000 };
    expect(backoffDelay(1, backoff, () => 0)).toBe(50);
    expect(backoffDelay(1, backoff, () => 1)).toBe(100);
    expect(backoffDelay(4, backoff, () => 1)).toBe(800);
    expect(backoffDelay(50, backoff, () => 1)).toBe(30_000);
    expect(backoffDelay(50, backoff, () => 0)).toBe(15_000);
  });
});

describe('Supervisor.run', () => {
  it('starts the work again after a failure, closing the failed attempt first', async () => {
    const { supervisor, metrics } = newSupervisor();
    const events: string[] = [];
    const controls: LoopControl[] = [];
    const loop = supervisor.run('work', async (control) => {
      const n = controls.push(control);
      events.push(`start ${n}`);
      return { close: async () => void events.push(`close ${n}`) };
    });
    await eventually(() => controls.length === 1);
    controls[0]?.fail(new Error('dropped'));
    expect(loop.status()).toMatchObject({ state: 'retrying', failures: 1, lastError: 'dropped' });
    expect(await metricValue(metrics, 'chat_loop_degraded', 'work')).toBe(1);
    await eventually(() => controls.length === 2);
    expect(events).toEqual(['start 1', 'close 1', 'start 2']);
    expect(await metricValue(metrics, 'chat_loop_failures_total', 'work')).toBe(1);
    // Progress ends the degraded state and starts the backoff over.
    controls[1]?.progressed();
    expect(loop.status()).toEqual({ name: 'work', state: 'running', failures: 0 });
    expect(await metricValue(metrics, 'chat_loop_degraded', 'work')).toBe(0);
    await loop.stop();
    expect(events).toEqual(['start 1', 'close 1', 'start 2', 'close 2']);
  });

  it('counts a start that throws as a failure and keeps retrying until it succeeds', async () => {
    const { supervisor } = newSupervisor();
    let attempts = 0;
    const loop = supervisor.run('flaky', async () => {
      attempts++;
      if (attempts < 4) throw new Error(`attempt ${attempts} failed`);
      return undefined;
    });
    await eventually(() => attempts === 4);
    expect(loop.status().failures).toBe(3);
    // Without progress, a start that has run settleMs without failing counts as recovered.
    await eventually(() => loop.status().state === 'running');
    expect(loop.status().failures).toBe(0);
    await loop.stop();
  });

  it('ignores reports from an attempt that was already replaced', async () => {
    const { supervisor } = newSupervisor();
    const controls: LoopControl[] = [];
    const loop = supervisor.run('stale', async (control) => {
      controls.push(control);
      return undefined;
    });
    await eventually(() => controls.length === 1);
    controls[0]?.fail(new Error('first'));
    await eventually(() => controls.length === 2);
    controls[0]?.fail(new Error('late report of the first attempt'));
    expect(loop.status().lastError).toBe('first');
    await sleep(30);
    expect(controls).toHaveLength(2);
    await loop.stop();
  });

  it('never restarts a stopped loop', async () => {
    const { supervisor } = newSupervisor();
    const controls: LoopControl[] = [];
    const loop = supervisor.run('stopped', async (control) => {
      controls.push(control);
      return undefined;
    });
    await eventually(() => controls.length === 1);
    controls[0]?.fail(new Error('failed just before stop'));
    await loop.stop();
    await sleep(100);
    expect(controls).toHaveLength(1);
    expect(loop.status().state).toBe('stopped');
    expect(supervisor.statuses()).toEqual([]);
  });
});

describe('Supervisor.every', () => {
  it('repeats the task, retries a failure sooner than the interval, and reports it', async () => {
    const { supervisor } = newSupervisor();
    const runs: number[] = [];
    let failNext = 2;
    const loop = supervisor.every('renewal', 10_000, async () => {
      runs.push(Date.now());
      if (failNext-- > 0) throw new Error('store locked');
    });
    await eventually(() => runs.length === 3);
    // Two failures retried after the (short) backoff, not after the 10 s interval.
    expect(loop.status()).toEqual({ name: 'renewal', state: 'running', failures: 0 });
    await sleep(50);
    expect(runs).toHaveLength(3);
    await loop.stop();
  });
});
