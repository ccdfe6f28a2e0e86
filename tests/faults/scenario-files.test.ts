import { describe, expect, it } from 'vitest';
import { getImplementation, listFaultIds, validateFaultParams } from '../../faults/registry.js';
import { FAULT_KIND_OF_TARGET } from '../../src/core/fault.js';
import { listScenarioIds, loadScenario } from '../../src/schema/load-scenario.js';
import { createRng } from '../../src/core/rng.js';

describe('shipped scenarios', async () => {
  const ids = await listScenarioIds();
  const scenarios = await Promise.all(ids.map((id) => loadScenario(id)));

  it('include the baseline, one single-fault scenario per registered fault, and a multi-fault incident', () => {
    expect(ids).toContain('baseline');
    for (const fault of listFaultIds()) {
      expect(scenarios.some((s) => s.faults.length === 1 && s.faults[0]?.id === fault), `a scenario with only ${fault}`).toBe(true);
    }
    expect(scenarios.some((s) => new Set(s.faults.map((f) => f.id)).size >= 2)).toBe(true);
  });

  it.each(ids)('%s parses, names registered faults with valid params for every target it lists, and resolves them for a seed', async (id) => {
    const scenario = await loadScenario(id);
    expect(scenario.id).toBe(id);
    for (const target of scenario.targets) {
      const kind = FAULT_KIND_OF_TARGET[target];
      for (const entry of scenario.faults) {
        const given = validateFaultParams(entry.id, entry.params, kind);
        expect(getImplementation(entry.id, kind).resolveParams(given, createRng(123))).toMatchObject(given);
      }
    }
    if (scenario.faults.length > 0) expect(scenario.hints.length).toBeGreaterThanOrEqual(3);
    expect(scenario.debrief.goodLooksLike.length).toBeGreaterThan(0);
  });

  it('briefings do not give the root cause away', () => {
    const spoilers = /drop-?in|deleted|DNAT|iptables|upstream|for: |orders\.rules|wrong port|trace/i;
    for (const scenario of scenarios) {
      if (scenario.faults.length === 0) continue;
      expect(scenario.briefing, scenario.id).not.toMatch(spoilers);
    }
  });
});
