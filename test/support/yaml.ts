import { readFileSync } from 'node:fs';

// js-yaml comes with jest (pinned through the lockfile); its v3 API names the safe loader safeLoad.
const jsYaml = require('js-yaml') as {
  safeLoad?: (text: string) => unknown;
  load: (text: string) => unknown;
};

/** Parses a YAML file with the safe schema (no custom tags), throwing on a syntax error. */
export function readYaml(path: string): any {
  const text = readFileSync(path, 'utf8');
  return (jsYaml.safeLoad ?? jsYaml.load)(text);
}
