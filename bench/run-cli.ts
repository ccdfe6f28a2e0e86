import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const BIN = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));

export interface TimedCli {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the whole subprocess, node start-up included (what a user waits). */
  readonly ms: number;
}

/** Run the real CLI as a subprocess, as a user would, and time it. Never throws on a non-zero exit. */
export async function runCliTimed(args: readonly string[], env: Record<string, string>, timeoutMs = 900_000): Promise<TimedCli> {
  const started = performance.now();
  const result = await execa('node', [BIN, ...args], { env, reject: false, timeout: timeoutMs });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    ms: performance.now() - started,
  };
}

/** The JSON document a `--json` call printed, or undefined when stdout is not JSON. */
export function parseCliJson<T>(result: TimedCli): T | undefined {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    return undefined;
  }
}

/** Last stderr line of a failed call, for a one-line failure note. */
export function describeFailure(result: TimedCli): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim().length > 0);
  const error = lines.find((line) => line.startsWith('error:')) ?? lines.at(-1) ?? '';
  return `exit ${result.exitCode}${error ? `: ${error.slice(0, 200)}` : ''}`;
}
