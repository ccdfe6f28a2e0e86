import { FaultlineError } from '../errors/index.js';
import { ownedByAnother, ownedByThisProcess } from '../core/env-owner.js';
import type { Progress } from '../core/target.js';
import { resolveEnv, writeState } from '../core/state-store.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { bringUp } from './bring-up.js';
import { envHandles } from './env-context.js';
import { runHooks } from './hooks.js';
import { loadConfig } from './load-config.js';
import { loadFeatures } from './features.js';

/**
 * `faultline reset`: back to the freshly-faulted state with the same seed.
 * Rather than undoing whatever the candidate changed (often impossible to do
 * faithfully), the machines are rebuilt from the cached image — same name,
 * subnet, seed and fault params — and the scenario is injected again.
 */
export async function resetEnvironment(ref: string, progress: Progress): Promise<EnvState> {
  const state = await resolveEnv(ref);
  if (ownedByAnother(state)) {
    throw new FaultlineError('ENV_BUSY', `${state.name} is being changed by process ${state.ownerPid}.`, {
      hint: 'Wait for that command to finish.',
    });
  }
  const config = await loadConfig();
  await loadFeatures();
  appendEvent(state.name, { type: 'reset', message: `reset to seed ${state.seed}`, data: { seed: state.seed } });
  const handles = envHandles(state, config);
  await runHooks('beforeDestroy', state, handles, progress);
  await handles.target.destroy(state, progress);
  const fresh: EnvState = {
    ...(handles.target.forgetRun?.(state) ?? state),
    phase: 'provisioning',
    ...ownedByThisProcess(),
    failure: undefined,
    readyAt: undefined,
  };
  await writeState(fresh);
  return bringUp(fresh, config, progress);
}
