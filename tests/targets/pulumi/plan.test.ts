import { describe, expect, it } from 'vitest';
import { listScenarioIds, loadScenario } from '../../../src/schema/load-scenario.js';
import { scenarioSchema } from '../../../src/schema/scenario.js';
import { FaultlineError } from '../../../src/errors/index.js';
import { planEnvironment } from '../../../src/targets/pulumi/plan.js';
import { renderPlanTable } from '../../../src/targets/pulumi/plan-rows.js';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const CLOUD = { aws: { region: 'eu-west-1', allowedCidrs: ['203.0.113.0/24'] } };
const ids = await listScenarioIds();
const scenarios = await Promise.all(ids.map((id) => loadScenario(id)));

describe('planEnvironment', () => {
  it('finds at least one scenario to plan', () => {
    expect(ids.length).toBeGreaterThan(0);
  });

  for (const scenario of scenarios) {
    for (const target of ['aws', 'kubernetes'] as const) {
      if (scenario.targets.includes(target)) {
        it(`plans ${scenario.id} on ${target} the same way as the snapshot`, async () => {
          const rows = await planEnvironment(scenario, target, { now: NOW, cloud: CLOUD });
          await expect(renderPlanTable(rows)).toMatchFileSnapshot(`./__snapshots__/plan-${scenario.id}-${target}.txt`);
        });
      } else {
        it(`refuses to plan ${scenario.id} on ${target}, which it does not list`, async () => {
          await expect(planEnvironment(scenario, target, { now: NOW, cloud: CLOUD })).rejects.toMatchObject({ code: 'UNSUPPORTED_TARGET' });
        });
      }
    }
  }

  it('lists the node with IMDSv2 (hop limit 1) and an encrypted root volume; no secret value in any row', async () => {
    const scenario = { ...(await loadScenario(ids[0]!)), targets: ['aws' as const] };
    const rows = await planEnvironment(scenario, 'aws', { now: NOW, cloud: CLOUD });
    const instance = rows.find((r) => r.type === 'aws:ec2/instance:Instance');
    expect(instance?.details).toMatchObject({ imds: 'httpTokens=required hopLimit=1', userData: '[cloud-config, no secrets]' });
    expect(instance?.details['rootVolume']).toContain('encrypted=true');
    const text = JSON.stringify(rows);
    expect(text).not.toContain('planned-password');
    expect(text).not.toContain('PRIVATE KEY');
    for (const p of rows.filter((r) => r.type === 'aws:ssm/parameter:Parameter')) expect(p.details).toMatchObject({ type: 'SecureString', value: '[secret]' });
  });

  it('refuses a target the scenario does not list', async () => {
    const scenario = scenarioSchema.parse({
      id: 'local-only',
      title: 'Local only',
      level: 1,
      summary: 'only runs on the local target',
      briefing: 'nothing to see here',
      targets: ['local'],
      debrief: { rootCause: 'none' },
    });
    await expect(planEnvironment(scenario, 'aws')).rejects.toSatisfy((e) => e instanceof FaultlineError && e.code === 'UNSUPPORTED_TARGET');
  });
});
