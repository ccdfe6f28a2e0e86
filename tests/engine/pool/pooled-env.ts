import type { EnvState } from '../../../src/schema/state.js';

/** A pooled environment's state by hand (no machines): warm unless `scenario` names the hot pool's scenario. */
export function pooledEnv(id: string, options: { readonly scenario?: string; readonly pooledAt?: string; readonly takenAt?: string; readonly phase?: EnvState['phase']; readonly seed?: number } = {}): EnvState {
  const pooledAt = options.pooledAt ?? '2025-03-04T08:00:00.000Z';
  return {
    version: 1,
    id,
    name: `pool-${id}`,
    scenario: options.scenario ?? 'baseline',
    scenarioPath: `/s/${options.scenario ?? 'baseline'}.yaml`,
    candidate: 'unclaimed',
    seed: options.seed ?? 7,
    target: 'local',
    createdAt: pooledAt,
    expiresAt: '2025-03-11T08:00:00.000Z',
    phase: options.phase ?? 'pooled',
    ownerPid: 1,
    subnet: '10.254.9',
    bridge: `flb-${id}`,
    machines: [],
    volumes: [],
    faults: options.scenario === undefined ? [] : [{ id: 'disk-pressure', params: { sizeMiB: 64 } }],
    extra: {},
    pool: { pooledAt, ...(options.scenario === undefined ? {} : { scenario: options.scenario }), ...(options.takenAt ? { takenAt: options.takenAt } : {}) },
  };
}
