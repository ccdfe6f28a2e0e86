import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { FaultlineError } from '../../src/errors/index.js';
import { Network } from '../components/network.js';
import { Node, type HostCertificate } from '../components/node.js';
import type { InfraConfig } from '../config.js';
import { renderKubeconfig } from '../render/kubeconfig.js';
import type { StackInputs } from '../stack-inputs.js';
import { renderTags } from '../tags.js';
import { waitForApi } from '../wait-for-api.js';
import { createKubernetesLayer } from './kubernetes.js';

/** Port of the k3s API server. */
export const API_PORT = 6443;

/**
 * Program for the `aws` target: an explicit AWS provider (region, default
 * tags on everything it creates), network + one k3s node, then the
 * kubernetes layer on it. Every in-cluster object is `deletedWith` the
 * instance and the Kubernetes provider may drop unreachable objects, so
 * `destroy` removes the node even when k3s on it was stopped or broken.
 */
export interface AwsProgramHooks {
  /** Teleport agentless mode (config.teleportAgentless): signs the node's host certificate for its Elastic IP. */
  readonly signTeleportHostCert?: (publicIp: string) => Promise<HostCertificate>;
}

export function awsProgram(config: InfraConfig, inputs: StackInputs, hooks: AwsProgramHooks = {}) {
  return async (): Promise<Record<string, unknown>> => {
    const settings = config.aws;
    if (settings === undefined) throw new FaultlineError('INVALID_CONFIG', 'The aws target needs an `aws` section in the config');
    const env = config.env;
    const agentless = config.teleportAgentless;
    const signHostCert = hooks.signTeleportHostCert;
    if (agentless !== undefined && signHostCert === undefined) {
      throw new FaultlineError('INVALID_CONFIG', 'Teleport agentless mode needs a host-certificate signer, and the aws program was given none');
    }
    const tags = renderTags(env, `faultline-${env.id}`);
    const provider = new aws.Provider(`${env.id}-aws`, { region: settings.region as aws.Region, defaultTags: { tags: renderTags(env) } });
    const providers = { providers: [provider] };
    // Stable across re-runs of `up` (kept in the stack's state): the instance is not replaced.
    const apiToken = new random.RandomPassword(`${env.id}-api-token`, { length: 48, special: false });
    const network = new Network(
      `${env.id}-net`,
      {
        vpcCidr: settings.vpcCidr,
        subnetCidr: settings.subnetCidr,
        allowedCidrs: settings.allowedCidrs,
        allowWorldIngress: settings.allowWorldIngress,
        ...(agentless === undefined ? {} : { teleportProxyCidrs: agentless.proxyCidrs }),
        instanceType: settings.instanceType,
        tags,
      },
      providers,
    );
    const node = new Node(
      `${env.id}-node`,
      {
        env,
        instanceType: settings.instanceType,
        amiFamily: settings.amiFamily,
        region: settings.region,
        subnetId: network.subnetId,
        securityGroupId: network.securityGroupId,
        sshPublicKey: settings.sshPublicKey,
        rootVolumeGiB: settings.rootVolumeGiB,
        k3sInstallScript: config.sources.k3sInstallScript,
        apiToken: apiToken.result,
        ...(config.teleport ? { teleport: { proxy: config.teleport.proxy, joinToken: pulumi.secret(config.teleport.joinToken) } } : {}),
        ...(agentless === undefined || signHostCert === undefined
          ? {}
          : { teleportAgentless: { login: agentless.login, userCaKeys: agentless.userCaKeys, signHostCert } }),
        tags,
      },
      providers,
    );
    const kubeconfig = pulumi.secret(
      pulumi.all([node.publicIp, node.caCertPem, apiToken.result]).apply(async ([ip, caPem, token]) => {
        if (!pulumi.runtime.isDryRun()) {
          const result = await waitForApi({ host: ip, port: API_PORT, caPem, token }, { onWait: (reason) => pulumi.log.info(`waiting for the k3s API on ${ip}: ${reason}`) });
          if (!result.ready) {
            throw new FaultlineError('CLOUD_FAILED', `The k3s API on ${ip}:${API_PORT} was not ready within 15 minutes (${result.reason})`, {
              hint: 'SSH to the node and read /var/log/cloud-init-output.log and `journalctl -u k3s`.',
            });
          }
        }
        return renderKubeconfig(`https://${ip}:${API_PORT}`, caPem, token);
      }),
    );
    const k3s = new k8s.Provider(`${env.id}-k3s`, { kubeconfig, deleteUnreachable: true }, { dependsOn: [node] });
    const layer = createKubernetesLayer(config, inputs, k3s, { deletedWith: node.instance, ingressClassName: 'traefik', awaitIngress: true });
    return {
      target: 'aws',
      envId: env.id,
      expiresAt: env.expiresAt,
      publicIp: node.publicIp,
      instanceId: node.instanceId,
      sshUser: 'candidate',
      namespace: layer.namespace,
      kubeconfig,
    };
  };
}
