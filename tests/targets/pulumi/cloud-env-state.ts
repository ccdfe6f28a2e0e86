import type { EnvState } from '../../../src/schema/state.js';
import { ROLES } from '../../../src/stack/topology.js';

/** A cloud environment's state as allocate + provision leave it (no local subnet: pods play the machines). */
export function cloudEnvState(target: 'aws' | 'kubernetes', phase: EnvState['phase'], extra: Record<string, unknown>): EnvState {
  return {
    version: 1,
    id: 'c0ffee',
    name: 'baseline-ada-c0ffee',
    scenario: 'baseline',
    scenarioPath: 'scenarios/baseline.yaml',
    candidate: 'ada',
    seed: 7,
    target,
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-01T02:00:00.000Z',
    phase,
    subnet: '',
    machines: ROLES.map((role) => ({ role, name: role, address: '' })),
    faults: [],
    extra,
  };
}
