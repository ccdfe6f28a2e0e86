import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { throwIfInterrupted, trackSubprocess } from './interrupt.js';

const BIN = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));

export interface TimedCli {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the whole subprocess, node start-up included (what a user waits). */
  readonly ms: number;
}

export interface RunCliOptions {
  readonly timeoutMs?: number;
  /** A cleanup call: runs even after an interrupt, and is not interrupted itself. */
  readonly cleanup?: boolean;
}

/**
 * Run the real CLI as a subprocess, as a user would, and time it. Never
 * throws on a non-zero exit; throws BenchInterrupted when the bench was
 * interrupted before the call (unless it is a cleanup call).
 */
export async function runCliTimed(args: readonly string[], env: Record<string, string>, options: RunCliOptions = {}): Promise<TimedCli> {
  if (!options.cleanup) throwIfInterrupted();
  const started = performance.now();
  const subprocess = execa('node', [BIN, ...args], { env, reject: false, timeout: options.timeoutMs ?? 900_000 });
  if (!options.cleanup) trackSubprocess(subprocess);
  const result = await subprocess;
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

/**
 * One line saying why a call failed: exit status, the CLI's `error:` line
 * and its first detail lines (or the last stderr line when there is none).
 */
export function describeFailure(result: TimedCli): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim().length > 0);
  const errorAt = lines.findIndex((line) => line.startsWith('error:'));
  const picked = errorAt === -1 ? lines.slice(-1) : lines.slice(errorAt, errorAt + 4).filter((line, i) => i === 0 || line.startsWith('  '));
  const text = picked.map((line) => line.trim()).join(' / ');
  return `exit ${result.exitCode}${text ? `: ${text.slice(0, 400)}` : ''}`;
}
