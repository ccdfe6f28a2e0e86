import { FaultlineError } from '../errors/index.js';
import type { Progress } from '../core/target.js';
import { listStates } from '../core/state-store.js';
import type { EnvState } from '../schema/state.js';
import { upEnvironment } from './up.js';

/**
 * `faultline replay <env|scenario> --candidate <other>`: a new environment
 * from the same scenario and seed as an existing one (or from a scenario and
 * an explicit --seed), so two candidates face exactly the same incident.
 */
export async function replayEnvironment(ref: string, candidate: string, seed: number | undefined, progress: Progress): Promise<EnvState> {
  const states = await listStates();
  const source = states.find((s) => s.name === ref || s.id === ref);
  if (source) {
    return upEnvironment({ scenario: source.scenarioPath, candidate, seed: seed ?? source.seed, target: source.target }, progress);
  }
  if (seed === undefined) {
    throw new FaultlineError('USAGE', `"${ref}" is not an environment, so replay needs --seed.`, {
      hint: 'Pass an environment name (its scenario and seed are reused), or a scenario with --seed N.',
    });
  }
  return upEnvironment({ scenario: ref, candidate, seed }, progress);
}
