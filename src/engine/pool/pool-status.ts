import { listStates } from '../../core/state-store.js';
import type { EnvState } from '../../schema/state.js';
import { readRunningServer } from './pool-record.js';
import type { PoolServerRecord } from './pool-spec.js';
import { isUnclaimed } from './select-pooled.js';

/** One home's pool: its server, and the environments it made by where they are. */
export interface PoolStatus {
  readonly server: PoolServerRecord | undefined;
  /** Pooled and waiting for a candidate ("ready" in the pool). */
  readonly unclaimed: string[];
  /** Being booted for the pool right now. */
  readonly filling: string[];
  /** Taken by a candidate and still existing (they never return to the pool). */
  readonly taken: { readonly name: string; readonly candidate: string; readonly takenAt: string; readonly phase: EnvState['phase'] }[];
}

export async function readPoolStatus(): Promise<PoolStatus> {
  const states = (await listStates()).filter((state) => state.pool !== undefined);
  return {
    server: await readRunningServer(),
    unclaimed: states.filter(isUnclaimed).map((state) => state.name),
    filling: states.filter((state) => !state.pool?.takenAt && ['provisioning', 'baseline', 'injecting'].includes(state.phase)).map((state) => state.name),
    taken: states.flatMap((state) => (state.pool?.takenAt ? [{ name: state.name, candidate: state.candidate, takenAt: state.pool.takenAt, phase: state.phase }] : [])),
  };
}
