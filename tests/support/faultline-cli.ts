import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the real CLI as a subprocess, as a user would. */
export async function faultline(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 600_000): Promise<CliResult> {
  const result = await execa('node', [BIN, ...args], { env, reject: false, timeout: timeoutMs });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Parse the JSON document a `--json` command printed. */
export function parseJson<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.exitCode}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
}
