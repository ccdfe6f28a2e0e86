import { resolve } from 'node:path';
import { FaultlineError } from '../../errors/index.js';
import type { TargetName } from '../../schema/scenario.js';
import { flag } from '../flags.js';

/** The cloud targets' flags of `up`. */
export const CLOUD_FLAGS = {
  kubeconfig: flag.string(),
  context: flag.string(),
  region: flag.string(),
  'ssh-key': flag.string(),
};

/**
 * The cloud flags that were given, keyed as the target reads them (paths made
 * absolute, since later commands may run elsewhere). Refused by a target that
 * takes no flags (local, the default).
 */
export async function parseCloudFlags(values: { readonly [K in keyof typeof CLOUD_FLAGS]?: string | undefined }, target: TargetName | undefined): Promise<Record<string, string>> {
  const flags: Record<string, string> = {};
  const take = (name: keyof typeof CLOUD_FLAGS, key: string, path: boolean): void => {
    const value = values[name];
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
