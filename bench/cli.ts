import { writeFileSync } from 'node:fs';
import { parseCommandLine, usageError } from '../src/cli/arguments';
import { FULL, type Profile, QUICK, SMOKE } from './profiles';
import {
  aggregate,
  checkTargets,
  markdownTable,
  type ScenarioSummary,
  targetLines,
  textTable,
} from './report';
import { SCENARIOS, type Scenario, type ScenarioName } from './results';
import { scenarioFor } from './scenarios/index';
import { machine } from './support/machine';
import { progress } from './support/progress';

const USAGE = `usage: npm run bench -- [${SCENARIOS.join('|')}]... [--quick | --smoke] [--runs N] [--markdown] [--json-out FILE]
  (no scenario)  run them all: ${SCENARIOS.join(', ')}
  --quick        short durations and small data sets: a few minutes in all
  --smoke        tiny data sets and durations, to prove every part runs (figures mean nothing)
  --runs N       run each scenario N times; figures are the median and the min–max range
  --markdown     also print the results as a markdown table (for docs/performance.md)
  --json-out F   also write the JSON summary to F`;

interface Options {
  scenarios: ScenarioName[];
  profile: Profile;
  runs: number;
  markdown: boolean;
  jsonOut: string | undefined;
}

function parse(argv: string[]): Options {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      quick: { type: 'boolean' },
      smoke: { type: 'boolean' },
      runs: { type: 'string' },
      markdown: { type: 'boolean' },
      'json-out': { type: 'string' },
    },
    USAGE,
  );
  const unknown = positionals.find((arg) => !(SCENARIOS as readonly string[]).includes(arg));
  if (unknown !== undefined) usageError(`unknown argument ${JSON.stringify(unknown)}`, USAGE);
  const runs = Number(values.runs ?? 1);
  if (!Number.isInteger(runs) || runs < 1) usageError('--runs needs a whole number of at least 1', USAGE);
  return {
    scenarios: positionals.length > 0 ? (positionals as ScenarioName[]) : [...SCENARIOS],
    profile: values.smoke ? SMOKE : values.quick ? QUICK : FULL,
    runs,
    markdown: values.markdown === true,
    jsonOut: values['json-out'],
  };
}

async function measure(scenario: Scenario<unknown>, runs: number): Promise<ScenarioSummary> {
  progress(`${scenario.name}: preparing`);
  const fixture = await scenario.prepare();
  try {
    const results = [];
    for (let run = 1; run <= runs; run++) {
      progress(`${scenario.name}: run ${run} of ${runs}`);
      results.push(await scenario.run(fixture));
    }
    return aggregate(results);
  } finally {
    await scenario.cleanup(fixture);
  }
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const m = machine();
  const header = [
    `chat backend benchmark: profile ${options.profile.name}, ${options.runs} run(s) of ${options.scenarios.join(', ')}`,
    `machine: ${m.cores} cores (${m.cpu}), node ${m.node}; embedded store`,
    'the load generator runs on the same machine and shares its cores with the server under test',
  ];
  console.log(header.join('\n'));
  const summaries: ScenarioSummary[] = [];
  const described: string[] = [];
  for (const name of options.scenarios) {
    const scenario = scenarioFor(name, options.profile);
    described.push(`${name}: ${scenario.describe}`);
    summaries.push(await measure(scenario, options.runs));
  }
  const targets = checkTargets(summaries);
  const out = [
    '',
    ...described,
    '',
    options.runs > 1 ? `median (min–max) of ${options.runs} runs` : 'one run',
    textTable(summaries),
    '',
    'targets:',
    ...targetLines(targets),
  ];
  const notes = summaries.flatMap((s) => s.notes.map((n) => `${s.scenario}: ${n}`));
  if (notes.length > 0) out.push('', 'notes:', ...notes);
  if (options.markdown) out.push('', markdownTable(summaries));
  const summary = {
    profile: options.profile.name,
    runs: options.runs,
    machine: m,
    scenarios: summaries,
    targets,
  };
  out.push('', 'JSON summary:', JSON.stringify(summary));
  console.log(out.join('\n'));
  if (options.jsonOut) writeFileSync(options.jsonOut, `${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
