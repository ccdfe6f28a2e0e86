import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEPORT_OPENSSH_PATHS } from '../../infra/render/teleport-openssh.js';
import { PLANNED_IP } from '../../src/targets/pulumi/plan-mocks.js';
import { createTestSshCa, type TestSshCa } from '../support/test-ssh-ca.js';
import { STACK_INPUTS, awsConfig } from './fixtures.js';
import type { RegistrationEdges } from '../../src/targets/pulumi/plan-mocks.js';
import { installMocksWithEdges, settle, type Seen } from './mock-runtime.js';

/**
 * The aws program in Teleport agentless mode, under Pulumi mocks: the host
 * certificate is signed (by a test CA standing in for Teleport's host CA)
 * for the Elastic IP the mocks allocate, stored in SSM as SecureStrings the
 * instance role may read, and never put into the user data.
 */
let seen: Seen[];
let edges: RegistrationEdges[];
let dir: string;
let ca: TestSshCa;
const signed: { ip: string; privateKey: string; certificate: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-aws-agentless-program-'));
  ca = await createTestSshCa(join(dir, 'ca'));
  ({ seen, edges } = await installMocksWithEdges());
  const { awsProgram } = await import('../../infra/programs/aws.js');
  const config = awsConfig({ teleportAgentless: { login: 'ada.lovelace', userCaKeys: `${ca.userCa.publicKey}\n`, proxyCidrs: ['198.51.100.7/32'] } });
  await awsProgram(config, STACK_INPUTS, {
    async signTeleportHostCert(ip) {
      const out = join(dir, `host-${signed.length}`);
      await ca.hostCert(out, ['3f2b8c1e-9d4a-4c7b-8e5f-1a2b3c4d5e6f', 'env-ada-disk', ip]);
      const cert = { ip, privateKey: await readFile(out, 'utf8'), certificate: await readFile(`${out}-cert.pub`, 'utf8') };
      signed.push(cert);
      return cert;
    },
  })();
  await settle(seen);
  await settle(edges);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const of = (type: string) => seen.filter((r) => r.type === type);
const one = (type: string) => {
  const found = of(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const secretValue = (v: unknown): unknown => {
  expect((v as Record<string, unknown>)[SECRET_SIG], 'sent as a Pulumi secret').toBe('1b47061264138c4ac30d75fd1eb44270');
  return (v as { value: unknown }).value;
};
const param = (name: string) => of('aws:ssm/parameter:Parameter').find((p) => p.inputs['name'] === `/faultline/ada-disk/${name}`);

describe('the aws program, Teleport agentless mode', () => {
  it('signs the host certificate once, for the node’s Elastic IP', () => {
    expect(signed.map((s) => s.ip)).toEqual([PLANNED_IP]);
  });

  it('stores the host key and certificate as SecureString secrets, and the instance role may read them', () => {
    const key = param('teleport-host-key');
    const cert = param('teleport-host-cert');
    expect(key?.inputs['type']).toBe('SecureString');
    expect(cert?.inputs['type']).toBe('SecureString');
    expect(secretValue(key!.inputs['value'])).toBe(signed[0]!.privateKey);
    expect(secretValue(cert!.inputs['value'])).toBe(signed[0]!.certificate);
    expect(param('teleport-join-token')).toBeUndefined();
    const policy = JSON.parse(String(one('aws:iam/rolePolicy:RolePolicy').inputs['policy']));
    expect(policy.Statement[0].Resource).toEqual(
      expect.arrayContaining(['arn:aws:planned:::/faultline/ada-disk/teleport-host-key', 'arn:aws:planned:::/faultline/ada-disk/teleport-host-cert']),
    );
  });

  it('keeps the private key and certificate out of the user data; sshd trust and the SSM-reading boot script are in it', () => {
    const text = String(one('aws:ec2/instance:Instance').inputs['userData']);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(signed[0]!.privateKey.split('\n')[1]);
    expect(text).not.toContain(signed[0]!.certificate.split(' ')[1]);
    const doc = parse(text.replace(/^#cloud-config\n/, ''));
    const file = (path: string) => (doc.write_files as { path: string; content: string }[]).find((f) => f.path === path);
    expect(file(TELEPORT_OPENSSH_PATHS.userCa)?.content).toBe(`${ca.userCa.publicKey}\n`);
    expect(file('/etc/ssh/auth_principals/candidate')?.content).toBe('ada.lovelace\n');
    expect(file(TELEPORT_OPENSSH_PATHS.dropIn)?.content).toContain(`HostCertificate ${TELEPORT_OPENSSH_PATHS.hostCert}`);
    expect(file(TELEPORT_OPENSSH_PATHS.dropIn)?.content).toContain(`TrustedUserCAKeys ${TELEPORT_OPENSSH_PATHS.userCa}`);
    expect(file(TELEPORT_OPENSSH_PATHS.script)?.content).toContain("--region 'eu-west-1'");
    expect(file(TELEPORT_OPENSSH_PATHS.script)?.content).toContain("param '/faultline/ada-disk/teleport-host-key'");
    expect(file('/etc/faultline/teleport.yaml.tmpl')).toBeUndefined();
    expect(text).not.toContain('scripts/install.sh');
  });

  it('lets the Teleport proxy reach SSH (22 only), next to the allowed CIDRs', () => {
    const ingress = one('aws:ec2/securityGroup:SecurityGroup').inputs['ingress'] as { fromPort: number; toPort: number; cidrBlocks: string[]; description: string }[];
    const proxy = ingress.filter((r) => r.cidrBlocks.includes('198.51.100.7/32'));
    expect(proxy).toEqual([expect.objectContaining({ fromPort: 22, toPort: 22, cidrBlocks: ['198.51.100.7/32'], description: 'SSH for the Teleport proxy (agentless node)' })]);
    expect(ingress.find((r) => r.fromPort === 6443)?.cidrBlocks).toEqual(['203.0.113.0/24']);
  });

  it('the instance waits for the parameters (through the role policy)', () => {
    const urn = (type: string, name?: string) => edges.find((e) => e.type === type && (name === undefined || e.name === name))!.urn;
    const instance = edges.find((e) => e.type === 'aws:ec2/instance:Instance')!;
    const policy = edges.find((e) => e.type === 'aws:iam/rolePolicy:RolePolicy')!;
    expect(instance.dependencies).toContain(policy.urn);
    for (const name of ['teleport-host-key', 'teleport-host-cert']) {
      expect(policy.dependencies).toContain(urn('aws:ssm/parameter:Parameter', seen.find((r) => r.inputs['name'] === `/faultline/ada-disk/${name}`)!.name));
    }
    expect(of('aws:ssm/parameter:Parameter').map((p) => String(p.inputs['name'])).sort()).toEqual([
      '/faultline/ada-disk/api-token',
      '/faultline/ada-disk/server-ca-key',
      '/faultline/ada-disk/teleport-host-cert',
      '/faultline/ada-disk/teleport-host-key',
    ]);
  });

  it('refuses agentless mode without a signer, and a config without the proxy CIDRs', async () => {
    const { awsProgram } = await import('../../infra/programs/aws.js');
    const teleportAgentless = { login: 'candidate', userCaKeys: `${ca.userCa.publicKey}\n`, proxyCidrs: ['198.51.100.7/32'] };
    await expect(awsProgram(awsConfig({ teleportAgentless }), STACK_INPUTS)()).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(() => awsConfig({ teleportAgentless: { ...teleportAgentless, proxyCidrs: [] } })).toThrow(/teleport.aws.proxyCidrs/);
  });
});
