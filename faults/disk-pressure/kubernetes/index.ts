import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import type { KubeClient } from '../../../src/core/kube.js';
import { requireKube } from '../../shared/require-kube.js';
import { verifyResult } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { PATHS } from '../../../src/stack/topology.js';
import { diskPressureK8sParams, resolveDiskPressureK8sParams } from './params.js';
import {
  CONTAINER,
  FULL_MIN,
  POD_SELECTOR_TEXT,
  checkVolumes,
  evictedPods,
  parseDfUsePercent,
  renderCleanScript,
  renderFillScript,
  runningPods,
  type DiskPressureParams,
} from './volume.js';

export type { DiskPressureParams } from './volume.js';

const kubeOf = (ctx: FaultContext): KubeClient => requireKube(ctx, 'disk-pressure (kubernetes)');

async function inEveryPod(kube: KubeClient, script: string) {
  const pods = runningPods(await kube.list('pods', POD_SELECTOR_TEXT));
  return Promise.all(pods.map(async (pod) => ({ pod, result: await kube.exec(pod, CONTAINER, ['sh', '-c', script]) })));
}

async function readVolumes(kube: KubeClient) {
  const runs = await inEveryPod(kube, `df -P ${PATHS.appData}`);
  return runs.map(({ pod, result }) => ({ pod, usePercent: parseDfUsePercent(result.stdout), dfOutput: result.stdout || result.stderr }));
}

/** The orders data volume (size-limited emptyDir) is filled by a ballast file: writes fail with ENOSPC. */
export const diskPressureK8s: FaultImplementation<DiskPressureParams> = {
  params: diskPressureK8sParams,
  resolveParams: resolveDiskPressureK8sParams,

  async inject(ctx, params) {
    const runs = await inEveryPod(kubeOf(ctx), renderFillScript(params));
    if (runs.length === 0) throw new FaultlineError('FAULT_FAILED', 'disk-pressure (kubernetes): no running orders pod to fill');
    ctx.log('disk-pressure (kubernetes): data volumes filled', { pods: runs.map((r) => r.pod), file: params.file });
  },

  async symptom(ctx) {
    const kube = kubeOf(ctx);
    const readings = await readVolumes(kube);
    const evicted = evictedPods(await kube.list('pods', POD_SELECTOR_TEXT));
    const full = readings.filter((r) => (r.usePercent ?? 0) >= FULL_MIN);
    return {
      observed: full.length > 0 || evicted.length > 0,
      evidence: [
        ...readings.map((r) => `${r.pod}: ${r.usePercent ?? '?'}% used on ${PATHS.appData}`),
        `evicted pods: ${evicted.join(', ') || 'none'}`,
      ].join('\n'),
    };
  },

  async verify(ctx) {
    return verifyResult(checkVolumes(await readVolumes(kubeOf(ctx))));
  },

  async solve(ctx, params) {
    await inEveryPod(kubeOf(ctx), renderCleanScript(params));
  },

  async revert(ctx, params) {
    await inEveryPod(kubeOf(ctx), renderCleanScript(params));
  },

  wrongFixes: [
    {
      id: 'truncate-journal',
      description: 'Truncate the orders journal "to free space": customer data is gone and the ballast still fills the volume.',
      async apply(ctx) {
        await inEveryPod(kubeOf(ctx), `: > ${PATHS.appData}/orders.jsonl`);
      },
    },
  ],
};
