import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsConfig, EnvIdentity, TeleportConfig } from '../config.js';
import { renderCloudInit } from '../render/cloud-init.js';

export interface NodeArgs {
  /** Identity of the environment (tags, Teleport labels). */
  readonly env: EnvIdentity;
  /** EC2 instance type, e.g. t3.large. */
  readonly instanceType: pulumi.Input<string>;
  /** Which distribution's AMI to look up. */
  readonly amiFamily: AwsConfig['amiFamily'];
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  /** The candidate's OpenSSH public key. */
  readonly sshPublicKey: pulumi.Input<string>;
  readonly rootVolumeGiB: pulumi.Input<number>;
  /** URL of the k3s install script. */
  readonly k3sInstallScript: pulumi.Input<string>;
  /** Static API token (secret). */
  readonly clusterToken: pulumi.Input<string>;
  /** Optional Teleport agent; its joinToken is turned into a secret. */
  readonly teleport?: pulumi.Input<TeleportConfig>;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** AMI owners and name patterns per family (official images only). */
export const AMI_FILTERS: Record<AwsConfig['amiFamily'], { owners: string[]; name: string }> = {
  'debian-12': { owners: ['136693071363'], name: 'debian-12-amd64-*' },
  'ubuntu-22.04': { owners: ['099720109477'], name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*' },
};

/** One EC2 instance running k3s: IMDSv2 only, encrypted gp3 root, cloud-init user data. */
export class Node extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly publicIp: pulumi.Output<string>;

  constructor(name: string, args: NodeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('faultline:aws:Node', name, {}, opts);
    const { instance } = createNode(name, args, this);
    this.instanceId = instance.id;
    this.publicIp = instance.publicIp;
    this.registerOutputs({ instanceId: this.instanceId, publicIp: this.publicIp });
  }
}

/** The user data as a secret Output (it holds the cluster token and maybe the Teleport join token). */
export function createUserData(args: NodeArgs): pulumi.Output<string> {
  return pulumi
    .all([args.sshPublicKey, args.k3sInstallScript, args.clusterToken, args.teleport])
    .apply(([sshPublicKey, k3sInstallScript, clusterToken, teleport]) =>
      pulumi.secret(renderCloudInit({ env: args.env, sshPublicKey, k3sInstallScript, clusterToken, ...(teleport ? { teleport } : {}) })),
    );
}

/** Create the node's children under `parent`. */
export function createNode(name: string, args: NodeArgs, parent: pulumi.Resource) {
  const opts = { parent };
  const filter = AMI_FILTERS[args.amiFamily];
  const ami = aws.ec2.getAmiOutput(
    {
      mostRecent: true,
      owners: filter.owners,
      filters: [
        { name: 'name', values: [filter.name] },
        { name: 'architecture', values: ['x86_64'] },
        { name: 'virtualization-type', values: ['hvm'] },
      ],
    },
    opts,
  );
  const keyPair = new aws.ec2.KeyPair(`${name}-key`, { publicKey: args.sshPublicKey, tags: args.tags }, opts);
  const instance = new aws.ec2.Instance(
    `${name}-instance`,
    {
      ami: ami.id,
      instanceType: args.instanceType,
      subnetId: args.subnetId,
      vpcSecurityGroupIds: [args.securityGroupId],
      keyName: keyPair.keyName,
      associatePublicIpAddress: true,
      userData: createUserData(args),
      userDataReplaceOnChange: true,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
      rootBlockDevice: { volumeType: 'gp3', volumeSize: args.rootVolumeGiB, encrypted: true, deleteOnTermination: true, tags: args.tags },
      tags: args.tags,
    },
    opts,
  );
  return { ami, keyPair, instance };
}
