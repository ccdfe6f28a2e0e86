import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsConfig, EnvIdentity } from '../config.js';
import { renderCloudInit } from '../render/cloud-init.js';
import { nodeSecretNames } from '../render/node-secrets.js';
import { createClusterCa } from './cluster-ca.js';
import { createNodeSecrets } from './node-secrets.js';

export interface NodeArgs {
  /** Identity of the environment (tags, Teleport labels, SSM names). */
  readonly env: EnvIdentity;
  /** EC2 instance type, e.g. t3.large. */
  readonly instanceType: pulumi.Input<string>;
  /** Which distribution's AMI to look up. */
  readonly amiFamily: AwsConfig['amiFamily'];
  /** Region of the node (the boot script's SSM reads). */
  readonly region: string;
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  /** The candidate's OpenSSH public key. */
  readonly sshPublicKey: pulumi.Input<string>;
  readonly rootVolumeGiB: pulumi.Input<number>;
  /** URL of the k3s install script. */
  readonly k3sInstallScript: pulumi.Input<string>;
  /** Static API token of the operator's kubeconfig (secret; goes to SSM). */
  readonly apiToken: pulumi.Input<string>;
  /** Optional Teleport agent: its proxy (public) and join token (secret; goes to SSM). */
  readonly teleport?: { readonly proxy: string; readonly joinToken: pulumi.Input<string> };
  /** Optional Teleport agentless mode: sshd trust (public) and the host certificate, signed for the Elastic IP before boot. */
  readonly teleportAgentless?: NodeTeleportAgentless;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A host key and the certificate Teleport's host CA signed for it (OpenSSH formats). */
export interface HostCertificate {
  readonly privateKey: string;
  readonly certificate: string;
}

export interface NodeTeleportAgentless {
  readonly login: string;
  readonly userCaKeys: string;
  /**
   * Sign the node's host certificate for its Elastic IP (called once the
   * address is allocated, before the instance exists). Runs on the faultline
   * host (tctl auth sign or the configured command).
   */
  readonly signHostCert: (publicIp: string) => Promise<HostCertificate>;
}

/** AMI owners and name patterns per family (official images only). */
export const AMI_FILTERS: Record<AwsConfig['amiFamily'], { owners: string[]; name: string }> = {
  'debian-12': { owners: ['136693071363'], name: 'debian-12-amd64-*' },
  'ubuntu-22.04': { owners: ['099720109477'], name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*' },
};

/**
 * One EC2 instance running k3s behind a stable address (an Elastic IP on a
 * tagged network interface, known before boot so it can be a --tls-san),
 * with the pre-generated cluster CA, IMDSv2 with hop limit 1, an encrypted
 * gp3 root and user data free of secrets.
 */
export class Node extends pulumi.ComponentResource {
  readonly instance: aws.ec2.Instance;
  readonly instanceId: pulumi.Output<string>;
  /** The Elastic IP: the API server's address and a SAN of its certificate. */
  readonly publicIp: pulumi.Output<string>;
  /** PEM of the cluster CA the API's certificate chains to. */
  readonly caCertPem: pulumi.Output<string>;

  constructor(name: string, args: NodeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('faultline:aws:Node', name, {}, opts);
    const parts = createNode(name, args, this);
    this.instance = parts.instance;
    this.instanceId = parts.instance.id;
    this.publicIp = parts.address.publicIp;
    this.caCertPem = parts.ca.certPem;
    this.registerOutputs({ instanceId: this.instanceId, publicIp: this.publicIp });
  }
}

/** The user data: plain text, and it holds no secret (tokens and the CA key are read from SSM at boot). */
export function createUserData(args: NodeArgs, publicIp: pulumi.Input<string>, caCertPem: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.all([args.sshPublicKey, args.k3sInstallScript, publicIp, caCertPem]).apply(([sshPublicKey, k3sInstallScript, tlsSan, serverCaCertPem]) =>
    renderCloudInit({
      env: args.env,
      sshPublicKey,
      k3sInstallScript,
      region: args.region,
      tlsSan,
      serverCaCertPem,
      secrets: nodeSecretNames(args.env),
      ...(args.teleport === undefined ? {} : { teleportProxy: args.teleport.proxy }),
      ...(args.teleportAgentless === undefined
        ? {}
        : {
            teleportOpenSsh: {
              userCaKeys: args.teleportAgentless.userCaKeys,
              login: args.teleportAgentless.login,
              region: args.region,
              hostKeyParam: nodeSecretNames(args.env).teleportHostKey,
              hostCertParam: nodeSecretNames(args.env).teleportHostCert,
            },
          }),
    }),
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
  const ca = createClusterCa(name, parent);
  const address = new aws.ec2.Eip(`${name}-ip`, { domain: 'vpc', tags: args.tags }, opts);
  const agentless = args.teleportAgentless;
  // A secret from the start: the private key never shows in the stack's state or logs in clear.
  const hostCertificate = agentless && pulumi.secret(address.publicIp.apply((ip) => agentless.signHostCert(ip)));
  const secrets = createNodeSecrets(
    `${name}-secrets`,
    {
      names: nodeSecretNames(args.env),
      apiToken: args.apiToken,
      serverCaKey: ca.keyPem,
      ...(args.teleport === undefined ? {} : { teleportJoinToken: args.teleport.joinToken }),
      ...(hostCertificate === undefined ? {} : { teleportHostCertificate: hostCertificate }),
      tags: args.tags,
    },
    parent,
  );
  const keyPair = new aws.ec2.KeyPair(`${name}-key`, { publicKey: args.sshPublicKey, tags: args.tags }, opts);
  // An explicit primary interface so it carries the faultline tags too (the implicit one would not).
  const eni = new aws.ec2.NetworkInterface(`${name}-eni`, { subnetId: args.subnetId, securityGroups: [args.securityGroupId], tags: args.tags }, opts);
  const association = new aws.ec2.EipAssociation(`${name}-ip-assoc`, { allocationId: address.allocationId, networkInterfaceId: eni.id }, opts);
  const instance = new aws.ec2.Instance(
    `${name}-instance`,
    {
      ami: ami.id,
      instanceType: args.instanceType,
      primaryNetworkInterface: { networkInterfaceId: eni.id },
      keyName: keyPair.keyName,
      iamInstanceProfile: secrets.profile.name,
      userData: createUserData(args, address.publicIp, ca.certPem),
      userDataReplaceOnChange: true,
      // Hop limit 1: a pod (one hop further) cannot reach the metadata service, so not the role's credentials either.
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: 'gp3', volumeSize: args.rootVolumeGiB, encrypted: true, deleteOnTermination: true, tags: args.tags },
      tags: args.tags,
    },
    // The address must be on the interface before boot: cloud-init installs packages over it.
    { ...opts, dependsOn: [association, secrets.policy] },
  );
  return { ami, ca, secrets, keyPair, eni, address, association, instance };
}
