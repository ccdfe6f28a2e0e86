import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listStates, writeState } from '../../../src/core/state-store.js';
import { claimUnclaimedForDestroy, takePooled, takePooledWith } from '../../../src/engine/pool/take-pooled.js';
import type { EnvState } from '../../../src/schema/state.js';
import { pooledEnv } from './pooled-env.js';

const request = { candidate: 'ada', scenario: 'baseline', scenarioPath: '/s/baseline.yaml', seed: 1, faults: [], ttlMs: 60_000 };
const want = { scenario: 'baseline', target: 'local' as const };

describe('takePooled (real flock locks, real state files)', () => {
  let home: string;
  const saved = process.env.FAULTLINE_HOME;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'fl-pool-take-'));
    process.env.FAULTLINE_HOME = home;
  });
  afterEach(() => {
    process.env.FAULTLINE_HOME = saved;
    rmSync(home, { recursive: true, force: true });
  });

  it('gives one pooled environment to exactly one of many concurrent takers', async () => {
    await writeState(pooledEnv('a00001'));
    await writeState(pooledEnv('a00002', { pooledAt: '2025-03-04T09:00:00.000Z' }));
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => takePooled(want, { ...request, candidate: `c${i}` })));
    const taken = results.filter((state) => state !== undefined);
    expect(taken.map((state) => state.name).sort()).toEqual(['pool-a00001', 'pool-a00002']);
    const states = await listStates();
    expect(new Set(states.map((state) => state.candidate)).size).toBe(2);
    expect(states.every((state) => state.pool?.takenAt !== undefined && state.phase === 'injecting')).toBe(true);
  });

  it('leaves nothing for a stopping server to destroy once taken, and nothing to take once claimed for destroy', async () => {
    await writeState(pooledEnv('a00001'));
    await writeState(pooledEnv('a00002'));
    expect((await takePooled(want, request))?.candidate).toBe('ada');
    const claimed = await claimUnclaimedForDestroy();
    expect(claimed).toHaveLength(1);
    expect(claimed[0]?.phase).toBe('destroying');
    expect(await takePooled(want, request)).toBeUndefined();
  });

  it('takes for a reset with the given binding, only a warm one, leaving a hot one of the same scenario and seed', async () => {
    await writeState(pooledEnv('b00001', { scenario: 'disk-pressure', seed: 5 }));
    const bind = (state: EnvState): EnvState => ({ ...state, candidate: 'ada', phase: 'injecting', pool: { pooledAt: state.pool?.pooledAt ?? '', takenAt: 'now' } });
    const resetWant = { scenario: 'disk-pressure', target: 'local' as const, seed: 5, warmOnly: true };
    expect(await takePooledWith(resetWant, bind)).toBeUndefined();
    await writeState(pooledEnv('a00001'));
    expect((await takePooledWith(resetWant, bind))?.name).toBe('pool-a00001');
    expect((await listStates()).find((state) => state.name === 'pool-b00001')?.pool?.takenAt).toBeUndefined();
  });
});
