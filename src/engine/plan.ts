import { FaultlineError } from '../errors/index.js';
import { loadScenario } from '../schema/load-scenario.js';
import type { TargetName } from '../schema/scenario.js';
import { targetFor, targetTraits } from '../targets/index.js';
import { loadConfig } from './load-config.js';

/** True when `target` can show offline what `up` would create on it (`Target.plan`). */
export function canPlan(target: TargetName): boolean {
  return targetTraits(target).plan !== undefined;
}

/** `faultline plan`: what `up <scenario> --target <target>` would create, worked out offline. */
export async function planEnvironment(scenarioRef: string, target: TargetName, flags: Readonly<Record<string, string>>): Promise<{ readonly scenario: string; readonly resources: readonly unknown[]; readonly table: string }> {
  const scenario = await loadScenario(scenarioRef);
  const planner = targetFor(target, await loadConfig());
  if (!planner.plan) throw new FaultlineError('UNSUPPORTED_TARGET', `Target ${target} has no offline plan.`, { hint: 'Use --target aws or --target kubernetes.' });
  return { scenario: scenario.id, ...(await planner.plan(scenario, flags)) };
}
