import type { Criterion } from '../../../src/core/evidence.js';
import type { KubeObject } from '../../../src/core/kube.js';
import { ORDERS_METRICS, alertRuleGroups } from '../../../src/stack/render/alert-rules.js';

/** The PrometheusRule and alert this fault breaks (mirrors infra/manifests/names.ts). */
export const RULE = 'orders-alerts';
export const ALERT = 'OrdersHighErrorRate';

export type BadRuleVariant = 'metric-typo' | 'label-typo' | 'inverted';

export interface BadAlertRuleParams {
  readonly variant: BadRuleVariant;
}

interface RuleSpec { groups?: { name: string; rules: { alert?: string; expr: string; for?: string }[] }[] }

/** The healthy expression, from the shared alert rules. */
export function healthyExpr(): string {
  const rule = alertRuleGroups().flatMap((g) => g.rules).find((r) => r.alert === ALERT);
  if (rule === undefined) throw new Error(`${ALERT} is not in alertRuleGroups()`);
  return rule.expr;
}

/** The broken expression for a variant (a plausible human typo). */
export function breakExpr(expr: string, variant: BadRuleVariant): string {
  switch (variant) {
    case 'metric-typo':
      return expr.replaceAll(ORDERS_METRICS.requests, ORDERS_METRICS.requests.replace('requests', 'request'));
    case 'label-typo':
      return expr.replaceAll('job="orders"', 'job="order"');
    case 'inverted':
      return expr.replace(/>\s*0\.05\s*$/, '< 0.05');
  }
}

/** JSON pointer to the alert's expr inside the PrometheusRule; undefined when the alert is gone. */
export function findExprPath(rule: KubeObject): { path: string; expr: string } | undefined {
  const groups = ((rule['spec'] as RuleSpec | undefined)?.groups ?? []);
  for (const [g, group] of groups.entries()) {
    for (const [r, item] of group.rules.entries()) {
      if (item.alert === ALERT) return { path: `/spec/groups/${g}/rules/${r}/expr`, expr: item.expr };
    }
  }
  return undefined;
}

/** JSON patch setting the alert's expr (test op first so a concurrent edit fails loudly). */
export function renderExprPatch(rule: KubeObject, expr: string) {
  const found = findExprPath(rule);
  if (found === undefined) return undefined;
  return [
    { op: 'test', path: found.path, value: found.expr },
    { op: 'replace', path: found.path, value: expr },
  ];
}

/** Criteria for a fixed rule: present, and its expression matches the healthy one (whitespace aside). */
export function checkRule(rule: KubeObject | undefined): Criterion[] {
  const found = rule === undefined ? undefined : findExprPath(rule);
  if (found === undefined) {
    return [{ name: `${ALERT} exists in PrometheusRule ${RULE}`, passed: false, evidence: rule === undefined ? 'PrometheusRule not found' : `${ALERT} not in spec.groups` }];
  }
  const norm = (s: string) => s.replace(/\s+/g, '');
  const expected = healthyExpr();
  return [
    { name: `${ALERT} exists in PrometheusRule ${RULE}`, passed: true, evidence: `found at ${found.path}` },
    {
      name: `${ALERT} measures ${ORDERS_METRICS.requests} of job="orders" and fires above 5% errors`,
      passed: norm(found.expr) === norm(expected),
      evidence: `expr: ${found.expr}\nexpected: ${expected}`,
    },
  ];
}
