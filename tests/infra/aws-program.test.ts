import type * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationEdges } from '../../src/targets/pulumi/plan-mocks.js';
import { STACK_INPUTS, TELEPORT_TOKEN, awsConfig } from './fixtures.js';
import { installMocksWithEdges, settle, unwrap, type Seen } from './mock-runtime.js';

let seen: Seen[];
let edges: RegistrationEdges[];
let outputs: Record<string, unknown>;

/** Tag-less AWS resource types (they have no `tags` argument). */
const UNTAGGABLE = new Set(['aws:ec2/routeTableAssociation:RouteTableAssociation', 'aws:ec2/eipAssociation:EipAssociation', 'aws:iam/rolePolicy:RolePolicy']);

beforeAll(async () => {
  ({ seen, edges } = await installMocksWithEdges());
  const { awsProgram } = await import('../../infra/programs/aws.js');
  outputs = await awsProgram(awsConfig({ teleport: { proxy: 'teleport.example.test:443', joinToken: TELEPORT_TOKEN } }), STACK_INPUTS)();
  await settle(seen);
  await settle(edges);
});

const of = (type: string) => seen.filter((r) => r.type === type);
const one = (type: string) => {
  const found = of(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const edge = (name: string) => edges.find((e) => e.name === name)!;

/** Pulumi's wire marker for a secret value (sdk/nodejs/runtime/rpc.ts). */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_MARKER = '1b47061264138c4ac30d75fd1eb44270';
/** The value inside a secret as the engine receives it; fails when the value was not sent as a secret. */
const secretValue = (v: unknown): unknown => {
  expect((v as Record<string, unknown>)[SECRET_SIG], 'sent as a Pulumi secret').toBe(SECRET_MARKER);
  return (v as { value: unknown }).value;
};

describe('the aws program', () => {
  it('creates the network, one node with a stable address and the kubernetes layer on it', () => {
    const types = new Set(seen.map((r) => r.type));
    for (const t of [
      'pulumi:providers:aws',
      'aws:ec2/vpc:Vpc',
      'aws:ec2/subnet:Subnet',
      'aws:ec2/internetGateway:InternetGateway',
      'aws:ec2/routeTable:RouteTable',
      'aws:ec2/securityGroup:SecurityGroup',
      'aws:ec2/keyPair:KeyPair',
      'aws:ec2/networkInterface:NetworkInterface',
      'aws:ec2/eip:Eip',
      'aws:ec2/eipAssociation:EipAssociation',
      'aws:ec2/instance:Instance',
      'aws:ssm/parameter:Parameter',
      'aws:iam/role:Role',
      'aws:iam/instanceProfile:InstanceProfile',
      'tls:index/selfSignedCert:SelfSignedCert',
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

  it('uses an explicit AWS provider with the region and the faultline tags as defaultTags, for every AWS resource', () => {
    const provider = one('pulumi:providers:aws');
    expect(provider.inputs['region']).toBe('eu-west-1');
    const defaultTags = JSON.parse(String(provider.inputs['defaultTags'])) as { tags: Record<string, string> };
    expect(defaultTags.tags).toMatchObject({ 'faultline:env': 'ada-disk', 'faultline:expires-at': '2026-01-01T04:00:00.000Z' });
    const providerRef = edge(provider.name).urn;
    for (const e of edges.filter((x) => x.type.startsWith('aws:'))) expect(e.provider.startsWith(`${providerRef}::`), e.name).toBe(true);
  });

  it('requires IMDSv2 with hop limit 1 (pods cannot reach the metadata service) and an encrypted gp3 root volume', () => {
    const instance = one('aws:ec2/instance:Instance').inputs;
    expect(instance['metadataOptions']).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(instance['rootBlockDevice']).toMatchObject({ volumeType: 'gp3', encrypted: true });
    expect(instance['ami']).toBe('ami-0test');
  });

  it('gives k3s a stable address: an Elastic IP on the primary interface, associated before boot, in --tls-san', () => {
    const eni = one('aws:ec2/networkInterface:NetworkInterface');
    const instance = one('aws:ec2/instance:Instance');
    expect(instance.inputs['primaryNetworkInterface']).toMatchObject({ networkInterfaceId: `${eni.name}-id` });
    const association = one('aws:ec2/eipAssociation:EipAssociation');
    expect(association.inputs).toMatchObject({ allocationId: `eipalloc-${one('aws:ec2/eip:Eip').name}`, networkInterfaceId: `${eni.name}-id` });
    expect(edge(instance.name).dependencies).toContain(edge(association.name).urn);
    const userData = String(instance.inputs['userData']);
    expect(userData).toContain("--tls-san '192.0.2.10'");
  });

  it('puts the pre-generated cluster CA certificate into the user data and its key nowhere but SSM', () => {
    const userData = parse(String(one('aws:ec2/instance:Instance').inputs['userData']).replace(/^#cloud-config\n/, ''));
    const caFile = userData.write_files.find((f: { path: string }) => f.path === '/etc/faultline/server-ca.crt');
    expect(caFile.content).toContain('BEGIN CERTIFICATE');
    const keyParam = of('aws:ssm/parameter:Parameter').find((p) => p.inputs['name'] === '/faultline/ada-disk/server-ca-key')!;
    expect(keyParam.inputs).toMatchObject({ type: 'SecureString' });
    expect(String(secretValue(keyParam.inputs['value']))).toContain('PRIVATE KEY');
    expect(JSON.stringify(seen.filter((r) => r.type.startsWith('aws:ec2/')))).not.toContain('PRIVATE KEY');
  });

  it('keeps every secret out of the user data: API token, CA key and Teleport join token come from SSM via the instance role', () => {
    const instance = one('aws:ec2/instance:Instance');
    const userData = String(instance.inputs['userData']);
    const token = one('random:index/randomPassword:RandomPassword');
    const tokenValue = `planned-password-${token.name}`;
    expect(userData).not.toContain(tokenValue);
    expect(userData).not.toContain(TELEPORT_TOKEN);
    expect(userData).not.toContain('PRIVATE KEY');
    expect(userData).toContain('aws ssm get-parameter');
    const params = Object.fromEntries(
      of('aws:ssm/parameter:Parameter')
        .map((p) => [String(p.inputs['name']), secretValue(p.inputs['value'])] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(params).toEqual({
      '/faultline/ada-disk/api-token': tokenValue,
      '/faultline/ada-disk/server-ca-key': expect.stringContaining('PRIVATE KEY'),
      '/faultline/ada-disk/teleport-join-token': TELEPORT_TOKEN,
    });
    // The role may read exactly these parameters.
    const policy = JSON.parse(String(one('aws:iam/rolePolicy:RolePolicy').inputs['policy']));
    policy.Statement[0].Resource.sort();
    expect(policy.Statement).toEqual([
      { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: Object.keys(params).sort().map((n) => `arn:aws:planned:::${n}`) },
    ]);
    expect(instance.inputs['iamInstanceProfile']).toBe(one('aws:iam/instanceProfile:InstanceProfile').name);
  });

  it('opens SSH only to the configured CIDRs', () => {
    const sg = one('aws:ec2/securityGroup:SecurityGroup').inputs;
    const ingress = sg['ingress'] as { fromPort: number; cidrBlocks: string[] }[];
    expect(ingress.find((r) => r.fromPort === 22)?.cidrBlocks).toEqual(['203.0.113.0/24']);
    expect(ingress.flatMap((r) => r.cidrBlocks)).not.toContain('0.0.0.0/0');
  });

  it('puts the subnet in the first availability zone (by name) that offers the instance type', () => {
    expect(one('aws:ec2/subnet:Subnet').inputs['availabilityZone']).toBe('planned-az-a');
  });

  it('tags every taggable AWS resource (the network interface and volume included) with the faultline tags', () => {
    const awsResources = seen.filter((r) => r.type.startsWith('aws:') && !UNTAGGABLE.has(r.type));
    expect(awsResources.length).toBeGreaterThanOrEqual(12);
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

  it('verifies the cluster with the CA in the kubeconfig, never skipping TLS verification', async () => {
    const { value, secret } = await unwrap(outputs['kubeconfig'] as pulumi.Output<string>);
    expect(secret).toBe(true);
    const doc = parse(value);
    const cluster = doc.clusters[0].cluster;
    expect(cluster.server).toBe('https://192.0.2.10:6443');
    expect(Buffer.from(cluster['certificate-authority-data'], 'base64').toString()).toContain('BEGIN CERTIFICATE');
    expect(value).not.toContain('insecure-skip-tls-verify');
    expect(JSON.stringify(seen)).not.toContain('insecure-skip-tls-verify');
  });

  it('puts tokens only into secret outputs, and records the expiry as a plain output', async () => {
    const token = `planned-password-${one('random:index/randomPassword:RandomPassword').name}`;
    for (const [key, value] of Object.entries(outputs)) {
      const { value: v, secret } = await unwrap(value as pulumi.Input<unknown>);
      if (JSON.stringify(v ?? '').includes(TELEPORT_TOKEN) || JSON.stringify(v ?? '').includes(token)) {
        expect(secret, `output ${key} carries a token`).toBe(true);
      }
    }
    expect((await unwrap(outputs['publicIp'] as pulumi.Output<string>)).secret).toBe(false);
    expect(outputs['expiresAt']).toBe('2026-01-01T04:00:00.000Z');
  });

  it("serves the orders Ingress with k3s' Traefik and lets Pulumi wait for its status (Traefik publishes one)", () => {
    const ingress = one('kubernetes:networking.k8s.io/v1:Ingress').inputs;
    expect(ingress['spec']['ingressClassName']).toBe('traefik');
    expect(ingress['metadata']['annotations']).toBeUndefined();
  });

  it("makes every in-cluster object deletedWith the instance, and lets the provider drop unreachable objects: destroy works with k3s stopped", () => {
    const instanceUrn = edge(one('aws:ec2/instance:Instance').name).urn;
    const inCluster = edges.filter((e) => e.type.startsWith('kubernetes:'));
    expect(inCluster.length).toBeGreaterThanOrEqual(11);
    for (const e of inCluster) expect(e.deletedWith, e.name).toBe(instanceUrn);
    expect(one('pulumi:providers:kubernetes').inputs['deleteUnreachable']).toBe('true');
    // Nothing on AWS is deleted with anything: destroy removes each of them.
    for (const e of edges.filter((x) => x.type.startsWith('aws:'))) expect(e.deletedWith, e.name).toBe('');
  });
});
