import { randomSeed } from '../../core/rng.js';
import type { Progress } from '../../core/target.js';
import { loadScenario, resolveScenarioPath } from '../../schema/load-scenario.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { allocateEnv } from '../allocate.js';
import { bringUp } from '../bring-up.js';
import { destroyEnvironment } from '../down.js';
import { planFaults } from '../plan-faults.js';
import { POOL_TARGET, type PoolSpec } from './pool-spec.js';

/** The scenario a warm pool boots: the healthy stack, no faults. */
export const WARM_POOL_SCENARIO = 'baseline';
/** Candidate name of an environment nobody took yet (a valid slug the stack renderers accept). */
export const UNCLAIMED_CANDIDATE = 'unclaimed';
/** An unclaimed environment waits this long at most; the pool server owns it, so reap leaves it alone meanwhile. */
const POOLED_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Make one pooled environment for `spec`, owned by this process: allocate it
 * under a neutral name (`pool-<id>`: no scenario, no candidate), bring it up
 * past the baseline gate (a hot pool: also faulted with a fresh seed and its
 * symptoms seen), without publishing access. A failure removes it entirely.
 */
export async function fillOne(spec: PoolSpec, config: Config, progress: Progress): Promise<EnvState> {
  const ref = spec.scenario ?? WARM_POOL_SCENARIO;
  const scenario = await loadScenario(ref);
  const seed = randomSeed();
  const state = await allocateEnv(
    {
      scenario,
      scenarioPath: resolveScenarioPath(ref),
      candidate: UNCLAIMED_CANDIDATE,
      seed,
      target: POOL_TARGET,
      faults: spec.scenario === undefined ? [] : planFaults(scenario, seed, POOL_TARGET),
      ttlMs: POOLED_TTL_MS,
      nameFor: (id) => `pool-${id}`,
      pool: { pooledAt: new Date().toISOString(), ...(spec.scenario === undefined ? {} : { scenario: scenario.id }) },
    },
    config,
  );
  progress(`filling ${state.name}`);
  try {
    return await bringUp(state, config, progress, { pooled: true });
  } catch (error) {
    await destroyEnvironment(state, progress).catch(() => undefined);
    throw error;
  }
}
