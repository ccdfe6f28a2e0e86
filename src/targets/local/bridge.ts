import { run, tryRun } from '../../utils/run.js';

/** Create the environment's bridge with the host's address (.1) on it. Idempotent. */
export async function createBridge(name: string, subnet: string): Promise<void> {
  if (!(await tryRun('ip', ['link', 'show', 'dev', name]))) {
    await run('ip', ['link', 'add', name, 'type', 'bridge']);
  }
  await tryRun('ip', ['addr', 'add', `${subnet}.1/24`, 'dev', name]);
  await run('ip', ['link', 'set', name, 'up']);
}

/** Delete the bridge; a missing bridge is not an error. */
export async function deleteBridge(name: string): Promise<void> {
  await tryRun('ip', ['link', 'del', name]);
}

/** Names of all links on the host (for gc and residue checks). */
export async function listLinks(): Promise<string[]> {
  const out = await run('ip', ['-o', 'link', 'show']);
  return out
    .split('\n')
    .map((line) => /^\d+:\s+([^:@\s]+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** IPv4 /24 prefixes ("10.213.7") routed on the host, to avoid colliding with them. */
export async function usedSubnets(): Promise<Set<string>> {
  const out = await run('ip', ['-4', '-o', 'addr', 'show']).catch(() => '');
  const used = new Set<string>();
  for (const match of out.matchAll(/inet (\d+\.\d+\.\d+)\.\d+\//g)) if (match[1]) used.add(match[1]);
  return used;
}
