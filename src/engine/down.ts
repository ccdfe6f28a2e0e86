import { ownedByThisProcess } from '../core/env-owner.js';
import type { Progress } from '../core/target.js';
import { listStates, readState, removeEnvDir, resolveEnv, writeState } from '../core/state-store.js';
import { unregisterHostEnv } from '../core/host-registry.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { envHandles } from './env-context.js';
import { runHooks } from './hooks.js';
import { loadConfig } from './load-config.js';
import { loadFeatures } from './features.js';

/**
 * Destroy one environment and remove its directory. Idempotent: a missing
 * environment is reported by `resolveEnv`, and every step below tolerates
 * objects that are already gone.
 */
export async function downEnvironment(ref: string, progress: Progress): Promise<EnvState> {
  const state = await resolveEnv(ref);
  await destroyEnvironment(state, progress);
  return state;
}

export async function destroyEnvironment(state: EnvState, progress: Progress): Promise<void> {
  const config = await loadConfig();
  await loadFeatures();
  const current = (await readState(state.name)) ?? state;
  await writeState({ ...current, phase: 'destroying', ...ownedByThisProcess() }).catch(() => undefined);
  appendEvent(state.name, { type: 'down', message: 'destroying environment', data: {} });
  const handles = envHandles(current, config);
  await runHooks('beforeDestroy', current, handles, progress).catch((error: Error) => progress(`warning: ${error.message}`));
  await handles.target.destroy(current, progress);
  await removeEnvDir(state.name);
  await unregisterHostEnv(state.id);
}

/** `down --all`. */
export async function downAll(progress: Progress): Promise<EnvState[]> {
  const states = await listStates();
  for (const state of states) await destroyEnvironment(state, progress);
  return states;
}
