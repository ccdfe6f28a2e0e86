import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderPrometheusRule } from '../../infra/manifests/monitoring.js';
import { alertRuleGroups } from '../../src/stack/render/alert-rules.js';
import { checkRulesWithPromtool, runPromtoolRuleTests } from '../../src/stack/promtool.js';
import { awsConfig } from './fixtures.js';

const TESTS = new URL('../../src/stack/rules-tests/orders.rules.test.yml', import.meta.url);
const rule = renderPrometheusRule(awsConfig().env, alertRuleGroups());
const specYaml = stringify(rule['spec'], { lineWidth: 0 });

describe('the PrometheusRule', () => {
  it('is a monitoring.coreos.com/v1 PrometheusRule in the environment namespace', () => {
    expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { namespace: 'fl-ada-disk' } });
  });

  it('passes promtool check rules on its spec', async () => {
    const result = await checkRulesWithPromtool(specYaml);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.passed).toBe(true);
  });

  it('passes the shared promtool unit tests', async () => {
    const result = await runPromtoolRuleTests(specYaml, await readFile(TESTS, 'utf8'));
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.passed).toBe(true);
  });

  it('fails the shared unit tests when an expression has a metric typo', async () => {
    const broken = stringify(rule['spec'], { lineWidth: 0 }).replace('orders_http_requests_total', 'orders_http_request_total');
    const result = await runPromtoolRuleTests(broken, await readFile(TESTS, 'utf8'));
    expect(result.passed).toBe(false);
  });
});
