import { execa } from 'execa';
import { FaultlineError } from '../errors/index.js';

export interface RunOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly env?: Record<string, string>;
}

/** Run a host command; throw COMMAND_FAILED (with stderr) when it exits non-zero. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await execa(file, args, {
    input: options.input,
    timeout: options.timeoutMs ?? 60_000,
    cwd: options.cwd,
    env: options.env,
    reject: false,
    stripFinalNewline: true,
  });
  if (result.exitCode !== 0 || result.failed) {
    const stderr = String(result.stderr ?? '').trim();
    throw new FaultlineError('COMMAND_FAILED', `${file} ${args.join(' ')} failed (exit ${result.exitCode ?? 'none'}).`, {
      details: stderr ? stderr.split('\n').slice(-10) : [],
      cause: result,
    });
  }
  return String(result.stdout ?? '');
}

/** Run a host command and report success as a boolean (for probes and best-effort cleanup). */
export async function tryRun(file: string, args: readonly string[], options: RunOptions = {}): Promise<boolean> {
  const result = await execa(file, args, { input: options.input, timeout: options.timeoutMs ?? 60_000, reject: false });
  return result.exitCode === 0;
}
