import { LocalWorkspace } from '@pulumi/pulumi/automation/index.js';
import { FaultlineError } from '../../errors/index.js';
import type { CloudOptions } from './options.js';
import { PROJECT_NAME, workspaceOptions } from './workspace.js';

/**
 * Destroy every resource of the environment's stack, then remove the stack.
 * Idempotent: a stack that does not exist is already gone.
 */
export async function destroyCloudEnvironment(
  envId: string,
  options: CloudOptions,
  progress: (line: string) => void = () => undefined,
): Promise<{ readonly removed: boolean }> {
  const program = async () => ({});
  const ws = await LocalWorkspace.create(await workspaceOptions(options, program));
  const stacks = await ws.listStacks();
  if (!stacks.some((s) => s.name === envId)) return { removed: false };
  const stack = await LocalWorkspace.selectStack({ stackName: envId, projectName: PROJECT_NAME, program }, await workspaceOptions(options, program));
  try {
    await stack.destroy({ onOutput: (line) => progress(line.trimEnd()) });
    await ws.removeStack(envId);
  } catch (cause) {
    throw new FaultlineError('CLOUD_FAILED', `pulumi destroy failed for environment ${envId}`, {
      hint: `Retry \`faultline down\`; if it keeps failing, inspect the stack with PULUMI_BACKEND_URL set to the faultline backend.`,
      cause,
    });
  }
  return { removed: true };
}
