import type { Progress } from '../../core/target.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { activateTaken } from './activate-taken.js';
import type { BindRequest } from './bind-pooled.js';
import { describePoolKind } from './pool-spec.js';
import type { PoolWant } from './select-pooled.js';
import { takePooled } from './take-pooled.js';

/**
 * `up`'s pool path: take a fitting pooled environment and bind it to the
 * candidate, saying so; undefined (and "cold start" said) when none fits.
 */
export async function upFromPool(want: PoolWant, request: Omit<BindRequest, 'now'>, config: Config, progress: Progress, symptomTimeoutMs?: number): Promise<EnvState | undefined> {
  const taken = await takePooled(want, request);
  if (!taken) {
    progress('cold start: no pooled environment fits (see `faultline pool status`)');
    return undefined;
  }
  progress(`from pool: took ${taken.name} (${describePoolKind(taken.pool ?? {})}, seed ${taken.seed}) for ${taken.candidate}`);
  return activateTaken(taken, config, progress, symptomTimeoutMs);
}
