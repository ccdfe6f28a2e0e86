import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { memoryCurrent } from '../src/targets/local/cgroups.js';
import { cgroupName } from '../src/targets/local/naming.js';
import { waitFor } from '../src/utils/wait-for.js';
import type { UpEnv } from './up-env.js';

/**
 * After a plain `down` (teardown in the background): wait until the
 * environment's directory and every machine's cgroup are gone, polled every
 * 100 ms. Returns when that was (performance.now()), or undefined after
 * `timeoutMs`.
 */
export async function waitTeardownDone(home: string, env: UpEnv, timeoutMs = 180_000): Promise<number | undefined> {
  const gone = async (): Promise<boolean> => {
    if (existsSync(join(home, 'envs', env.name))) return false;
    for (const machine of env.machineNames) if ((await memoryCurrent(cgroupName(machine))) !== undefined) return false;
    return true;
  };
  return (await waitFor(gone, { timeoutMs, intervalMs: 100 })) ? performance.now() : undefined;
}
