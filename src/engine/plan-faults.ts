import type { Fault } from '../core/fault.js';
import { createRng } from '../core/rng.js';
import type { Scenario, TargetName } from '../schema/scenario.js';
import type { FaultState } from '../schema/state.js';
import { getFault, validateFaultParams } from '../../faults/registry.js';
import { FaultlineError } from '../errors/index.js';

/**
 * Resolve a scenario's faults for one seed: validate each id and its given
 * params, then draw the rest from a generator forked per fault position, so
 * the same scenario + seed always yields the same params. Pure; throws before
 * anything is provisioned.
 */
export function planFaults(scenario: Scenario, seed: number, target: TargetName): FaultState[] {
  const rng = createRng(seed);
  return scenario.faults.map((entry, index) => {
    const fault = faultForTarget(entry.id, target);
    const given = validateFaultParams(fault.id, entry.params);
    const params = fault.resolveParams(given, rng.fork(`${index}:${fault.id}`)) as Record<string, unknown>;
    return { id: fault.id, params };
  });
}

/** The fault variant that applies to a target (host faults for local, `<id>-k8s` for cloud). */
export function faultForTarget(id: string, target: TargetName): Fault<unknown> {
  const appliesTo = target === 'local' ? 'host' : 'kubernetes';
  const base = getFault(id);
  if (base.appliesTo === appliesTo) return base;
  const variantId = appliesTo === 'kubernetes' ? `${id}-k8s` : id.replace(/-k8s$/, '');
  try {
    return getFault(variantId);
  } catch (cause) {
    throw new FaultlineError('UNSUPPORTED_TARGET', `Fault "${id}" has no ${appliesTo} variant for target ${target}.`, {
      hint: 'Pick a target the scenario lists under `targets`.',
      cause,
    });
  }
}
