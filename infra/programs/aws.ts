import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { FaultlineError } from '../../src/errors/index.js';
import { Network } from '../components/network.js';
import { Node } from '../components/node.js';
import type { InfraConfig } from '../config.js';
import { renderKubeconfig } from '../render/kubeconfig.js';
import type { StackInputs } from '../stack-inputs.js';
import { renderTags } from '../tags.js';
import { waitForApi } from '../wait-for-api.js';
import { createKubernetesLayer } from './kubernetes.js';

/** Program for the `aws` target: network + one k3s node, then the kubernetes layer on it. */
export function awsProgram(config: InfraConfig, inputs: StackInputs) {
  return async (): Promise<Record<string, unknown>> => {
    const aws = config.aws;
    if (aws === undefined) throw new FaultlineError('INVALID_CONFIG', 'The aws target needs an `aws` section in the config');
    if (config.clusterToken === undefined) throw new FaultlineError('INVALID_CONFIG', 'The aws target needs a clusterToken');
    const env = config.env;
    const tags = renderTags(env, `faultline-${env.id}`);
    const clusterToken = pulumi.secret(config.clusterToken);
    const network = new Network(`${env.id}-net`, {
      vpcCidr: aws.vpcCidr,
      subnetCidr: aws.subnetCidr,
      allowedCidrs: aws.allowedCidrs,
      allowWorldIngress: aws.allowWorldIngress,
      tags,
    });
    const node = new Node(`${env.id}-node`, {
      env,
      instanceType: aws.instanceType,
      amiFamily: aws.amiFamily,
      subnetId: network.subnetId,
      securityGroupId: network.securityGroupId,
      sshPublicKey: aws.sshPublicKey,
      rootVolumeGiB: aws.rootVolumeGiB,
      k3sInstallScript: config.sources.k3sInstallScript,
      clusterToken,
      ...(config.teleport ? { teleport: pulumi.secret(config.teleport) } : {}),
      tags,
    });
    const kubeconfig = pulumi.secret(
      pulumi.all([node.publicIp, clusterToken]).apply(async ([ip, token]) => {
        if (!pulumi.runtime.isDryRun() && !(await waitForApi(ip))) {
          throw new FaultlineError('CLOUD_FAILED', `The k3s API on ${ip}:6443 did not answer within 15 minutes`, {
            hint: 'SSH to the node and read /var/log/cloud-init-output.log.',
          });
        }
        return renderKubeconfig(`https://${ip}:6443`, token);
      }),
    );
    const provider = new k8s.Provider(`${env.id}-k3s`, { kubeconfig }, { dependsOn: [node] });
    const layer = createKubernetesLayer(config, inputs, provider);
    return {
      target: 'aws',
      publicIp: node.publicIp,
      instanceId: node.instanceId,
      sshUser: 'candidate',
      namespace: layer.namespace,
      kubeconfig,
    };
  };
}
