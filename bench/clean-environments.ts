import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listLinks } from '../src/targets/local/bridge.js';
import { listMachineCgroups } from '../src/targets/local/cgroups.js';
import { envIdOf } from '../src/targets/local/naming.js';
import type { BenchHome } from './bench-home.js';
import { describeFailure, runCliTimed } from './run-cli.js';

/** Env ids of every environment the bench home still has state for. */
async function readBenchIds(home: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const name of await readdir(join(home, 'envs')).catch(() => [] as string[])) {
    const text = await readFile(join(home, 'envs', name, 'state.json'), 'utf8').catch(() => undefined);
    const id = text === undefined ? undefined : (JSON.parse(text) as { id?: unknown }).id;
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

/** Env ids of faultline machines and bridges on this host, whatever home they belong to. */
async function hostEnvIds(): Promise<Set<string>> {
  const names = [...(await listMachineCgroups()), ...(await listLinks().catch(() => [] as string[]))];
  return new Set(names.map(envIdOf).filter((id): id is string => id !== undefined));
}

/**
 * `down --all` in the bench home, then `gc` — but only when no other
 * faultline environment is on the host: gc run from the bench's home sees
 * every other home's machines as orphans and would destroy them (tests or a
 * live interview running next to the bench). Reports what it did.
 */
export async function cleanBenchEnvironments(home: BenchHome, log: (line: string) => void): Promise<void> {
  const benchIds = await readBenchIds(home.home);
  const down = await runCliTimed(['down', '--all', '--json'], home.env, { cleanup: true });
  if (down.exitCode !== 0) log(`cleanup: down --all ${describeFailure(down)}`);
  const present = await hostEnvIds();
  const foreign = [...present].filter((id) => !benchIds.has(id));
  const leftovers = [...present].filter((id) => benchIds.has(id));
  if (foreign.length === 0) {
    const gc = await runCliTimed(['gc', '--json'], home.env, { cleanup: true });
    if (gc.exitCode !== 0) log(`cleanup: gc ${describeFailure(gc)}`);
    return;
  }
  log(`cleanup: gc skipped: ${foreign.length} other faultline environment(s) on this host (${foreign.join(', ')}) that gc from the bench home would destroy`);
  if (leftovers.length > 0) log(`cleanup: bench leftovers remain for env id(s) ${leftovers.join(', ')}; run \`FAULTLINE_HOME=${home.home} faultline gc\` once the host is idle`);
}
