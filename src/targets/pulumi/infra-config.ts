import { infraConfigSchema, type InfraConfig, type Sources } from '../../../infra/config.js';
import type { Scenario } from '../../schema/scenario.js';
import type { CloudEnvRequest, CloudOptions } from './options.js';

/** Resolve the AWS region from options, then AWS_REGION / AWS_DEFAULT_REGION. */
export function resolveRegion(options: CloudOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return options.aws.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
}

/**
 * The program's config for one environment. Throws a zod error when a field
 * is invalid; preflight reports missing pieces before this is called.
 */
export function buildInfraConfig(
  scenario: Scenario,
  request: CloudEnvRequest,
  options: CloudOptions,
  extra: { sources: Sources; region?: string | undefined; teleportAgentless?: { readonly login: string; readonly userCaKeys: string } | undefined },
): InfraConfig {
  const agentless = request.target === 'aws' && options.teleportAwsMode === 'agentless' ? extra.teleportAgentless : undefined;
  return infraConfigSchema.parse({
    target: request.target,
    env: { id: request.envId, scenario: scenario.id, candidate: request.candidate, expiresAt: request.expiresAt },
    ...(request.target === 'aws'
      ? {
          aws: {
            region: extra.region,
            instanceType: options.aws.instanceType,
            amiFamily: options.aws.amiFamily,
            allowedCidrs: options.aws.allowedCidrs,
            allowWorldIngress: options.aws.allowWorldIngress,
            sshPublicKey: request.sshPublicKey,
          },
        }
      : {}),
    kubernetes: options.kubernetes,
    ...(options.teleport === undefined ? {} : { teleport: options.teleport }),
    ...(agentless === undefined ? {} : { teleportAgentless: { login: agentless.login, userCaKeys: agentless.userCaKeys, proxyCidrs: options.teleportProxyCidrs } }),
    sources: extra.sources,
    ...(options.images === undefined ? {} : { images: options.images }),
  });
}
