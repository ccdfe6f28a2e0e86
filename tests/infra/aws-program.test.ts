import type * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_TOKEN, STACK_INPUTS, TELEPORT_TOKEN, awsConfig } from './fixtures.js';
import { installMocks, settle, unwrap, type Seen } from './mock-runtime.js';

/** Pulumi's wire marker for a secret value (sdk/nodejs/runtime/rpc.ts). */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_MARKER = '1b47061264138c4ac30d75fd1eb44270';

let seen: Seen[];
let outputs: Record<string, unknown>;

/** Tag-less AWS resource types (they have no `tags` argument). */
const UNTAGGABLE = new Set(['aws:ec2/routeTableAssociation:RouteTableAssociation']);

beforeAll(async () => {
  seen = await installMocks();
  const { awsProgram } = await import('../../infra/programs/aws.js');
  outputs = await awsProgram(awsConfig({ teleport: { proxy: 'teleport.example.test:443', joinToken: TELEPORT_TOKEN } }), STACK_INPUTS)();
  await settle(seen);
});

const of = (type: string) => seen.filter((r) => r.type === type);
const one = (type: string) => {
  const found = of(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('the aws program', () => {
  it('creates the network, one node and the kubernetes layer on it', () => {
    const types = new Set(seen.map((r) => r.type));
    for (const t of [
      'aws:ec2/vpc:Vpc',
      'aws:ec2/subnet:Subnet',
      'aws:ec2/internetGateway:InternetGateway',
      'aws:ec2/routeTable:RouteTable',
      'aws:ec2/securityGroup:SecurityGroup',
      'aws:ec2/keyPair:KeyPair',
      'aws:ec2/instance:Instance',
      'pulumi:providers:kubernetes',
      'kubernetes:core/v1:Namespace',
      'kubernetes:apps/v1:Deployment',
      'kubernetes:apps/v1:StatefulSet',
      'kubernetes:helm.sh/v3:Release',
      'kubernetes:monitoring.coreos.com/v1:PrometheusRule',
    ]) {
      expect(types, t).toContain(t);
    }
    expect(of('aws:ec2/instance:Instance')).toHaveLength(1);
  });

  it('names children after their component', () => {
    expect(seen.map((r) => r.name)).toEqual(expect.arrayContaining(['ada-disk-net-vpc', 'ada-disk-net-sg', 'ada-disk-node-instance', 'ada-disk-node-key']));
  });

  it('requires IMDSv2 and an encrypted gp3 root volume on the instance', () => {
    const instance = one('aws:ec2/instance:Instance').inputs;
    expect(instance['metadataOptions']).toMatchObject({ httpTokens: 'required' });
    expect(instance['rootBlockDevice']).toMatchObject({ volumeType: 'gp3', encrypted: true });
    expect(instance['ami']).toBe('ami-0test');
  });

  it('opens SSH only to the configured CIDRs', () => {
    const sg = one('aws:ec2/securityGroup:SecurityGroup').inputs;
    const ingress = sg['ingress'] as { fromPort: number; cidrBlocks: string[] }[];
    expect(ingress.find((r) => r.fromPort === 22)?.cidrBlocks).toEqual(['203.0.113.0/24']);
    expect(ingress.flatMap((r) => r.cidrBlocks)).not.toContain('0.0.0.0/0');
  });

  it('tags every taggable AWS resource with the faultline tags including expires-at', () => {
    const awsResources = seen.filter((r) => r.type.startsWith('aws:') && !UNTAGGABLE.has(r.type));
    expect(awsResources.length).toBeGreaterThanOrEqual(7);
    for (const r of awsResources) {
      expect(r.inputs['tags'], r.name).toMatchObject({
        'faultline:env': 'ada-disk',
        'faultline:scenario': 'disk-pressure',
        'faultline:candidate': 'ada',
        'faultline:expires-at': '2026-01-01T04:00:00.000Z',
      });
    }
    expect(one('aws:ec2/instance:Instance').inputs['rootBlockDevice']['tags']).toMatchObject({ 'faultline:expires-at': '2026-01-01T04:00:00.000Z' });
  });

  it('puts the teleport join token only into secret outputs', async () => {
    const userData = one('aws:ec2/instance:Instance').inputs['userData'] as Record<string, unknown>;
    // The engine receives the user data wrapped in Pulumi's secret signature.
    expect(userData[SECRET_SIG]).toBe(SECRET_MARKER);
    expect(userData['value']).toContain(TELEPORT_TOKEN);
    for (const [key, value] of Object.entries(outputs)) {
      const { value: v, secret } = await unwrap(value as pulumi.Input<unknown>);
      if (JSON.stringify(v ?? '').includes(TELEPORT_TOKEN) || JSON.stringify(v ?? '').includes(CLUSTER_TOKEN)) {
        expect(secret, `output ${key} carries a token`).toBe(true);
      }
    }
    expect((await unwrap(outputs['kubeconfig'] as pulumi.Output<string>)).secret).toBe(true);
    expect((await unwrap(outputs['publicIp'] as pulumi.Output<string>)).secret).toBe(false);
  });

  it('marks the user data as a secret', async () => {
    const { createUserData } = await import('../../infra/components/node.js');
    const config = awsConfig();
    const userData = createUserData({
      env: config.env,
      instanceType: 't3.large',
      amiFamily: 'debian-12',
      subnetId: 's',
      securityGroupId: 'g',
      sshPublicKey: config.aws!.sshPublicKey,
      rootVolumeGiB: 30,
      k3sInstallScript: 'https://k3s.invalid/install.sh',
      clusterToken: CLUSTER_TOKEN,
      teleport: { proxy: 'tp.example.test', joinToken: TELEPORT_TOKEN },
      tags: {},
    });
    const { value, secret } = await unwrap(userData);
    expect(secret).toBe(true);
    expect(value).toContain(TELEPORT_TOKEN);
  });
});
