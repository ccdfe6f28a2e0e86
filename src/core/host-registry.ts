import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../utils/atomic-write.js';

/**
 * Host-wide record of the environments that exist, whatever FAULTLINE_HOME
 * created them. Host objects (bridges, cgroups, rules, subnets) are shared by
 * every home on the machine, so allocation and `gc` must look here, not only
 * at their own home: otherwise a `gc` run from one home would take another
 * home's live environments for orphans. Lives in /run (tmpfs), so it is
 * cleared on reboot along with the machines it describes.
 */
export const HOST_REGISTRY_DIR = process.env.FAULTLINE_RUN_DIR ?? '/run/faultline';

export interface HostEnvEntry {
  readonly id: string;
  /** The environment's directory (holding state.json). */
  readonly envDir: string;
  readonly subnet: string;
}

const entryPath = (id: string): string => join(HOST_REGISTRY_DIR, 'envs', `${id}.json`);

/** The lock that serialises allocation of ids, subnets and ports across every home. */
export function hostAllocLock(): string {
  return join(HOST_REGISTRY_DIR, 'alloc.lock');
}

/** Prefix of the boot-slot locks bounding how many environments boot at once on this host. */
export function hostBootSlots(): string {
  return join(HOST_REGISTRY_DIR, 'boot-slot');
}

export async function registerHostEnv(entry: HostEnvEntry): Promise<void> {
  await mkdir(join(HOST_REGISTRY_DIR, 'envs'), { recursive: true });
  await writeFileAtomic(entryPath(entry.id), `${JSON.stringify(entry)}\n`);
}

export async function unregisterHostEnv(id: string): Promise<void> {
  await rm(entryPath(id), { force: true });
}

/** Every registered environment; `live` is false when its state file is gone (a stale entry). */
export async function listHostEnvs(): Promise<(HostEnvEntry & { readonly live: boolean })[]> {
  const files = await readdir(join(HOST_REGISTRY_DIR, 'envs')).catch(() => [] as string[]);
  const entries = await Promise.all(
    files
      .filter((f) => f.endsWith('.json'))
      .map(async (f) => {
        try {
          const entry = JSON.parse(await readFile(join(HOST_REGISTRY_DIR, 'envs', f), 'utf8')) as HostEnvEntry;
          return { ...entry, live: existsSync(join(entry.envDir, 'state.json')) };
        } catch {
          return undefined;
        }
      }),
  );
  return entries.filter((e): e is HostEnvEntry & { live: boolean } => e !== undefined);
}
