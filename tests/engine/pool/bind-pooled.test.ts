import { describe, expect, it } from 'vitest';
import { bindPooledState } from '../../../src/engine/pool/bind-pooled.js';
import { envStateSchema } from '../../../src/schema/state.js';
import { pooledEnv } from './pooled-env.js';

const now = new Date('2025-03-05T12:00:00.000Z');
const request = {
  candidate: 'ada',
  scenario: 'misrouted-service',
  scenarioPath: '/s/misrouted-service.yaml',
  seed: 1234,
  faults: [{ id: 'misrouted-service', params: { mode: 'port' } }],
  ttlMs: 3_600_000,
  extra: { draw: { filter: 'level=2' } },
  now,
};

describe('bindPooledState', () => {
  it('binds a warm environment to the candidate, the requested scenario, seed and faults, with TTL and timeline from now', () => {
    const bound = bindPooledState(pooledEnv('a00001'), request);
    expect(envStateSchema.parse(bound)).toEqual(bound);
    expect(bound).toMatchObject({
      candidate: 'ada',
      scenario: 'misrouted-service',
      scenarioPath: '/s/misrouted-service.yaml',
      seed: 1234,
      faults: request.faults,
      createdAt: '2025-03-05T12:00:00.000Z',
      expiresAt: '2025-03-05T13:00:00.000Z',
      phase: 'injecting',
      ownerPid: process.pid,
      pool: { pooledAt: '2025-03-04T08:00:00.000Z', takenAt: '2025-03-05T12:00:00.000Z' },
      extra: { draw: { filter: 'level=2' } },
    });
    expect(bound.name).toBe('pool-a00001');
    expect(bound.readyAt).toBeUndefined();
  });

  it('keeps a hot environment’s scenario, seed and faults: they were injected with the pool’s seed', () => {
    const hot = pooledEnv('b00001', { scenario: 'disk-pressure', seed: 99 });
    const bound = bindPooledState(hot, { ...request, scenario: 'disk-pressure', scenarioPath: '/s/disk-pressure.yaml' });
    expect(bound).toMatchObject({ candidate: 'ada', scenario: 'disk-pressure', seed: 99, faults: hot.faults, pool: { scenario: 'disk-pressure', takenAt: now.toISOString() } });
  });
});
