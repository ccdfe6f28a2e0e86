import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkRulesWithPromtool } from '../../../src/stack/promtool.js';
import { alertRuleGroups, renderAlertRulesYaml } from '../../../src/stack/render/alert-rules.js';

const testsPath = new URL('../../../src/stack/rules-tests/orders.rules.test.yml', import.meta.url);
const EXPECTED = [
  'OrdersHighErrorRate',
  'OrdersHighLatency',
  'OrdersInstanceDown',
  'OrdersDataVolumeAlmostFull',
  'EdgeProbeFailing',
  'EtcdDown',
  'EtcdNoLeader',
  'TargetDown',
];

interface RuleTest {
  alert_rule_test: { alertname: string; exp_alerts: unknown[] }[];
}

describe('alertRuleGroups', () => {
  it('defines every alert the environments rely on, once', () => {
    const names = alertRuleGroups().flatMap((group) => group.rules.map((rule) => rule.alert));
    expect([...names].sort()).toEqual([...EXPECTED].sort());
  });

  it('keeps every for: at a minute or less so a fault pages within about a minute', () => {
    for (const rule of alertRuleGroups().flatMap((group) => group.rules)) {
      const seconds = Number(rule.for.replace(/s$/, '')) || Number(rule.for.replace(/m$/, '')) * 60;
      expect(seconds, rule.alert).toBeGreaterThan(0);
      expect(seconds, rule.alert).toBeLessThanOrEqual(60);
    }
  });

  it('stays target-neutral: expressions name no host, address or port', () => {
    for (const rule of alertRuleGroups().flatMap((group) => group.rules)) {
      expect(rule.expr, rule.alert).not.toMatch(/edge:|app:|store:|mon:|\d+\.\d+\.\d+\.\d+|instance=/);
    }
  });
});

describe('renderAlertRulesYaml', () => {
  it('passes promtool check rules', async () => {
    const result = await checkRulesWithPromtool(renderAlertRulesYaml());
    expect(result.output).toContain('SUCCESS: 8 rules found');
    expect(result.passed).toBe(true);
  });

  it('round-trips the groups as YAML', () => {
    expect(parse(renderAlertRulesYaml())).toEqual({ groups: JSON.parse(JSON.stringify(alertRuleGroups())) });
  });
});

describe('the shipped promtool unit tests', () => {
  it('prove every alert both fires on a failing series and stays quiet on a healthy one', async () => {
    const doc = parse(await readFile(testsPath, 'utf8')) as { tests: RuleTest[] };
    const cases = doc.tests.flatMap((test) => test.alert_rule_test);
    for (const alert of EXPECTED) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(mine.some((c) => c.exp_alerts.length > 0), `${alert} fires somewhere`).toBe(true);
      expect(mine.some((c) => c.exp_alerts.length === 0), `${alert} stays quiet somewhere`).toBe(true);
    }
  });
});
