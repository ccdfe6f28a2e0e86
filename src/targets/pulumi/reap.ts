import { LocalWorkspace } from '@pulumi/pulumi/automation/index.js';
import { destroyCloudEnvironment } from './destroy.js';
import type { CloudOptions } from './options.js';
import { EXPIRES_AT_KEY, TARGET_KEY, workspaceOptions } from './workspace.js';

export interface StackExpiry {
  readonly envId: string;
  readonly target: string | undefined;
  /** undefined when the stack has no expiry recorded (never reaped automatically). */
  readonly expiresAt: string | undefined;
}

/** Stacks whose expiry lies at or before `now`. Pure. */
export function selectExpired(stacks: readonly StackExpiry[], now: Date): StackExpiry[] {
  return stacks.filter((s) => s.expiresAt !== undefined && Date.parse(s.expiresAt) <= now.getTime());
}

/** Every environment stack in the backend with its recorded expiry. */
export async function listCloudStacks(options: CloudOptions): Promise<StackExpiry[]> {
  const ws = await LocalWorkspace.create(await workspaceOptions(options, async () => ({})));
  const stacks = await ws.listStacks();
  return Promise.all(
    stacks.map(async (s) => {
      const config = await ws.getAllConfig(s.name);
      return { envId: s.name, target: config[TARGET_KEY]?.value, expiresAt: config[EXPIRES_AT_KEY]?.value };
    }),
  );
}

/** Environments on cloud targets whose expires-at has passed. */
export async function listExpired(options: CloudOptions, now: Date = new Date()): Promise<StackExpiry[]> {
  return selectExpired(await listCloudStacks(options), now);
}

/** Destroy one expired environment and remove its stack (the lead's `reap` loops over listExpired). */
export async function reapCloudEnvironment(
  envId: string,
  options: CloudOptions,
  progress?: (line: string) => void,
): Promise<{ readonly removed: boolean }> {
  return destroyCloudEnvironment(envId, options, progress);
}
