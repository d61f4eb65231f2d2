import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
}

export function machine(): Machine {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: the model stays unknown.
  }
  return { cores: availableParallelism(), cpu, node: process.version };
}
