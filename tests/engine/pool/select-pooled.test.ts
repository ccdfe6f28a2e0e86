import { describe, expect, it } from 'vitest';
import { isUnclaimed, selectPooled } from '../../../src/engine/pool/select-pooled.js';
import { pooledEnv } from './pooled-env.js';

describe('selectPooled', () => {
  const warmOld = pooledEnv('a00001', { pooledAt: '2025-03-04T08:00:00.000Z' });
  const warmNew = pooledEnv('a00002', { pooledAt: '2025-03-04T09:00:00.000Z' });
  const hot = pooledEnv('b00001', { scenario: 'disk-pressure', pooledAt: '2025-03-04T10:00:00.000Z', seed: 99 });

  it('takes a hot environment faulted for the wanted scenario before any warm one', () => {
    expect(selectPooled([warmOld, warmNew, hot], { scenario: 'disk-pressure', target: 'local' })?.name).toBe('pool-b00001');
  });

  it('falls back to the oldest warm environment when no hot one fits', () => {
    expect(selectPooled([warmNew, hot, warmOld], { scenario: 'misrouted-service', target: 'local' })?.name).toBe('pool-a00001');
  });

  it('takes a hot environment for an explicit seed only when it was faulted with that seed', () => {
    expect(selectPooled([hot, warmOld], { scenario: 'disk-pressure', target: 'local', seed: 5 })?.name).toBe('pool-a00001');
    expect(selectPooled([hot, warmOld], { scenario: 'disk-pressure', target: 'local', seed: 99 })?.name).toBe('pool-b00001');
  });

  it('never takes an environment another candidate took, one still booting, or one of another target', () => {
    const taken = pooledEnv('c00001', { takenAt: '2025-03-04T11:00:00.000Z' });
    const booting = pooledEnv('c00002', { phase: 'baseline' });
    const cloud = { ...pooledEnv('c00003'), target: 'aws' as const };
    expect(selectPooled([taken, booting, cloud], { scenario: 'baseline', target: 'local' })).toBeUndefined();
    expect([taken, booting].filter(isUnclaimed)).toEqual([]);
  });

  it('never takes a hot environment for another scenario as if it were warm', () => {
    expect(selectPooled([hot], { scenario: 'baseline', target: 'local' })).toBeUndefined();
  });

  it('for a reset (warmOnly) never takes a hot environment, not even one of the same scenario and seed', () => {
    expect(selectPooled([hot, warmNew, warmOld], { scenario: 'disk-pressure', target: 'local', seed: 99, warmOnly: true })?.name).toBe('pool-a00001');
    expect(selectPooled([hot], { scenario: 'disk-pressure', target: 'local', seed: 99, warmOnly: true })).toBeUndefined();
  });
});
