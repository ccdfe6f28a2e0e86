import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import type { KubeClient } from '../../../src/core/kube.js';
import { requireKube } from '../../shared/require-kube.js';
import { verifyResult } from '../../../src/core/evidence.js';
import { misroutedServiceK8sParams, resolveMisroutedServiceK8sParams } from './params.js';
import {
  POD_SELECTOR_TEXT,
  SERVICE,
  checkServiceRouting,
  renderMisroutePatch,
  renderRestorePatch,
  type MisrouteParams,
} from './service-routing.js';

export type { MisrouteParams } from './service-routing.js';

const kubeOf = (ctx: FaultContext): KubeClient => requireKube(ctx, 'misrouted-service (kubernetes)');

async function observe(kube: KubeClient) {
  const [service, endpoints, pods] = await Promise.all([kube.get('service', SERVICE), kube.get('endpoints', SERVICE), kube.list('pods', POD_SELECTOR_TEXT)]);
  return checkServiceRouting(service, endpoints, pods);
}

/** The orders Service selects no pods (label typo) or sends traffic to the wrong targetPort: ingress answers 502/503. */
export const misroutedServiceK8s: FaultImplementation<MisrouteParams> = {
  params: misroutedServiceK8sParams,
  resolveParams: resolveMisroutedServiceK8sParams,

  async inject(ctx, params) {
    await kubeOf(ctx).patch('service', SERVICE, renderMisroutePatch(params), 'json');
    ctx.log(`misrouted-service (kubernetes): ${params.variant} injected`, { ...params });
  },

  async symptom(ctx) {
    const criteria = await observe(kubeOf(ctx));
    return { observed: criteria.some((c) => !c.passed), evidence: criteria.map((c) => `${c.passed ? 'ok ' : 'BAD'} ${c.name}: ${c.evidence}`).join('\n') };
  },

  async verify(ctx) {
    return verifyResult(await observe(kubeOf(ctx)));
  },

  async solve(ctx) {
    await kubeOf(ctx).patch('service', SERVICE, renderRestorePatch(), 'json');
  },

  async revert(ctx) {
    await kubeOf(ctx).patch('service', SERVICE, renderRestorePatch(), 'json');
  },

  wrongFixes: [
    {
      id: 'rollout-restart',
      description: 'Restart the orders pods (`kubectl rollout restart deployment orders`): the pods come back healthy, the Service still selects none of them or the wrong port.',
      async apply(ctx) {
        await kubeOf(ctx).run(['rollout', 'restart', `deployment/${SERVICE}`]);
      },
    },
  ],
};
