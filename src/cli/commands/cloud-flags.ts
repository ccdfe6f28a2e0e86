import { resolve } from 'node:path';
import { FaultlineError } from '../../errors/index.js';
import type { TargetName } from '../../schema/scenario.js';

/** The cloud targets' flags of `up`, as node:util parseArgs options. */
export const CLOUD_FLAG_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  region: { type: 'string' },
  'ssh-key': { type: 'string' },
} as const;

/**
 * The cloud flags that were given, keyed as the target reads them (paths made
 * absolute, since later commands may run elsewhere). Refused by a target that
 * takes no flags (local, the default).
 */
export async function parseCloudFlags(values: Record<string, unknown>, target: TargetName | undefined): Promise<Record<string, string>> {
  const flags: Record<string, string> = {};
  const take = (flag: keyof typeof CLOUD_FLAG_OPTIONS, key: string, path: boolean): void => {
    const value = values[flag];
    if (typeof value === 'string') flags[key] = path ? resolve(value) : value;
  };
  take('kubeconfig', 'kubeconfig', true);
  take('context', 'context', false);
  take('region', 'region', false);
  take('ssh-key', 'sshKey', true);
  if (Object.keys(flags).length === 0) return flags;
  const { DEFAULT_TARGET, targetTraits } = await import('../../targets/index.js');
  if (!targetTraits(target ?? DEFAULT_TARGET).takesFlags) {
    const names = Object.keys(flags).map((k) => `--${k === 'sshKey' ? 'ssh-key' : k}`);
    throw new FaultlineError('USAGE', `${names.join(', ')} ${names.length === 1 ? 'applies' : 'apply'} only to --target aws or kubernetes.`, {
      hint: 'Add --target aws or --target kubernetes, or drop the cloud flags.',
    });
  }
  return flags;
}
