import type { FaultContext, FaultImplementation } from '../../../src/core/fault.js';
import type { KubeClient } from '../../../src/core/kube.js';
import { requireKube } from '../../shared/require-kube.js';
import { verifyResult } from '../../../src/core/evidence.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { badAlertRuleK8sParams, resolveBadAlertRuleK8sParams } from './params.js';
import { ALERT, RULE, breakExpr, checkRule, findExprPath, healthyExpr, renderExprPatch, type BadAlertRuleParams } from './rule-patch.js';

export type { BadAlertRuleParams } from './rule-patch.js';

const KIND = 'prometheusrules.monitoring.coreos.com';

const kubeOf = (ctx: FaultContext): KubeClient => requireKube(ctx, 'bad-alert-rule (kubernetes)');

async function setExpr(kube: KubeClient, expr: (current: string) => string): Promise<void> {
  const rule = await kube.get(KIND, RULE);
  const found = rule === undefined ? undefined : findExprPath(rule);
  if (rule === undefined || found === undefined) throw new FaultlineError('FAULT_FAILED', `PrometheusRule ${RULE} has no ${ALERT}`);
  const next = expr(found.expr);
  if (next === found.expr) return;
  await kube.patch(KIND, RULE, renderExprPatch(rule, next), 'json');
}

/** The PrometheusRule for the orders error rate has a typo or inverted comparison, so a real outage pages nobody. */
export const badAlertRuleK8s: FaultImplementation<BadAlertRuleParams> = {
  params: badAlertRuleK8sParams,
  resolveParams: resolveBadAlertRuleK8sParams,

  async inject(ctx, params) {
    await setExpr(kubeOf(ctx), () => breakExpr(healthyExpr(), params.variant));
    ctx.log(`bad-alert-rule (kubernetes): ${params.variant} injected`);
  },

  async symptom(ctx) {
    const criteria = checkRule(await kubeOf(ctx).get(KIND, RULE));
    return { observed: criteria.some((c) => !c.passed), evidence: criteria.map((c) => c.evidence).join('\n') };
  },

  async verify(ctx) {
    return verifyResult(checkRule(await kubeOf(ctx).get(KIND, RULE)));
  },

  async solve(ctx) {
    await setExpr(kubeOf(ctx), () => healthyExpr());
  },

  async revert(ctx) {
    await setExpr(kubeOf(ctx), () => healthyExpr());
  },

  wrongFixes: [
    {
      id: 'drop-for',
      description: 'Set `for: 0s` on the alert "so it fires sooner": the expression still measures the wrong thing.',
      async apply(ctx) {
        const kube = kubeOf(ctx);
        const rule = await kube.get(KIND, RULE);
        const found = rule === undefined ? undefined : findExprPath(rule);
        if (found === undefined) throw new FaultlineError('FAULT_FAILED', `PrometheusRule ${RULE} has no ${ALERT}`);
        await kube.patch(KIND, RULE, [{ op: 'add', path: found.path.replace(/\/expr$/, '/for'), value: '0s' }], 'json');
      },
    },
  ],
};
