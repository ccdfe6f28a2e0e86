import { describe, expect, it } from 'vitest';
import { memoryAllowsOneMore, readMemAvailable } from '../../../src/engine/pool/memory-budget.js';

const MiB = 1024 * 1024;
const base = { poolBytes: 0, poolEnvs: 0, availableBytes: 8192 * MiB, budgetBytes: 1024 * MiB, estimateBytes: 384 * MiB };

describe('memoryAllowsOneMore', () => {
  it('uses the estimate until the pool has measured an environment of its own', () => {
    expect(memoryAllowsOneMore(base)).toBe(true);
    expect(memoryAllowsOneMore({ ...base, budgetBytes: 300 * MiB })).toBe(false);
  });

  it('refills only while the measured average of one more still fits the budget', () => {
    expect(memoryAllowsOneMore({ ...base, poolBytes: 600 * MiB, poolEnvs: 2 })).toBe(true);
    expect(memoryAllowsOneMore({ ...base, poolBytes: 800 * MiB, poolEnvs: 2 })).toBe(false);
  });

  it('refills nothing when the host has no room for one more, whatever the budget', () => {
    expect(memoryAllowsOneMore({ ...base, budgetBytes: 64 * 1024 * MiB, availableBytes: 200 * MiB })).toBe(false);
  });
});

describe('readMemAvailable', () => {
  it('reads the host’s MemAvailable from /proc/meminfo', async () => {
    expect(await readMemAvailable()).toBeGreaterThan(16 * MiB);
  });
});
