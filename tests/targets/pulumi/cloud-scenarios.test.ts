import { describe, expect, it } from 'vitest';
import { getFault, listFaults } from '../../../faults/registry.js';
import { planFaults } from '../../../src/engine/plan-faults.js';
import { listScenarioIds, loadScenario } from '../../../src/schema/load-scenario.js';

const CLOUD = ['aws', 'kubernetes'] as const;
const ids = await listScenarioIds();

/** True when every fault of the scenario has a kubernetes variant. */
const hasKubernetesVariants = (faults: readonly { id: string }[]): boolean =>
  faults.every((f) => getFault(f.id).implementations.kubernetes !== undefined);

describe('scenarios on the cloud targets', () => {
  it('offers every fault with a kubernetes variant on aws and kubernetes in its own scenario, and at least one multi-fault scenario', async () => {
    const cloudFaults = listFaults().filter((fault) => fault.implementations.kubernetes !== undefined);
    expect(cloudFaults.length).toBeGreaterThan(0);
    for (const fault of cloudFaults) expect((await loadScenario(fault.id)).targets, fault.id).toEqual(expect.arrayContaining([...CLOUD]));
    const scenarios = await Promise.all(ids.map((id) => loadScenario(id)));
    expect(scenarios.filter((s) => s.faults.length > 1 && CLOUD.every((t) => s.targets.includes(t))).map((s) => s.id)).not.toEqual([]);
  });

  for (const id of ids) {
    it(`${id}: lists aws/kubernetes exactly when every fault has a kubernetes variant, and its faults plan there`, async () => {
      const scenario = await loadScenario(id);
      const natural = hasKubernetesVariants(scenario.faults);
      for (const target of CLOUD) {
        expect(scenario.targets.includes(target), `${id} on ${target}`).toBe(natural);
        if (!natural) continue;
        for (const seed of [1, 2, 3, 99]) {
          const planned = planFaults(scenario, seed, target);
          expect(planned).toHaveLength(scenario.faults.length);
          for (const fault of planned) expect(getFault(fault.id).implementations.kubernetes, fault.id).toBeDefined();
        }
      }
    });
  }

  it("maps checkout-incident's pinned host variant (nat-redirect) to the kubernetes selector variant", async () => {
    const scenario = await loadScenario('checkout-incident');
    for (const seed of [1, 7, 42]) {
      const misrouted = planFaults(scenario, seed, 'aws').find((f) => f.id === 'misrouted-service');
      expect(misrouted?.params['variant']).toBe('selector');
    }
    // Still the host variant on local.
    expect(planFaults(scenario, 1, 'local').find((f) => f.id === 'misrouted-service')?.params['variant']).toBe('nat-redirect');
  });
});
