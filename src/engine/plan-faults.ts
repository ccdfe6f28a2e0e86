import { FAULT_KIND_OF_TARGET } from '../core/fault.js';
import { createRng } from '../core/rng.js';
import type { Scenario, TargetName } from '../schema/scenario.js';
import type { FaultState } from '../schema/state.js';
import { implementationFor, validateFaultParams } from '../../faults/registry.js';

/**
 * Resolve a scenario's faults for one seed and target: validate each id and
 * its given params against the implementation for the target's kind, then
 * draw the rest from a generator forked per fault position, so the same
 * scenario + seed always yields the same params. Pure; throws before
 * anything is provisioned.
 */
export function planFaults(scenario: Scenario, seed: number, target: TargetName): FaultState[] {
  const rng = createRng(seed);
  return scenario.faults.map((entry, index) => {
    const impl = implementationFor(entry.id, target);
    const given = validateFaultParams(entry.id, entry.params, FAULT_KIND_OF_TARGET[target]);
    const params = impl.resolveParams(given, rng.fork(`${index}:${entry.id}`)) as Record<string, unknown>;
    return { id: entry.id, params };
  });
}
