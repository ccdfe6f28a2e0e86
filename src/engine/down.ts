import { ownedByThisProcess } from '../core/env-owner.js';
import type { Progress } from '../core/target.js';
import { readState, removeEnvDir, resolveEnv, updateState, writeState } from '../core/state-store.js';
import { unregisterHostEnv } from '../core/host-registry.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { envHandles } from './env-context.js';
import { runHooks } from './hooks.js';
import { loadConfig } from './load-config.js';
import { loadFeatures } from './features.js';
import { claimTeardown, waitForTeardown } from './teardown-claim.js';

/**
 * Destroy one environment and remove its directory, in this process (`down
 * --wait`). Idempotent: a missing environment is reported by `resolveEnv`,
 * every step below tolerates objects that are already gone, and a teardown
 * another process is running (a background `down`) is waited for, then
 * finished here if it failed or died.
 */
export async function downEnvironment(ref: string, progress: Progress): Promise<EnvState> {
  const state = await resolveEnv(ref);
  for (;;) {
    if (!(await waitForTeardown(state.name, progress))) return state;
    const claim = await claimTeardown(state.name).catch(() => undefined);
    if (!claim) return state; // removed between the wait and the claim
    if (claim.claimed) break;
  }
  await destroyEnvironment(state, progress);
  return state;
}

/**
 * Tear the environment down: beforeDestroy hooks (candidate access withdrawn,
 * sessions and report data saved), the target's destroy, then its directory
 * and host registration. A failure is recorded in the state (`ls`, `status`)
 * and the state kept, so `down --wait` or `gc` can finish the job.
 */
export async function destroyEnvironment(state: EnvState, progress: Progress): Promise<void> {
  const config = await loadConfig();
  await loadFeatures();
  const current = (await readState(state.name)) ?? state;
  await writeState({ ...current, phase: 'destroying', ...ownedByThisProcess() }).catch(() => undefined);
  appendEvent(state.name, { type: 'down', message: 'destroying environment', data: {} });
  const handles = envHandles(current, config);
  try {
    await runHooks('beforeDestroy', current, handles, progress).catch((error: Error) => progress(`warning: ${error.message}`));
    await handles.target.destroy(current, progress);
    await removeEnvDir(state.name);
    await unregisterHostEnv(state.id);
  } catch (error) {
    const failure = { step: 'down', message: (error as Error).message };
    if (await readState(state.name).catch(() => undefined)) await updateState(state.name, (s) => ({ ...s, failure })).catch(() => undefined);
    throw error;
  }
}
