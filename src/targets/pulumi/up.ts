import type { OutputMap } from '@pulumi/pulumi/automation/index.js';
import { awsProgram } from '../../../infra/programs/aws.js';
import { kubernetesProgram } from '../../../infra/programs/kubernetes.js';
import { loadStackInputs } from '../../../infra/stack-inputs.js';
import { homePaths } from '../../core/paths.js';
import { FaultlineError } from '../../errors/index.js';
import type { Scenario } from '../../schema/scenario.js';
import { buildInfraConfig, resolveRegion } from './infra-config.js';
import type { CloudEnvRequest, CloudOptions } from './options.js';
import { assertPreflight, type PreflightHost } from './preflight.js';
import type { AgentlessMaterial } from './teleport-agentless.js';
import { EXPIRES_AT_KEY, TARGET_KEY, selectEnvironmentStack } from './workspace.js';

/** What `up` hands back: the stack outputs without their secret values. */
export interface CloudEnvironment {
  readonly envId: string;
  readonly target: CloudEnvRequest['target'];
  /** Plain outputs (publicIp, namespace, sshUser…); secret outputs are listed by name only. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly secretOutputs: readonly string[];
}

/** Split stack outputs into plain values and the names of secret ones. */
export function splitOutputs(outputs: OutputMap): Pick<CloudEnvironment, 'outputs' | 'secretOutputs'> {
  const plain: Record<string, unknown> = {};
  const secret: string[] = [];
  for (const [key, output] of Object.entries(outputs)) {
    if (output.secret) secret.push(key);
    else plain[key] = output.value;
  }
  return { outputs: plain, secretOutputs: secret };
}

/**
 * Preflight, then create/select the environment's stack and run `up`.
 * Nothing is created when preflight fails.
 */
export async function upCloudEnvironment(
  scenario: Scenario,
  request: CloudEnvRequest,
  options: CloudOptions,
  progress: (line: string) => void = () => undefined,
  host?: PreflightHost,
  teleportAgentless?: AgentlessMaterial,
): Promise<CloudEnvironment> {
  await assertPreflight(scenario, request, options, host);
  if (request.target === 'aws' && options.teleportAwsMode === 'agentless' && teleportAgentless === undefined) {
    throw new FaultlineError('TELEPORT_MATERIAL_MISSING', 'teleport.aws.mode is agentless, but no Teleport material was prepared for the node.');
  }
  const region = resolveRegion(options);
  const config = buildInfraConfig(scenario, request, options, { sources: options.sources!, region, teleportAgentless });
  const inputs = await loadStackInputs(`${homePaths.pulumi()}/bundles`);
  const program =
    request.target === 'aws'
      ? awsProgram(config, inputs, teleportAgentless === undefined ? {} : { signTeleportHostCert: teleportAgentless.signHostCert })
      : kubernetesProgram(config, inputs);
  const stack = await selectEnvironmentStack(request.envId, program, options);
  await stack.setConfig(EXPIRES_AT_KEY, { value: request.expiresAt });
  await stack.setConfig(TARGET_KEY, { value: request.target });
  if (request.target === 'aws' && region !== undefined) await stack.setConfig('aws:region', { value: region });
  try {
    const result = await stack.up({ onOutput: (line) => progress(line.trimEnd()) });
    return { envId: request.envId, target: request.target, ...splitOutputs(result.outputs) };
  } catch (cause) {
    throw new FaultlineError('CLOUD_FAILED', `pulumi up failed for environment ${request.envId}`, {
      hint: `Run \`faultline down\` on this environment to remove what was created (stack ${request.envId}), then retry.`,
      cause,
    });
  }
}
