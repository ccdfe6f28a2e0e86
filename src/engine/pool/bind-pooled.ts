import { ownedByThisProcess } from '../../core/env-owner.js';
import type { EnvState, FaultState } from '../../schema/state.js';

/** What `up` asked for, to bind a pooled environment to. */
export interface BindRequest {
  readonly candidate: string;
  /** The scenario's id and file; a warm environment takes them (and seed and faults), a hot one keeps its own. */
  readonly scenario: string;
  readonly scenarioPath: string;
  readonly seed: number;
  readonly faults: readonly FaultState[];
  readonly ttlMs: number;
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

/**
 * The state of a pooled environment once a candidate took it: the candidate's
 * name, TTL and creation time from now (the timeline starts over), this
 * process as owner while it binds, marked taken so no other `up` can pick it,
 * and — for a warm one — the requested scenario, seed and planned faults. Pure.
 */
export function bindPooledState(state: EnvState, request: BindRequest): EnvState {
  const hot = state.pool?.scenario !== undefined;
  const { readyAt: _readyAt, failure: _failure, ...rest } = state;
  return {
    ...rest,
    candidate: request.candidate,
    ...(hot ? {} : { scenario: request.scenario, scenarioPath: request.scenarioPath, seed: request.seed, faults: [...request.faults] }),
    createdAt: request.now.toISOString(),
    expiresAt: new Date(request.now.getTime() + request.ttlMs).toISOString(),
    phase: 'injecting',
    ...ownedByThisProcess(),
    pool: { pooledAt: state.pool?.pooledAt ?? state.createdAt, ...(hot ? { scenario: state.pool?.scenario } : {}), takenAt: request.now.toISOString() },
    extra: { ...state.extra, ...request.extra },
  };
}
