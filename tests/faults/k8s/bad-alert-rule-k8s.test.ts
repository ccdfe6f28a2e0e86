import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { KubeObject } from '../../../src/core/kube.js';
import { createRng } from '../../../src/core/rng.js';
import { badAlertRuleK8s } from '../../../faults/bad-alert-rule/kubernetes/index.js';
import { ALERT, RULE, breakExpr, checkRule, healthyExpr, renderExprPatch, type BadRuleVariant } from '../../../faults/bad-alert-rule/kubernetes/rule-patch.js';
import { K8S_NAMES } from '../../../infra/manifests/names.js';
import { renderPrometheusRule } from '../../../infra/manifests/monitoring.js';
import { alertRuleGroups } from '../../../src/stack/render/alert-rules.js';
import { checkRulesWithPromtool } from '../../../src/stack/promtool.js';
import { awsConfig } from '../../infra/fixtures.js';
import { getFault } from '../../../faults/registry.js';
import { fakeCluster, kubeContext } from './fake-cluster.js';
import { applyJsonPatch } from './json-patch.js';

/** As kubectl returns it: the rendered object plus server fields. */
const recorded = {
  ...renderPrometheusRule(awsConfig().env, alertRuleGroups()),
  metadata: { name: RULE, namespace: 'fl-ada-disk', resourceVersion: '51002', generation: 1 },
} as KubeObject;
const VARIANTS: BadRuleVariant[] = ['metric-typo', 'label-typo', 'inverted'];

describe('bad-alert-rule-k8s', () => {
  it('targets the rule the kubernetes program creates', () => {
    expect(RULE).toBe(K8S_NAMES.rule);
    expect(getFault('bad-alert-rule').implementations.kubernetes).toBe(badAlertRuleK8s);
    expect(VARIANTS).toContain(badAlertRuleK8s.resolveParams({}, createRng(11)).variant);
  });

  it('passes verify on the healthy recorded rule', () => {
    expect(checkRule(recorded).every((c) => c.passed)).toBe(true);
  });

  it.each(VARIANTS)('the %s variant changes the expression and fails verify', (variant) => {
    const broken = breakExpr(healthyExpr(), variant);
    expect(broken).not.toBe(healthyExpr());
    const patched = applyJsonPatch(recorded, renderExprPatch(recorded, broken)!);
    const criteria = checkRule(patched);
    expect(criteria[1]!.passed).toBe(false);
    expect(criteria[1]!.evidence).toContain(broken);
  });

  it.each(VARIANTS)('the %s variant still passes promtool check rules (it is a silent failure)', async (variant) => {
    const patched = applyJsonPatch(recorded, renderExprPatch(recorded, breakExpr(healthyExpr(), variant))!);
    expect((await checkRulesWithPromtool(stringify(patched['spec']))).passed).toBe(true);
  });

  it('refuses to patch when the expression changed underneath (json-patch test op)', () => {
    const patch = renderExprPatch(recorded, 'up == 0')!;
    const edited = applyJsonPatch(recorded, [{ op: 'replace', path: patch[0]!.path, value: 'vector(1)' }]);
    expect(() => applyJsonPatch(edited, patch)).toThrow(/test failed/);
  });

  it('fails verify when the alert is missing', () => {
    const without = { ...recorded, spec: { groups: [] } } as KubeObject;
    expect(checkRule(without)[0]).toMatchObject({ passed: false });
    expect(checkRule(undefined)[0]!.name).toContain(ALERT);
  });

  it.each(VARIANTS)('%s on a fake cluster: inject fails verify, the wrong fix (for: 0s) still fails, solve passes', async (variant) => {
    const cluster = fakeCluster([{ kind: 'prometheusrules.monitoring.coreos.com', object: recorded }]);
    const ctx = kubeContext(cluster.kube);
    const params = badAlertRuleK8s.resolveParams({ variant }, createRng(1));
    await badAlertRuleK8s.inject(ctx, params);
    expect((await badAlertRuleK8s.verify(ctx, params)).passed).toBe(false);
    for (const wrong of badAlertRuleK8s.wrongFixes) {
      await wrong.apply(ctx, params);
      expect((await badAlertRuleK8s.verify(ctx, params)).passed, wrong.id).toBe(false);
    }
    expect(JSON.stringify(cluster.object('prometheusrules.monitoring.coreos.com', RULE))).toContain('"for":"0s"');
    await badAlertRuleK8s.solve(ctx, params);
    expect((await badAlertRuleK8s.verify(ctx, params)).passed).toBe(true);
  });
});
