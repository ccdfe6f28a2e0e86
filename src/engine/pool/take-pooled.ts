import { listStates, updateState } from '../../core/state-store.js';
import type { EnvState } from '../../schema/state.js';
import { withLock } from '../../utils/lock.js';
import { bindPooledState, type BindRequest } from './bind-pooled.js';
import { poolPaths } from './pool-paths.js';
import { isUnclaimed, selectPooled, type PoolWant } from './select-pooled.js';

/**
 * Pick a pooled environment that fits and mark it taken, atomically: under
 * the pool's take lock (flock), re-read every state, pick, and write the bound
 * state under the environment's own lock. Two `up`s therefore never take the
 * same environment, and the pool server (which destroys unclaimed ones under
 * the same lock) never destroys one being taken. Undefined when none fits.
 */
export async function takePooled(want: PoolWant, request: Omit<BindRequest, 'now'>): Promise<EnvState | undefined> {
  return takePooledWith(want, (state, now) => bindPooledState(state, { ...request, now }));
}

/** takePooled with the binding given as a pure function (a reset binds with `bindForReset`). */
export async function takePooledWith(want: PoolWant, bind: (state: EnvState, now: Date) => EnvState): Promise<EnvState | undefined> {
  return withLock(poolPaths().takeLock, async () => {
    const picked = selectPooled(await listStates(), want);
    if (!picked) return undefined;
    let taken: EnvState | undefined;
    await updateState(picked.name, (current) => {
      if (!isUnclaimed(current)) return current;
      taken = bind(current, new Date());
      return taken;
    });
    return taken;
  });
}

/** Mark every unclaimed pooled environment `destroying` (under the take lock) and return them, for `pool stop`. */
export async function claimUnclaimedForDestroy(): Promise<EnvState[]> {
  return withLock(poolPaths().takeLock, async () => {
    const claimed: EnvState[] = [];
    for (const state of (await listStates()).filter(isUnclaimed)) {
      claimed.push(await updateState(state.name, (current) => ({ ...current, phase: 'destroying' })));
    }
    return claimed;
  });
}
