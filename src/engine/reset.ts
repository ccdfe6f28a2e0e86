import { FaultlineError } from '../errors/index.js';
import { NO_OWNER, ownedByAnother, ownedByThisProcess } from '../core/env-owner.js';
import type { Progress } from '../core/target.js';
import { resolveEnv, updateState, writeState } from '../core/state-store.js';
import { appendEvent } from '../core/timeline.js';
import type { Config } from '../schema/config.js';
import type { EnvState } from '../schema/state.js';
import { targetFor } from '../targets/index.js';
import { bringUp } from './bring-up.js';
import { envHandles } from './env-context.js';
import { runHooks } from './hooks.js';
import { loadConfig } from './load-config.js';
import { loadFeatures } from './features.js';
import { resetFromPool } from './pool/reset-from-pool.js';
import { isUnclaimed } from './pool/select-pooled.js';

export interface ResetOptions {
  /** Never take from the pool: rebuild the machines in place. */
  readonly cold?: boolean | undefined;
  readonly symptomTimeoutMs?: number | undefined;
}

/** What a reset made: the environment now serving the interview, and how. */
export interface ResetOutcome {
  readonly state: EnvState;
  /** pool: a warm pooled environment replaced the old one (new name); cold: the machines were rebuilt in place. */
  readonly from: 'pool' | 'cold';
  /** The replaced environment's name (pool only; it is torn down). */
  readonly replaced?: string | undefined;
}

/**
 * `faultline reset`: back to the freshly-faulted state with the same seed.
 * Rather than undoing whatever the candidate changed (often impossible to do
 * faithfully, e.g. a process holding a deleted file), the faults are
 * injected again into fresh machines: a warm pooled environment when one
 * fits (src/engine/pool/reset-from-pool.ts; the old one stays intact until
 * the new one is ready), else the machines are rebuilt from the cached image
 * — same name, subnet, seed and fault params. The environment is held
 * (ENV_BUSY for others) throughout.
 */
export async function resetEnvironment(ref: string, progress: Progress, options: ResetOptions = {}): Promise<ResetOutcome> {
  const config = await loadConfig();
  await loadFeatures();
  const state = await claimForReset((await resolveEnv(ref)).name);
  try {
    if (!options.cold && poolCanServe(state, config)) {
      const pooled = await resetFromPool(state, config, progress, options.symptomTimeoutMs);
      if (pooled) return { state: pooled, from: 'pool', replaced: state.name };
    }
    progress(options.cold ? 'reset by rebuild: --cold' : 'reset by rebuild: no pooled environment fits (see `faultline pool status`)');
    return { state: await rebuildInPlace(state, config, progress, options.symptomTimeoutMs), from: 'cold' };
  } catch (error) {
    await updateState(state.name, (current) => (current.ownerPid === process.pid ? { ...current, ...NO_OWNER } : current)).catch(() => undefined);
    throw error;
  }
}

/** Mark this process as the environment's owner, atomically; ENV_BUSY while another live process changes it. */
async function claimForReset(name: string): Promise<EnvState> {
  return updateState(name, (current) => {
    if (ownedByAnother(current)) {
      throw new FaultlineError('ENV_BUSY', `${current.name} is being changed by process ${current.ownerPid}.`, { hint: 'Wait for that command to finish.' });
    }
    return { ...current, ...ownedByThisProcess() };
  });
}

/** Pools hold environments booted on this host; a pooled one waiting for a candidate is itself rebuilt. */
function poolCanServe(state: EnvState, config: Config): boolean {
  return targetFor(state.target, config).remote !== true && !isUnclaimed(state);
}

/** The rebuild path: destroy the machines, then bring the same state (name, subnet, seed, faults) up again. */
async function rebuildInPlace(state: EnvState, config: Config, progress: Progress, symptomTimeoutMs: number | undefined): Promise<EnvState> {
  appendEvent(state.name, { type: 'reset', message: `reset to seed ${state.seed} by rebuild`, data: { seed: state.seed, from: 'cold' } });
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
  return bringUp(fresh, config, progress, symptomTimeoutMs === undefined ? {} : { symptomTimeoutMs });
}
