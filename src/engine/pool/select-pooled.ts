import type { EnvState } from '../../schema/state.js';
import type { TargetName } from '../../schema/scenario.js';

/** What an `up` asks the pool for. */
export interface PoolWant {
  /** The scenario's id: a hot environment fits only when it was faulted for exactly this scenario. */
  readonly scenario: string;
  readonly target: TargetName;
  /** An explicit seed: a hot environment fits only when it was faulted with that seed (it carries the pool's). */
  readonly seed?: number | undefined;
  /**
   * Only a warm environment fits (a `reset`): the same seed and fault params must come back, and a hot one was
   * faulted at pool time with the pool's own seed (and the scenario file as it was then), so it never fits.
   */
  readonly warmOnly?: boolean | undefined;
}

/** True for an environment still waiting in a pool: pooled and nobody took it. */
export function isUnclaimed(state: EnvState): boolean {
  return state.phase === 'pooled' && state.pool !== undefined && state.pool.takenAt === undefined;
}

/**
 * The pooled environment an `up` should take, or undefined: a hot one faulted
 * for the wanted scenario first (ready at once), else a warm one (baseline
 * only, faulted at take); oldest first. With `warmOnly` (a reset) never a hot
 * one. Pure; the caller holds the take lock.
 */
export function selectPooled(states: readonly EnvState[], want: PoolWant): EnvState | undefined {
  const fits = states.filter((state) => isUnclaimed(state) && state.target === want.target);
  const byAge = (a: EnvState, b: EnvState): number => (a.pool?.pooledAt ?? '').localeCompare(b.pool?.pooledAt ?? '');
  const hot = want.warmOnly === true ? [] : fits.filter((state) => state.pool?.scenario === want.scenario && (want.seed === undefined || want.seed === state.seed)).sort(byAge);
  const warm = fits.filter((state) => state.pool?.scenario === undefined && state.faults.length === 0).sort(byAge);
  return hot[0] ?? warm[0];
}
