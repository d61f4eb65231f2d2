export type ScenarioName =
  | 'send'
  | 'fanout'
  | 'history'
  | 'replay'
  | 'search'
  | 'scale'
  | 'restart'
  | 'cluster'
  | 'privacy';
export const SCENARIOS: readonly ScenarioName[] = [
  'send',
  'fanout',
  'history',
  'replay',
  'search',
  'scale',
  'restart',
  'cluster',
  'privacy',
];

/** One measured figure of one run: ours, and the ceiling's where the scenario has one. */
export interface Figure {
  key: string;
  label: string;
  unit: string;
  ours: number;
  ceiling?: number;
}

export interface ScenarioRun {
  scenario: ScenarioName;
  figures: Figure[];
  /** Facts a reader needs to trust the figures (what failed, what was skipped). */
  notes: string[];
}

/** A scenario: set up once (seeding), measured `runs` times, cleaned up. */
export interface Scenario<F> {
  name: ScenarioName;
  /** What it measures and what its ceiling is, printed above the results. */
  describe: string;
  prepare(): Promise<F>;
  run(fixture: F): Promise<ScenarioRun>;
  cleanup(fixture: F): Promise<void>;
}

export function figure(key: string, label: string, unit: string, ours: number, ceiling?: number): Figure {
  return ceiling === undefined ? { key, label, unit, ours } : { key, label, unit, ours, ceiling };
}
