import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/core/kube.js';
import { createRng } from '../../../src/core/rng.js';
import { diskPressureK8s } from '../../../faults/disk-pressure/kubernetes/index.js';
import { checkVolumes, evictedPods, parseDfUsePercent, renderCleanScript, renderFillScript, runningPods } from '../../../faults/disk-pressure/kubernetes/volume.js';
import { renderOrdersDeployment } from '../../../infra/manifests/orders.js';
import { awsConfig } from '../../infra/fixtures.js';
import { getFault } from '../../../faults/registry.js';
import { fakeCluster, kubeContext } from './fake-cluster.js';

const text = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const pods: KubeObject[] = JSON.parse(await text('pods-orders.json')).items;

describe('disk-pressure-k8s', () => {
  it('is a kubernetes fault with a seeded ballast name', () => {
    expect(getFault('disk-pressure').implementations.kubernetes).toBe(diskPressureK8s);
    expect(diskPressureK8s.resolveParams({}, createRng(3))).toEqual(diskPressureK8s.resolveParams({}, createRng(3)));
  });

  it('fills the data dir that the deployment mounts from a size-limited memory emptyDir', () => {
    const deployment = renderOrdersDeployment(awsConfig().env, 'node:18-alpine') as any;
    const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === 'orders-data');
    expect(volume.emptyDir).toEqual({ medium: 'Memory', sizeLimit: '64Mi' });
    const mount = deployment.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === 'orders-data');
    expect(renderFillScript({ file: '.cache/compaction.tmp' })).toContain(`of='${mount.mountPath}/.cache/compaction.tmp'`);
    expect(renderCleanScript({ file: '.cache/compaction.tmp' })).toBe(`rm -f '${mount.mountPath}/.cache/compaction.tmp'`);
  });

  it('reads Use% from recorded df output', async () => {
    expect(parseDfUsePercent(await text('df-full.txt'))).toBe(100);
    expect(parseDfUsePercent(await text('df-healthy.txt'))).toBe(1);
    expect(parseDfUsePercent('sh: df: not found')).toBeUndefined();
  });

  it('tells running pods from evicted ones', () => {
    expect(runningPods(pods)).toHaveLength(2);
    expect(evictedPods(pods)).toEqual(['orders-7d9c6b5f8d-q8z2m']);
  });

  it('verifies per pod, failing on a full volume and on an unreadable one', async () => {
    const full = await text('df-full.txt');
    const ok = await text('df-healthy.txt');
    const criteria = checkVolumes([
      { pod: 'a', usePercent: parseDfUsePercent(ok), dfOutput: ok },
      { pod: 'b', usePercent: parseDfUsePercent(full), dfOutput: full },
      { pod: 'c', usePercent: undefined, dfOutput: 'error: container not found' },
    ]);
    expect(criteria.map((c) => c.passed)).toEqual([true, false, false]);
    expect(criteria[1]!.evidence).toContain('100%');
    expect(checkVolumes([])[0]!.passed).toBe(false);
  });

  it('on a fake cluster: inject fills, the wrong fix (truncate the journal) leaves the ballast and fails verify, solve passes', async () => {
    const [full, healthy] = [await text('df-full.txt'), await text('df-healthy.txt')];
    let ballast = false;
    const cluster = fakeCluster(pods.map((object) => ({ kind: 'pods', object })), (_pod, script) => {
      if (script.startsWith('mkdir -p') && script.includes(' dd ')) ballast = true;
      if (script.startsWith('rm -f')) ballast = false;
      return script.startsWith('df -P') ? (ballast ? full : healthy) : '';
    });
    const ctx = kubeContext(cluster.kube);
    const params = diskPressureK8s.resolveParams({}, createRng(3));
    await diskPressureK8s.inject(ctx, params);
    expect((await diskPressureK8s.verify(ctx, params)).passed).toBe(false);
    for (const wrong of diskPressureK8s.wrongFixes) {
      await wrong.apply(ctx, params);
      expect((await diskPressureK8s.verify(ctx, params)).passed, wrong.id).toBe(false);
    }
    expect(cluster.execs.some((e) => e.script.includes('orders.jsonl'))).toBe(true);
    await diskPressureK8s.solve(ctx, params);
    expect((await diskPressureK8s.verify(ctx, params)).passed).toBe(true);
  });
});
