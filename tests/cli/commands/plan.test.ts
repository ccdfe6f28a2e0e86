import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../support/faultline-cli.js';
import { listScenarioIds, loadScenario } from '../../../src/schema/load-scenario.js';
import { createCloudHost, writeLocalOnlyScenario } from './cloud-cli.js';

const cloudFaultScenarios = (await Promise.all((await listScenarioIds()).map((id) => loadScenario(id)))).filter(
  (s) => s.faults.length > 0 && s.targets.includes('aws') && s.targets.includes('kubernetes'),
);

interface Row {
  type: string;
  name: string;
  details: Record<string, string>;
  tags?: Record<string, string>;
}

let host: Awaited<ReturnType<typeof createCloudHost>>;
beforeAll(async () => {
  host = await createCloudHost();
});
afterAll(async () => {
  await rm(host.root, { recursive: true, force: true });
});

describe('faultline plan', () => {
  it('lists the VPC, subnet, security group and an IMDSv2-only instance for aws, every AWS resource tagged', async () => {
    const result = await host.run(['plan', 'baseline', '--target', 'aws', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = parseJson<{ version: number; target: string; resources: Row[] }>(result);
    expect(doc).toMatchObject({ version: 1, target: 'aws' });
    const byType = (type: string) => doc.resources.filter((r) => r.type === type);
    for (const type of ['aws:ec2/vpc:Vpc', 'aws:ec2/subnet:Subnet', 'aws:ec2/securityGroup:SecurityGroup', 'aws:ec2/instance:Instance']) {
      expect(byType(type), type).toHaveLength(1);
    }
    const instance = byType('aws:ec2/instance:Instance')[0]!;
    expect(instance.details).toMatchObject({ imds: 'httpTokens=required hopLimit=1', userData: '[cloud-config, no secrets]' });
    expect(instance.details['rootVolume']).toContain('encrypted=true');
    const untaggable = new Set(['aws:ec2/routeTableAssociation:RouteTableAssociation', 'aws:ec2/eipAssociation:EipAssociation']);
    const tagged = doc.resources.filter((r) => r.type.startsWith('aws:ec2/') && !untaggable.has(r.type));
    for (const r of tagged) {
      expect(r.tags, r.type).toMatchObject({ 'faultline:env': 'plan', 'faultline:scenario': 'baseline', 'faultline:candidate': 'candidate' });
      expect(Date.parse(r.tags?.['faultline:expires-at'] ?? ''), r.type).toBeGreaterThan(Date.now());
    }
    // No allowedCidrs configured: nothing may reach the node.
    expect(byType('aws:ec2/securityGroup:SecurityGroup')[0]?.details['ingress']).toBe('none');
  });

  it('prints the kubernetes plan as a table: namespace, app, store, Helm releases and the mon toolbox pod, nothing on AWS', async () => {
    const result = await host.run(['plan', 'baseline', '--target', 'kubernetes']);
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^TYPE\s+NAME\s+DETAILS$/);
    expect(result.stdout).toMatch(/kubernetes:core\/v1:Namespace\s+plan-ns\s+kind=Namespace, name=fl-plan/);
    expect(result.stdout).toMatch(/kubernetes:apps\/v1:Deployment\s+plan-orders-deployment\s+.*replicas=2/);
    expect(result.stdout).toMatch(/kubernetes:helm\.sh\/v3:Release\s+plan-obs-kps\s+release=kps-[0-9a-f]{8}, chart=kube-prometheus-stack@/);
    expect(result.stdout).toMatch(/kubernetes:core\/v1:Pod\s+faultline-mon\s+.*name=fl-plan\/faultline-mon/);
    expect(result.stdout).not.toContain('aws:');
    const count = lines.filter((l) => /^(kubernetes|faultline|pulumi):/.test(l)).length;
    expect(result.stdout.trimEnd().endsWith(`${count} resources`)).toBe(true);
  });

  it('opens the security group only to the CIDRs of config.yaml', async () => {
    const other = await createCloudHost();
    try {
      await mkdir(other.home, { recursive: true });
      await writeFile(join(other.home, 'config.yaml'), 'aws:\n  region: eu-central-1\n  allowedCidrs: [203.0.113.0/24]\n');
      const result = await other.run(['plan', 'baseline', '--target', 'aws', '--json']);
      expect(result.exitCode, result.stderr).toBe(0);
      const sg = parseJson<{ resources: Row[] }>(result).resources.find((r) => r.type === 'aws:ec2/securityGroup:SecurityGroup');
      expect(sg?.details['ingress']).toBe('22/tcp from 203.0.113.0/24; 6443/tcp from 203.0.113.0/24; 443/tcp from 203.0.113.0/24');
    } finally {
      await rm(other.root, { recursive: true, force: true });
    }
  });

  // Every fault scenario that offers the cloud targets (tests/targets/pulumi/cloud-scenarios.test.ts says which must).
  for (const { id } of cloudFaultScenarios) {
    for (const target of ['aws', 'kubernetes']) {
      it(`plans the fault scenario ${id} on ${target} offline`, async () => {
        const result = await host.run(['plan', id, '--target', target, '--json']);
        expect(result.exitCode, result.stderr).toBe(0);
        const doc = parseJson<{ scenario: string; target: string; resources: Row[] }>(result);
        expect(doc).toMatchObject({ scenario: id, target });
        expect(doc.resources.some((r) => r.type === 'kubernetes:apps/v1:Deployment')).toBe(true);
      });
    }
  }

  it('refuses a scenario that does not list the target, with exit 25', async () => {
    const result = await host.run(['plan', await writeLocalOnlyScenario(host.root), '--target', 'aws', '--json']);
    expect(result.exitCode).toBe(25);
    expect(parseJson(result)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_TARGET' } });
  });

  it('refuses a missing or local target as a usage error', async () => {
    expect((await host.run(['plan', 'baseline'])).exitCode).toBe(2);
    expect((await host.run(['plan', 'baseline', '--target', 'local'])).exitCode).toBe(2);
  });
});
