import { beforeAll, describe, expect, it } from 'vitest';
import type { InfraConfig } from '../../infra/config.js';
import { clusterObjectsOf } from '../../infra/manifests/cluster-objects.js';
import { renderHelmReleases } from '../../infra/manifests/helm-releases.js';
import type { RegistrationEdges } from '../../src/targets/pulumi/plan-mocks.js';
import { STACK_INPUTS, awsConfig } from './fixtures.js';
import { installMocksWithEdges, settle, type Seen } from './mock-runtime.js';

/** Two environments of two candidates on the same cluster (same kubeconfig context), as two stacks would create them. */
const envA = awsConfig({ target: 'kubernetes', aws: undefined, kubernetes: { context: 'shared' }, env: { id: 'env-1a2b3c', scenario: 'disk-pressure', candidate: 'ada', expiresAt: '2026-01-01T04:00:00.000Z' } });
const envB = awsConfig({ target: 'kubernetes', aws: undefined, kubernetes: { context: 'shared' }, env: { id: 'env-4d5e6f', scenario: 'misrouted-service', candidate: 'bob', expiresAt: '2026-01-01T04:00:00.000Z' } });

let seen: Seen[];
let edges: RegistrationEdges[];

beforeAll(async () => {
  ({ seen, edges } = await installMocksWithEdges());
  const { kubernetesProgram } = await import('../../infra/programs/kubernetes.js');
  await kubernetesProgram(envA, STACK_INPUTS)();
  await kubernetesProgram(envB, STACK_INPUTS)();
  await settle(seen);
  await settle(edges);
});

const releasesOf = (config: InfraConfig) => renderHelmReleases(config.env, config.sources);
const duplicates = (items: readonly string[]) => items.filter((x, i) => items.indexOf(x) !== i);

describe('two environments on one cluster', () => {
  it('register no resource twice (every URN is distinct)', () => {
    expect(edges.length).toBeGreaterThan(30);
    expect(duplicates(edges.map((e) => e.urn))).toEqual([]);
  });

  it('use distinct Helm release names', () => {
    const names = seen.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release').map((r) => String(r.inputs['name']));
    expect(names).toHaveLength(6);
    expect(duplicates(names)).toEqual([]);
    expect(names.every((n) => /^(kps|loki|alloy)-[0-9a-f]{8}$/.test(n))).toBe(true);
  });

  it('create no cluster-scoped (or kube-system) object under the same name: ours and the charts\'', () => {
    const ours = seen
      .filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'kubernetes:helm.sh/v3:Release')
      .filter((r) => r.inputs['metadata']?.['namespace'] === undefined)
      .map((r) => `${r.type}/${r.inputs['metadata']?.['name']}`);
    expect(ours).toEqual(['kubernetes:core/v1:Namespace/fl-env-1a2b3c', 'kubernetes:core/v1:Namespace/fl-env-4d5e6f']);
    const charts = [envA, envB].flatMap((config) => releasesOf(config).flatMap(clusterObjectsOf)).map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`);
    expect(charts.length).toBeGreaterThan(40);
    expect(duplicates([...ours, ...charts])).toEqual([]);
  });

  it('would collide with the fixed release names of before (the model catches it)', () => {
    const fixed = (config: InfraConfig) =>
      releasesOf(config).map((spec) => ({ ...spec, name: spec.key, values: { ...spec.values, fullnameOverride: undefined } }));
    const names = [envA, envB].flatMap((c) => fixed(c).flatMap(clusterObjectsOf)).map((o) => `${o.kind}/${o.name}`);
    expect(duplicates(names).length).toBeGreaterThan(10);
  });

  it('bind no host port: node-exporter stays off the host network, and no manifest asks for hostPort/hostNetwork', () => {
    for (const config of [envA, envB]) {
      const kps = releasesOf(config).find((r) => r.key === 'kps')!;
      const exporter = kps.values['prometheus-node-exporter'] as { hostNetwork?: boolean; kubeRBACProxy?: { enableHostPort?: boolean } };
      expect(exporter.hostNetwork).toBe(false);
      expect(exporter.kubeRBACProxy?.enableHostPort ?? false).toBe(false);
    }
    const text = JSON.stringify(seen.map((r) => r.inputs));
    expect(text).not.toMatch(/"hostPort"|"hostNetwork":true/);
  });

  it("scope each Prometheus operator, its webhooks and its rule/monitor selection to the environment's own namespace", () => {
    for (const config of [envA, envB]) {
      const ns = `fl-${config.env.id}`;
      const kps = releasesOf(config).find((r) => r.key === 'kps')!.values as Record<string, any>;
      expect(kps['prometheusOperator']['namespaces']).toEqual({ releaseNamespace: true, additional: [] });
      const only = { matchLabels: { 'kubernetes.io/metadata.name': ns } };
      expect(kps['prometheusOperator']['admissionWebhooks']['namespaceSelector']).toEqual(only);
      for (const key of ['ruleNamespaceSelector', 'serviceMonitorNamespaceSelector', 'podMonitorNamespaceSelector']) {
        expect(kps['prometheus']['prometheusSpec'][key], key).toEqual(only);
      }
      const alloy = releasesOf(config).find((r) => r.key === 'alloy')!.values as Record<string, any>;
      expect(alloy['rbac']['namespaces']).toEqual([ns]);
      expect(alloy['alloy']['configMap']['content']).toContain(`names = ["${ns}"]`);
    }
  });
});
