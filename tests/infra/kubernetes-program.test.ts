import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_INPUTS, awsConfig } from './fixtures.js';
import type { RegistrationEdges } from '../../src/targets/pulumi/plan-mocks.js';
import { installMocksWithEdges, settle, type Seen } from './mock-runtime.js';

let seen: Seen[];
let edges: RegistrationEdges[];

beforeAll(async () => {
  ({ seen, edges } = await installMocksWithEdges());
  const { kubernetesProgram } = await import('../../infra/programs/kubernetes.js');
  const config = awsConfig({ target: 'kubernetes', aws: undefined, kubernetes: { context: 'kind-dev', ingressClassName: 'nginx' } });
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
    expect(releases.map((r) => r.inputs['chart']).sort()).toEqual(['alloy', 'kube-prometheus-stack', 'loki']);
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

describe('the orders Ingress on an existing cluster', () => {
  it('uses the configured IngressClass and tells Pulumi not to wait for a load-balancer status', () => {
    const ingress = seen.find((r) => r.type === 'kubernetes:networking.k8s.io/v1:Ingress')!.inputs;
    expect(ingress['spec']['ingressClassName']).toBe('nginx');
    expect(ingress['metadata']['annotations']).toEqual({ 'pulumi.com/skipAwait': 'true' });
  });

  it('is deleted through the API as usual (no deletedWith: the cluster outlives the environment)', () => {
    const objects = edges.filter((e) => e.type.startsWith('kubernetes:'));
    expect(objects.length).toBeGreaterThanOrEqual(11);
    for (const e of objects) expect(e.deletedWith, e.name).toBe('');
  });
});
