import type { Figure, ScenarioName, ScenarioRun } from './results';
import { median } from './support/stats';
import { meets, TARGETS } from './targets';

/** A figure over several runs: the median and the range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export interface AggregatedFigure {
  key: string;
  label: string;
  unit: string;
  ours: Spread;
  ceiling?: Spread;
  ratio?: Spread;
}

export interface ScenarioSummary {
  scenario: ScenarioName;
  runs: number;
  figures: AggregatedFigure[];
  notes: string[];
}

export interface TargetResult {
  label: string;
  value: number;
  /** The value as the table shows it (a percentage for ratios). */
  shown: string;
  met: boolean;
}

function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

export function aggregate(runs: ScenarioRun[]): ScenarioSummary {
  const first = runs[0];
  if (!first) throw new Error('no runs to aggregate');
  const figures = first.figures.map((f): AggregatedFigure => {
    const all = runs.map((run) => run.figures.find((g) => g.key === f.key) as Figure);
    const result: AggregatedFigure = {
      key: f.key,
      label: f.label,
      unit: f.unit,
      ours: spread(all.map((g) => g.ours)),
    };
    if (f.ceiling !== undefined) {
      result.ceiling = spread(all.map((g) => g.ceiling ?? Number.NaN));
      // A share of the ceiling means something for rates; latencies and memory stand side by side.
      if (f.unit.endsWith('/s')) result.ratio = spread(all.map((g) => g.ours / (g.ceiling ?? Number.NaN)));
    }
    return result;
  });
  const notes = runs.flatMap((run, i) =>
    run.notes.map((note) => (runs.length > 1 ? `run ${i + 1}: ${note}` : note)),
  );
  return { scenario: first.scenario, runs: runs.length, figures, notes };
}

export function checkTargets(summaries: ScenarioSummary[]): TargetResult[] {
  return TARGETS.flatMap((target) => {
    const summary = summaries.find((s) => s.scenario === target.scenario);
    const f = summary?.figures.find((g) => g.key === target.figure);
    if (!f) return [];
    const s = target.on === 'ratio' ? f.ratio : f.ours;
    const value = s ? s[target.over] : Number.NaN;
    const shown = target.on === 'ratio' ? formatNumber(value, 'ratio') : `${formatNumber(value)} ${f.unit}`;
    return [{ label: target.label, value, shown, met: meets(target, value) }];
  });
}

export function formatNumber(value: number, unit = ''): string {
  if (Number.isNaN(value)) return 'n/a';
  if (unit === 'ratio') return `${Math.round(value * 100)}%`;
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(abs >= 10 ? 1 : 2);
}

function cell(s: Spread | undefined, unit: string): string {
  if (!s) return '';
  const m = formatNumber(s.median, unit);
  return s.values.length > 1 ? `${m} (${formatNumber(s.min, unit)}–${formatNumber(s.max, unit)})` : m;
}

function rows(summaries: ScenarioSummary[]): string[][] {
  return summaries.flatMap((s) =>
    s.figures.map((f) => [
      s.scenario,
      `${f.label} [${f.unit}]`,
      cell(f.ours, f.unit),
      cell(f.ceiling, f.unit),
      cell(f.ratio, 'ratio'),
    ]),
  );
}

const HEADER = ['scenario', 'figure', 'ours', 'ceiling', 'ours / ceiling'];

export function textTable(summaries: ScenarioSummary[]): string {
  const all = [HEADER, ...rows(summaries)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function markdownTable(summaries: ScenarioSummary[]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...rows(summaries).map(line)].join('\n');
}

export function targetLines(results: TargetResult[]): string[] {
  return results.map((t) => `[${t.met ? 'met' : 'NOT met'}] ${t.label}: ${t.shown}`);
}
