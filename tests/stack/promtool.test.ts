import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../src/errors/index.js';
import { checkRulesWithPromtool, runPromtoolRuleTests } from '../../src/stack/promtool.js';
import { renderAlertRulesYaml } from '../../src/stack/render/alert-rules.js';

const testsPath = new URL('../../src/stack/rules-tests/orders.rules.test.yml', import.meta.url);

describe('runPromtoolRuleTests', () => {
  it('passes the shipped unit tests against the shipped rules', async () => {
    const result = await runPromtoolRuleTests(renderAlertRulesYaml(), await readFile(testsPath, 'utf8'));
    expect(result.output).toContain('SUCCESS');
    expect(result.passed).toBe(true);
  });

  it('fails, with promtool output as evidence, when a rule compares the wrong way', async () => {
    const broken = renderAlertRulesYaml().replace('up{job="orders"} == 0', 'up{job="orders"} == 1');
    const result = await runPromtoolRuleTests(broken, await readFile(testsPath, 'utf8'));
    expect(result.passed).toBe(false);
    expect(result.output).toContain('OrdersInstanceDown');
  });

  it('fails when a rule waits far too long before firing', async () => {
    const broken = renderAlertRulesYaml().replace(/(alert: EdgeProbeFailing\n\s+expr: .*\n\s+for: )20s/, '$110m');
    expect(broken).toContain('for: 10m');
    const result = await runPromtoolRuleTests(broken, await readFile(testsPath, 'utf8'));
    expect(result.passed).toBe(false);
    expect(result.output).toContain('EdgeProbeFailing');
  });

  it('refuses a unit-test file without a tests list', async () => {
    await expect(runPromtoolRuleTests(renderAlertRulesYaml(), 'rule_files: [x.yml]\n')).rejects.toBeInstanceOf(FaultlineError);
  });
});

describe('checkRulesWithPromtool', () => {
  it('reports a PromQL syntax error as a failed check', async () => {
    const result = await checkRulesWithPromtool(renderAlertRulesYaml().replace('probe_success == 0', 'probe_success == == 0'));
    expect(result.passed).toBe(false);
    expect(result.output).toMatch(/parse error|unexpected/);
  });
});
