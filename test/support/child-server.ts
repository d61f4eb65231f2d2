import { type ChildProcess, spawn } from 'node:child_process';

/** A foreground server (nginx, prometheus) run as a child process in its own process group. */
export interface ChildServer {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Stops the whole process group (SIGTERM, then SIGKILL after `graceMs`) and waits for the exit. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildServer>();

export function spawnChildServer(command: string, args: string[], cwd?: string): ChildServer {
  // Its own group: nginx's workers are children of its master and must go with it.
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', (error) => {
      output += `\nspawn failed: ${error.message}\n`;
      resolve();
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  const server: ChildServer = {
    child,
    output: () => output,
    async stop(graceMs = 10_000) {
      running.delete(server);
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The master is gone; make sure nothing of its group outlives it.
      signalGroup('SIGKILL');
    },
  };
  running.add(server);
  return server;
}

/** Stops every child server still running (for afterAll). */
export async function stopChildServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}
