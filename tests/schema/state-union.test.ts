import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/schema/config.js';
import { envStateSchema } from '../../src/schema/state.js';
import { ROLES } from '../../src/stack/topology.js';
import { targetFor } from '../../src/targets/index.js';

const common = {
  version: 1,
  id: 'c0ffee',
  name: 'baseline-ada-c0ffee',
  scenario: 'baseline',
  scenarioPath: 'scenarios/baseline.yaml',
  candidate: 'ada',
  seed: 7,
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-01T02:00:00.000Z',
  phase: 'ready',
};

describe('the environment state, a union keyed by target', () => {
  it('reads a local state as written before the union, pids and volumes kept', () => {
    const state = envStateSchema.parse({
      ...common,
      target: 'local',
      subnet: '10.213.7',
      bridge: 'flb-c0ffee',
      machines: [{ role: 'edge', name: 'fl-c0ffee-edge', address: '10.213.7.10', nspawnPid: 41, leaderPid: 42, upperDir: '/x/machines/edge/upper' }],
      volumes: [{ role: 'app', hostPath: '/x/volumes/app-data', mountPoint: '/var/lib/orders', sizeMiB: 64 }],
    });
    if (state.target !== 'local') throw new Error('not narrowed to local');
    expect(state.machines[0]).toMatchObject({ leaderPid: 42, upperDir: '/x/machines/edge/upper' });
    expect(state.bridge).toBe('flb-c0ffee');
  });

  it('reads a cloud state as written before the union (empty bridge, volumes and upper dirs are dropped)', () => {
    const state = envStateSchema.parse({
      ...common,
      target: 'aws',
      subnet: '',
      bridge: '',
      machines: ROLES.map((role) => ({ role, name: role, address: '', upperDir: '' })),
      volumes: [],
      extra: { cloud: { stack: 'env-c0ffee' } },
    });
    expect(state.target).toBe('aws');
    expect(state.machines).toEqual(ROLES.map((role) => ({ role, name: role, address: '' })));
    expect(state.extra).toEqual({ cloud: { stack: 'env-c0ffee' } });
  });

  it('refuses a local state without the local part', () => {
    expect(envStateSchema.safeParse({ ...common, target: 'local', subnet: '10.213.7', machines: [] }).success).toBe(false);
  });

  it('each target allocates its own part, and the result is a valid state', async () => {
    const config = configSchema.parse({});
    const request = { id: 'c0ffee', envDir: '/nonexistent/envs/baseline-ada-c0ffee', takenSubnets: new Set(['10.213.1']) };
    const local = await targetFor('local', config).allocate(request);
    // A free /24 of the pool: not one another environment holds (nor one routed on this host, which other tests may use).
    expect(local).toMatchObject({ target: 'local', bridge: 'flb-c0ffee' });
    expect(local.subnet).toMatch(/^10\.213\.\d+$/);
    expect(local.subnet).not.toBe('10.213.1');
    const kubernetes = await targetFor('kubernetes', config).allocate(request);
    expect(kubernetes).toEqual({ target: 'kubernetes', subnet: '', machines: ROLES.map((role) => ({ role, name: role, address: '' })) });
    for (const part of [local, kubernetes]) expect(envStateSchema.safeParse({ ...common, ...part }).success).toBe(true);
  });
});
