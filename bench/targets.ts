import type { ScenarioName } from './results';

/** A performance target, checked on the median over runs (on the worst run for `lost`). */
export interface Target {
  scenario: ScenarioName;
  label: string;
  figure: string;
  /** Compare our figure itself, or our figure divided by the ceiling's. */
  on: 'ours' | 'ratio';
  op: '>=' | '<' | '<=';
  threshold: number;
  over: 'median' | 'max';
}

export const TARGETS: readonly Target[] = [
  {
    scenario: 'send',
    label: 'send ≥ 60% of its ceiling',
    figure: 'accepted_per_s',
    on: 'ratio',
    op: '>=',
    threshold: 0.6,
    over: 'median',
  },
  {
    scenario: 'send',
    label: 'delivery p99 < 50 ms at half load',
    figure: 'delivery_p99',
    on: 'ours',
    op: '<',
    threshold: 50,
    over: 'median',
  },
  {
    scenario: 'send',
    label: 'zero acknowledged messages lost',
    figure: 'lost',
    on: 'ours',
    op: '<=',
    threshold: 0,
    over: 'max',
  },
  {
    scenario: 'fanout',
    label: 'fanout ≥ 50% of its ceiling',
    figure: 'deliveries_per_s',
    on: 'ratio',
    op: '>=',
    threshold: 0.5,
    over: 'median',
  },
  {
    scenario: 'history',
    label: 'GET messages p99 < 10 ms',
    figure: 'messages_p99',
    on: 'ours',
    op: '<',
    threshold: 10,
    over: 'median',
  },
  {
    scenario: 'history',
    label: 'GET conversations p99 < 10 ms',
    figure: 'conversations_p99',
    on: 'ours',
    op: '<',
    threshold: 10,
    over: 'median',
  },
  {
    scenario: 'replay',
    label: 'replay ≥ 50% of its ceiling',
    figure: 'events_per_s',
    on: 'ratio',
    op: '>=',
    threshold: 0.5,
    over: 'median',
  },
  {
    scenario: 'replay',
    label: 'replay memory flat in the size of the log (peak RSS grows ≤ 25% for 4× the log)',
    figure: 'rss_growth',
    on: 'ours',
    op: '<=',
    threshold: 1.25,
    over: 'median',
  },
  {
    scenario: 'scale',
    label: 'scale: server RSS per idle socket at most 10 KB beyond bare uWS',
    figure: 'rss_per_socket_excess',
    on: 'ours',
    op: '<=',
    threshold: 10,
    over: 'median',
  },
  {
    scenario: 'restart',
    label: 'restart: /health/ready answers 200 within 5 s of the spawn',
    figure: 'ready_s',
    on: 'ours',
    op: '<',
    threshold: 5,
    over: 'median',
  },
  {
    scenario: 'cluster',
    label: 'cluster: zero acknowledged messages lost',
    figure: 'lost',
    on: 'ours',
    op: '<=',
    threshold: 0,
    over: 'max',
  },
  {
    scenario: 'search',
    label: 'GET search p99 < 20 ms',
    figure: 'search_p99',
    on: 'ours',
    op: '<',
    threshold: 20,
    over: 'median',
  },
];

export function meets(target: Target, value: number): boolean {
  if (Number.isNaN(value)) return false;
  if (target.op === '>=') return value >= target.threshold;
  if (target.op === '<') return value < target.threshold;
  return value <= target.threshold;
}
