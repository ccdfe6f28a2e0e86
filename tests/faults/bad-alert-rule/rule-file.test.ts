import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULE_VARIANTS, resolveBadAlertRuleParams, type BadAlertRuleParams } from '../../../faults/bad-alert-rule/host/params.js';
import { ALERT_NAME, breakRule, breakRuleFile, readRuleShape, repairRuleFile } from '../../../faults/bad-alert-rule/host/rule-file.js';
import { prepareRuleUnitTest, readShippedRuleTest, UNIT_TEST_RULES_FILE } from '../../../faults/bad-alert-rule/host/rule-unit-test.js';
import { createRng } from '../../../src/core/rng.js';
import { renderAlertRulesYaml } from '../../../src/stack/render/alert-rules.js';
import { promtool, type PromtoolResult } from '../../../src/stack/promtool.js';

const params = (overrides: Partial<BadAlertRuleParams>): BadAlertRuleParams =>
  resolveBadAlertRuleParams(overrides, createRng(1));

/** Run the shipped unit test against `rules` exactly as verify does on mon (same prepared files, real promtool). */
async function runShippedTest(rules: string): Promise<PromtoolResult> {
  const files = prepareRuleUnitTest(rules, await readShippedRuleTest());
  const dir = await mkdtemp(join(tmpdir(), 'faultline-bad-alert-rule-'));
  try {
    await writeFile(join(dir, UNIT_TEST_RULES_FILE), files.rules);
    await writeFile(join(dir, 'tests.yml'), files.tests);
    return await promtool(['test', 'rules', 'tests.yml'], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkRules(rules: string): Promise<PromtoolResult> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-bad-alert-rule-'));
  try {
    await writeFile(join(dir, 'rules.yml'), rules);
    return await promtool(['check', 'rules', 'rules.yml'], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const healthy = renderAlertRulesYaml();
const brokenFiles = [
  ...RULE_VARIANTS.map((variant) => ({ label: variant, params: params({ variant }) })),
  { label: 'inverted with == 1', params: params({ variant: 'inverted', comparison: '== 1' }) },
].map(({ label, params: p }) => ({ label, text: breakRuleFile(healthy, p) }));

describe('bad-alert-rule rule file', () => {
  it('the healthy rendered rules pass the shipped unit test', async () => {
    const result = await runShippedTest(healthy);
    expect(result.output).toContain('SUCCESS');
    expect(result.passed).toBe(true);
  });

  it.each(brokenFiles)('the $label rule is still valid for promtool check rules (so the reload succeeds)', async ({ text }) => {
    const result = await checkRules(text);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.passed).toBe(true);
  });

  it.each(brokenFiles)('the $label rule fails the shipped unit test', async ({ text }) => {
    const result = await runShippedTest(text);
    expect(result.passed).toBe(false);
    expect(result.output).toContain(ALERT_NAME);
  });

  it.each(brokenFiles)('repairing the $label rule file makes the unit test pass again', async ({ text }) => {
    const repaired = repairRuleFile(text);
    expect(parse(repaired)).toEqual(parse(healthy));
    expect((await runShippedTest(repaired)).passed).toBe(true);
  });

  it('breaking the rule changes only the OrdersInstanceDown expr or for line', () => {
    for (const { text } of brokenFiles) {
      const before = healthy.split('\n');
      const after = text.split('\n');
      expect(after).toHaveLength(before.length);
      const changed = after.filter((line, i) => line !== before[i]);
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatch(/^\s+(expr|for): /);
    }
  });

  it('breaking is idempotent: a broken file broken again is unchanged', () => {
    const p = params({ variant: 'wrong-label' });
    const once = breakRuleFile(healthy, p);
    expect(breakRuleFile(once, p)).toBe(once);
  });

  it('each variant breaks the rule the way its name says', () => {
    const rule = { expr: 'up{job="orders"} == 0', for: '20s' };
    expect(breakRule(rule, params({ variant: 'wrong-metric', wrongMetric: 'orders_up' })).expr).toBe('orders_up{job="orders"} == 0');
    expect(breakRule(rule, params({ variant: 'wrong-label', wrongJob: 'order' })).expr).toBe('up{job="order"} == 0');
    expect(breakRule(rule, params({ variant: 'inverted', comparison: '> 1' })).expr).toBe('up{job="orders"} > 1');
    expect(breakRule(rule, params({ variant: 'absurd-for', absurdFor: '7d' }))).toEqual({ expr: rule.expr, for: '7d' });
  });

  it('a rule of an unexpected shape is refused with FAULT_FAILED instead of silently left healthy', () => {
    expect(() => breakRule({ expr: 'absent(up{job="orders"})', for: '1m' }, params({ variant: 'inverted' }))).toThrow(
      expect.objectContaining({ code: 'FAULT_FAILED' }),
    );
  });

  it('readRuleShape reports the expr and for of the alert as written', () => {
    expect(readRuleShape(healthy)).toEqual({ expr: 'up{job="orders"} == 0', for: '20s' });
    expect(readRuleShape(healthy, 'NoSuchAlert')).toBeUndefined();
  });

  it('a reworded annotation does not fail the unit test, a changed severity does', async () => {
    const reworded = healthy.replace('Orders instance {{ $labels.instance }} is down', 'orders box {{ $labels.instance }} fell over');
    expect(reworded).not.toBe(healthy);
    expect((await runShippedTest(reworded)).passed).toBe(true);
    const downgraded = healthy.replace(/(alert: OrdersInstanceDown[\s\S]*?severity: )page/, '$1ticket');
    expect(downgraded).not.toBe(healthy);
    expect((await runShippedTest(downgraded)).passed).toBe(false);
  });

  it('a rule that pages for any down job (up == 0) fails the unit test', async () => {
    const tooBroad = healthy.replace("expr: up{job=\"orders\"} == 0", 'expr: up == 0');
    expect(tooBroad).not.toBe(healthy);
    expect((await runShippedTest(tooBroad)).passed).toBe(false);
  });

  it('a rule file that is not YAML cannot be prepared for the unit test', async () => {
    expect(() => prepareRuleUnitTest('groups: [\n  - name: x\n   bad', 'tests: []')).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});
