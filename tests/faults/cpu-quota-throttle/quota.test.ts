import { describe, expect, it } from 'vitest';
import { countSlow, describeTimedRequests, parseTimedRequests, timedGetsScript } from '../../../faults/cpu-quota-throttle/host/latency.js';
import { resolveCpuQuotaThrottleParams, type CpuQuotaThrottleParams } from '../../../faults/cpu-quota-throttle/host/params.js';
import { parseCpuQuota, quotaTarget, renderFixDropIn, renderQuotaDropIn, throttledInstances, tightestCap } from '../../../faults/cpu-quota-throttle/host/quota.js';
import { createRng } from '../../../src/core/rng.js';

const unit: CpuQuotaThrottleParams = { variant: 'unit', instance: 2, quotaPercent: 3, dropIn: 'cpu-budget.conf' };
const slice: CpuQuotaThrottleParams = { ...unit, variant: 'slice' };

describe('cpu-quota-throttle', () => {
  it('seeds cover both variants, both instances and both quotas', () => {
    const drawn = Array.from({ length: 100 }, (_, seed) => resolveCpuQuotaThrottleParams({}, createRng(seed)));
    expect(new Set(drawn.map((p) => p.variant))).toEqual(new Set(['unit', 'slice']));
    expect(new Set(drawn.map((p) => p.instance))).toEqual(new Set([1, 2]));
    expect(new Set(drawn.map((p) => p.quotaPercent))).toEqual(new Set([2, 3]));
  });

  it('puts the quota on the instance or on the slice, in the matching section', () => {
    expect(quotaTarget(unit)).toBe('orders@2.service');
    expect(throttledInstances(unit)).toEqual([2]);
    expect(renderQuotaDropIn(unit)).toMatch(/^\[Service\]\nCPUQuota=3%$/m);
    expect(quotaTarget(slice)).toBe('system-orders.slice');
    expect(throttledInstances(slice)).toEqual([1, 2]);
    expect(renderQuotaDropIn(slice)).toMatch(/^\[Slice\]\nCPUQuota=3%$/m);
    expect(renderFixDropIn(slice)).toBe('[Slice]\nCPUQuota=200%\n');
  });

  it('reads CPUQuota= values as cores', () => {
    expect(parseCpuQuota('3%')).toBeCloseTo(0.03);
    expect(parseCpuQuota('200%')).toBe(2);
    expect(parseCpuQuota('')).toBe(Number.POSITIVE_INFINITY);
    expect(parseCpuQuota(undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(parseCpuQuota('lots')).toBeUndefined();
  });

  it('finds the tightest cap on the cgroup path (-1 is none)', () => {
    const level = (path: string, quota: string) => ({ path, files: { 'cpu.cfs_quota_us': quota, 'cpu.cfs_period_us': '100000' } });
    expect(tightestCap([level('/system.slice/system-orders.slice/orders@1.service', '-1'), level('/system.slice/system-orders.slice', '3000'), level('/', '-1')])).toEqual({
      cores: 0.03,
      at: '/system.slice/system-orders.slice',
    });
    expect(tightestCap([level('/', '-1')]).cores).toBe(Number.POSITIVE_INFINITY);
  });

  it('times requests and counts the slow and the failed', () => {
    expect(timedGetsScript('http://app:8081/api/orders', 6)).toContain('seq 1 6');
    const gets = parseTimedRequests('200 0.004\n200 0.180\n000 0.001\nnoise\n');
    expect(gets).toEqual([
      { status: '200', seconds: 0.004 },
      { status: '200', seconds: 0.18 },
      { status: '000', seconds: 0.001 },
    ]);
    expect(countSlow(gets, 0.05)).toBe(2);
    expect(describeTimedRequests(gets)).toBe('200 4 ms, 200 180 ms, no answer 1 ms');
  });
});
