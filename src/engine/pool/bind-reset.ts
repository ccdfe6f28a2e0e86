import type { EnvState } from '../../schema/state.js';
import { bindPooledState } from './bind-pooled.js';

/**
 * The state of a warm pooled environment taken to replace `replaced` in a
 * `reset`: the same candidate, scenario, seed and resolved fault params
 * (`replaced.faults` as planned then, so the same variant comes back even if
 * the scenario file changed since), its extra (draw, flags), and the
 * interview's clock kept — created and expiring when the replaced one was:
 * a reset never extends the TTL. The replaced name is remembered in
 * `previousNames` so commands naming it find this one. Pure.
 */
export function bindForReset(pooled: EnvState, replaced: EnvState, now: Date): EnvState {
  const bound = bindPooledState(pooled, {
    candidate: replaced.candidate,
    scenario: replaced.scenario,
    scenarioPath: replaced.scenarioPath,
    seed: replaced.seed,
    faults: replaced.faults,
    ttlMs: 0,
    extra: replaced.extra,
    now,
  });
  return { ...bound, createdAt: replaced.createdAt, expiresAt: replaced.expiresAt, previousNames: [...(replaced.previousNames ?? []), replaced.name] };
}
