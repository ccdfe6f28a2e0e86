import { LocalWorkspace } from '@pulumi/pulumi/automation/index.js';
import { FaultlineError } from '../../errors/index.js';
import type { CloudOptions } from './options.js';
import { PROJECT_NAME, workspaceOptions } from './workspace.js';

/** One output of an environment's stack, secrets decrypted (for the operator's own use, e.g. the aws kubeconfig). */
export async function readStackOutput(envId: string, key: string, options: CloudOptions): Promise<unknown> {
  const program = async () => ({});
  const stack = await LocalWorkspace.selectStack({ stackName: envId, projectName: PROJECT_NAME, program }, await workspaceOptions(options, program));
  const outputs = await stack.outputs();
  const output = outputs[key];
  if (output === undefined) {
    throw new FaultlineError('CLOUD_FAILED', `The stack of ${envId} has no "${key}" output.`, {
      hint: 'The stack was created by another faultline version or `up` did not finish; run `faultline down` and `up` again.',
    });
  }
  return output.value;
}
