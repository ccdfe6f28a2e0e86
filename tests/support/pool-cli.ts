import { execa } from 'execa';
import { rmSync } from 'node:fs';
import { faultline, parseJson, type CliResult } from './faultline-cli.js';

/** What `faultline pool status --json` says. */
export interface PoolStatusJson {
  readonly running: boolean;
  readonly server?: { pid: number };
  readonly unclaimed: string[];
  readonly filling: string[];
  readonly taken: { name: string; candidate: string }[];
}

/** `faultline pool status --json` in the test's home. */
export async function poolStatus(env: Record<string, string>): Promise<PoolStatusJson> {
  return parseJson<PoolStatusJson>(await faultline(['pool', 'status', '--json'], env));
}

/** Poll the pool until it holds `count` unclaimed environments (or 240 s passed); the last status. */
export async function waitForUnclaimed(env: Record<string, string>, count: number): Promise<PoolStatusJson> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const current = await poolStatus(env);
    if (current.unclaimed.length >= count || Date.now() > deadline) return current;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The real ssh client, non-interactive, as the candidate runs it. */
export async function ssh(args: readonly string[]): Promise<CliResult> {
  const result = await execa('ssh', ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', ...args], { reject: false, timeout: 60_000, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** afterAll of a pool test: stop the pool server, down every environment, gc, then remove the scratch dir and the home. */
export async function removePoolTestHome(home: { readonly env: Record<string, string>; readonly remove: () => void }, scratch: string): Promise<void> {
  await faultline(['pool', 'stop'], home.env);
  await faultline(['down', '--all', '--wait'], home.env);
  await faultline(['gc'], home.env);
  rmSync(scratch, { recursive: true, force: true });
  home.remove();
}
