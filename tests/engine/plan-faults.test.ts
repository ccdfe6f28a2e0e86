import { describe, expect, it } from 'vitest';
import { planFaults } from '../../src/engine/plan-faults.js';
import { loadScenario } from '../../src/schema/load-scenario.js';
import { parseScenario } from '../../src/schema/load-scenario.js';

describe('planning faults for a seed', () => {
  it('gives the same params for the same scenario and seed', async () => {
    const scenario = await loadScenario('checkout-incident');
    expect(planFaults(scenario, 1234, 'local')).toEqual(planFaults(scenario, 1234, 'local'));
  });

  it('varies the drawn params across seeds and keeps what the scenario pins', async () => {
    const scenario = await loadScenario('checkout-incident');
    const plans = Array.from({ length: 20 }, (_, seed) => planFaults(scenario, seed, 'local'));
    expect(new Set(plans.map((p) => JSON.stringify(p[0]?.params))).size).toBeGreaterThan(1);
    for (const plan of plans) expect(plan[1]?.params.variant).toBe('nat-redirect');
  });

  it('rejects an unknown fault id and bad params before anything exists', () => {
    const base = 'title: T t\nlevel: 1\nsummary: for tests only\nbriefing: for tests only\ndebrief: { rootCause: nothing }\n';
    const unknown = parseScenario(`id: a\n${base}faults: [{ id: nope }]\n`, '/tmp/a.yaml');
    expect(() => planFaults(unknown, 1, 'local')).toThrow(expect.objectContaining({ code: 'UNKNOWN_FAULT' }));
    const badParams = parseScenario(`id: b\n${base}faults: [{ id: disk-pressure, params: { instance: 7 } }]\n`, '/tmp/b.yaml');
    expect(() => planFaults(badParams, 1, 'local')).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it('validates and resolves params with the implementation for the target kind, keeping the fault id', () => {
    const base = 'title: T t\nlevel: 1\nsummary: for tests only\nbriefing: for tests only\ndebrief: { rootCause: nothing }\n';
    const scenario = parseScenario(`id: c\n${base}targets: [local, kubernetes]\nfaults: [{ id: misrouted-service, params: { variant: selector } }]\n`, '/tmp/c.yaml');
    expect(planFaults(scenario, 1, 'kubernetes')).toEqual([{ id: 'misrouted-service', params: expect.objectContaining({ variant: 'selector' }) }]);
    // `selector` is a kubernetes variant: the host implementation's schema refuses it.
    expect(() => planFaults(scenario, 1, 'local')).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
