import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { NodeSecretNames } from '../render/node-secrets.js';

export interface NodeSecretsArgs {
  readonly names: NodeSecretNames;
  readonly apiToken: pulumi.Input<string>;
  readonly serverCaKey: pulumi.Input<string>;
  readonly teleportJoinToken?: pulumi.Input<string>;
  /** Teleport agentless: the host key and certificate (signed for the node's address while the program runs). */
  readonly teleportHostCertificate?: pulumi.Output<{ readonly privateKey: string; readonly certificate: string }>;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The node's secrets as SecureString parameters (the account's aws/ssm key),
 * and an instance role that may read exactly these and nothing else. With
 * IMDSv2 and a hop limit of 1, only processes on the node itself (not pods)
 * can get the role's credentials.
 */
export function createNodeSecrets(name: string, args: NodeSecretsArgs, parent: pulumi.Resource) {
  const opts = { parent };
  const param = (id: string, paramName: string, value: pulumi.Input<string>) =>
    new aws.ssm.Parameter(`${name}-${id}`, { name: paramName, type: 'SecureString', value: pulumi.secret(value), tags: args.tags }, opts);
  const parameters = [
    param('api-token', args.names.apiToken, args.apiToken),
    param('server-ca-key', args.names.serverCaKey, args.serverCaKey),
    ...(args.teleportJoinToken === undefined ? [] : [param('teleport-join-token', args.names.teleportJoinToken, args.teleportJoinToken)]),
    ...(args.teleportHostCertificate === undefined
      ? []
      : [
          param('teleport-host-key', args.names.teleportHostKey, args.teleportHostCertificate.apply((c) => c.privateKey)),
          param('teleport-host-cert', args.names.teleportHostCert, args.teleportHostCertificate.apply((c) => c.certificate)),
        ]),
  ];
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: 'faultline node: reads its own SSM parameters at boot',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: args.tags,
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-read-secrets`,
    {
      role: role.id,
      policy: pulumi.all(parameters.map((p) => p.arn)).apply((arns) =>
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: arns }] }),
      ),
    },
    opts,
  );
  const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name, tags: args.tags }, opts);
  return { parameters, role, policy, profile };
}
