import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/core/kube.js';
import { createRng } from '../../../src/core/rng.js';
import { APP_SELECTOR, K8S_NAMES } from '../../../infra/manifests/names.js';
import { misroutedServiceK8s } from '../../../faults/misrouted-service/kubernetes/index.js';
import {
  CONTAINER_PORT,
  CONTAINER_PORT_NAME,
  POD_SELECTOR,
  SERVICE,
  checkServiceRouting,
  renderMisroutePatch,
  renderRestorePatch,
} from '../../../faults/misrouted-service/kubernetes/service-routing.js';
import { getFault } from '../../../faults/registry.js';
import { fakeCluster, kubeContext } from './fake-cluster.js';
import { applyJsonPatch } from './json-patch.js';

const load = async (name: string) => JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const service: KubeObject = await load('service-orders.json');
const endpoints: KubeObject = await load('endpoints-orders.json');
const empty: KubeObject = await load('endpoints-orders-empty.json');
const pods: KubeObject[] = (await load('pods-orders.json')).items;

describe('misrouted-service-k8s', () => {
  it('uses the names the kubernetes program renders', () => {
    expect(SERVICE).toBe(K8S_NAMES.app);
    expect(POD_SELECTOR).toEqual(APP_SELECTOR);
    expect(CONTAINER_PORT).toBe(K8S_NAMES.appPort);
  });

  it('is a kubernetes fault with seeded params', () => {
    expect(getFault('misrouted-service').implementations.kubernetes).toBe(misroutedServiceK8s);
    const a = misroutedServiceK8s.resolveParams({}, createRng(7));
    expect(misroutedServiceK8s.resolveParams({}, createRng(7))).toEqual(a);
    expect(misroutedServiceK8s.resolveParams({ variant: 'selector' }, createRng(7)).variant).toBe('selector');
  });

  it('passes verify on the healthy recorded objects', () => {
    expect(checkServiceRouting(service, endpoints, pods).every((c) => c.passed)).toBe(true);
  });

  it('breaks the selector so no pod matches and the Endpoints are empty', () => {
    const broken = applyJsonPatch(service, renderMisroutePatch({ variant: 'selector', wrongLabel: 'order', wrongPort: 8081 }));
    const criteria = checkServiceRouting(broken, empty, pods);
    expect(criteria.map((c) => c.passed)).toEqual([false, true, false]);
    expect(criteria[0]!.evidence).toContain('"order"');
  });

  it('breaks the targetPort while endpoints still list pods', () => {
    const broken = applyJsonPatch(service, renderMisroutePatch({ variant: 'target-port', wrongLabel: 'order', wrongPort: 8081 }));
    const brokenEndpoints = JSON.parse(JSON.stringify(endpoints).replaceAll('8080', '8081'));
    expect(checkServiceRouting(broken, brokenEndpoints, pods).map((c) => c.passed)).toEqual([true, false, false]);
  });

  it('restores the selector and the named targetPort', () => {
    const broken = applyJsonPatch(service, renderMisroutePatch({ variant: 'target-port', wrongLabel: 'x', wrongPort: 3000 }));
    const fixed = applyJsonPatch(broken, renderRestorePatch());
    expect((fixed['spec'] as { ports: { targetPort: unknown }[] }).ports[0]!.targetPort).toBe(CONTAINER_PORT_NAME);
    expect(checkServiceRouting(fixed, endpoints, pods).every((c) => c.passed)).toBe(true);
  });

  it('fails verify when the Service is gone', () => {
    expect(checkServiceRouting(undefined, undefined, pods)[0]!.passed).toBe(false);
  });

  it('on a fake cluster: the wrong fix (rollout restart) leaves the selector broken and verify failing', async () => {
    const cluster = fakeCluster([
      { kind: 'service', object: service },
      { kind: 'endpoints', object: empty },
      ...pods.map((object) => ({ kind: 'pods', object })),
    ]);
    const ctx = kubeContext(cluster.kube);
    const params = misroutedServiceK8s.resolveParams({ variant: 'selector' }, createRng(2));
    await misroutedServiceK8s.inject(ctx, params);
    for (const wrong of misroutedServiceK8s.wrongFixes) {
      await wrong.apply(ctx, params);
      expect((await misroutedServiceK8s.verify(ctx, params)).passed, wrong.id).toBe(false);
    }
    expect(cluster.runs).toContainEqual(['rollout', 'restart', `deployment/${SERVICE}`]);
  });
});
