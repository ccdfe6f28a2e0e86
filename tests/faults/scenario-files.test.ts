import { describe, expect, it } from 'vitest';
import { getFault, validateFaultParams } from '../../faults/registry.js';
import { listScenarioIds, loadScenario } from '../../src/schema/load-scenario.js';
import { createRng } from '../../src/core/rng.js';

const REQUIRED = ['baseline', 'misrouted-service', 'disk-pressure', 'bad-alert-rule', 'checkout-incident'];

describe('shipped scenarios', async () => {
  const ids = await listScenarioIds();

  it('include the baseline, one per host fault, and a multi-fault incident', () => {
    expect(ids).toEqual(expect.arrayContaining(REQUIRED));
  });

  it.each(REQUIRED)('%s parses, names registered faults with valid params, and resolves them for a seed', async (id) => {
    const scenario = await loadScenario(id);
    expect(scenario.id).toBe(id);
    for (const entry of scenario.faults) {
      const fault = getFault(entry.id);
      const given = validateFaultParams(entry.id, entry.params);
      expect(fault.resolveParams(given, createRng(123))).toMatchObject(given);
    }
    if (id !== 'baseline') expect(scenario.hints.length).toBeGreaterThanOrEqual(3);
    expect(scenario.debrief.goodLooksLike.length).toBeGreaterThan(0);
  });

  it('the incident scenario has at least two faults', async () => {
    expect((await loadScenario('checkout-incident')).faults.length).toBeGreaterThanOrEqual(2);
  });

  it('briefings do not give the root cause away', async () => {
    const spoilers = /drop-?in|deleted|DNAT|iptables|upstream|for: |orders\.rules|wrong port|trace/i;
    for (const id of REQUIRED) {
      const { briefing } = await loadScenario(id);
      if (id === 'baseline') continue;
      expect(briefing, id).not.toMatch(spoilers);
    }
  });
});
