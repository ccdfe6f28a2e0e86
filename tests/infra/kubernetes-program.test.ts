import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_INPUTS, awsConfig } from './fixtures.js';
import { installMocks, settle, type Seen } from './mock-runtime.js';

let seen: Seen[];

beforeAll(async () => {
  seen = await installMocks();
  const { kubernetesProgram } = await import('../../infra/programs/kubernetes.js');
  const config = awsConfig({ target: 'kubernetes', aws: undefined, kubernetes: { context: 'kind-dev' } });
  await kubernetesProgram(config, STACK_INPUTS)();
  await settle(seen);
});

describe('the kubernetes program', () => {
  it('uses a provider bound to the given context and creates no AWS resource', () => {
    expect(seen.find((r) => r.type === 'pulumi:providers:kubernetes')?.inputs).toMatchObject({ context: 'kind-dev' });
    expect(seen.filter((r) => r.type.startsWith('aws:'))).toEqual([]);
  });

  it('puts every namespaced object in the environment namespace', () => {
    const objects = seen.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'kubernetes:core/v1:Namespace' && r.type !== 'kubernetes:helm.sh/v3:Release');
    expect(objects.length).toBeGreaterThanOrEqual(8);
    for (const r of objects) expect(r.inputs['metadata']?.['namespace'], r.name).toBe('fl-ada-disk');
  });

  it('pins every Helm chart version', () => {
    const releases = seen.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    expect(releases.map((r) => r.inputs['chart']).sort()).toEqual(['kube-prometheus-stack', 'loki', 'promtail']);
    for (const r of releases) expect(r.inputs['version'], r.name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs two replicas of the orders app from the bundle ConfigMap', () => {
    const deployment = seen.find((r) => r.type === 'kubernetes:apps/v1:Deployment')!.inputs;
    expect(deployment['spec']['replicas']).toBe(2);
    const volumes = deployment['spec']['template']['spec']['volumes'] as { configMap?: { name: string } }[];
    expect(volumes.some((v) => v.configMap?.name === 'orders-bundle')).toBe(true);
    expect(seen.find((r) => r.type === 'kubernetes:core/v1:ConfigMap')!.inputs['data']['orders.js']).toBe('// bundle');
  });

  it('labels the namespace with the environment and annotates its expiry', () => {
    const ns = seen.find((r) => r.type === 'kubernetes:core/v1:Namespace')!.inputs['metadata'];
    expect(ns['labels']).toMatchObject({ 'faultline.dev/env': 'ada-disk', 'faultline.dev/candidate': 'ada' });
    expect(ns['annotations']).toMatchObject({ 'faultline.dev/expires-at': '2026-01-01T04:00:00.000Z' });
  });
});
