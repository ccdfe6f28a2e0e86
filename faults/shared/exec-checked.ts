import type { ExecResult, Executor } from '../../src/core/executor.js';
import { FaultlineError } from '../../src/errors/index.js';

/**
 * Run a bash script in `machine` and throw FAULT_FAILED (with stdout/stderr
 * tails) when it exits non-zero. For fault steps that must succeed.
 */
export async function shChecked(exec: Executor, machine: string, script: string, what: string): Promise<ExecResult> {
  const result = await exec.sh(machine, script);
  if (result.exitCode !== 0) {
    throw new FaultlineError('FAULT_FAILED', `Could not ${what} on ${machine} (exit ${result.exitCode}).`, {
      details: tail(`${result.stderr}\n${result.stdout}`),
      hint: 'The lines above are the end of the command output.',
    });
  }
  return result;
}

/** Quote a string for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function tail(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .slice(-10);
}
