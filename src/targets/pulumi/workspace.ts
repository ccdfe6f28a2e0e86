import { mkdir } from 'node:fs/promises';
import { LocalWorkspace, type PulumiFn, type Stack } from '@pulumi/pulumi/automation/index.js';
import { homePaths } from '../../core/paths.js';
import { resolveBackendUrl, resolvePassphrase } from './backend.js';
import type { CloudOptions } from './options.js';

export const PROJECT_NAME = 'faultline';
/** Stack config key holding the environment's expiry (read by reap). */
export const EXPIRES_AT_KEY = 'faultline:expiresAt';
export const TARGET_KEY = 'faultline:target';

/** Workspace options shared by every stack: project settings with the backend, and the secrets passphrase. */
export async function workspaceOptions(options: CloudOptions, program?: PulumiFn) {
  const backend = resolveBackendUrl(options);
  if (backend.startsWith('file://')) await mkdir(backend.slice('file://'.length), { recursive: true });
  await mkdir(homePaths.pulumi(), { recursive: true });
  return {
    projectSettings: { name: PROJECT_NAME, runtime: 'nodejs' as const, backend: { url: backend } },
    envVars: { PULUMI_CONFIG_PASSPHRASE: await resolvePassphrase(), PULUMI_SKIP_UPDATE_CHECK: 'true' },
    ...(program === undefined ? {} : { program }),
  };
}

/** Create or select the stack of one environment (stack name = environment id) with an inline program. */
export async function selectEnvironmentStack(envId: string, program: PulumiFn, options: CloudOptions): Promise<Stack> {
  return LocalWorkspace.createOrSelectStack({ stackName: envId, projectName: PROJECT_NAME, program }, await workspaceOptions(options, program));
}
