import { describe, expect, it } from 'vitest';
import { configuredUnits, limitTarget, parseMemoryMax, renderFixDropIn, renderLimitDropIn, tightestLimit } from '../../../faults/memory-max-oom/host/limit.js';
import { LIMITS_MIB, resolveMemoryMaxOomParams } from '../../../faults/memory-max-oom/host/params.js';
import { createRng } from '../../../src/core/rng.js';

const MIB = 1024 * 1024;

describe('memory-max-oom', () => {
  it('seeds cover both variants, both instances and every limit', () => {
    const drawn = Array.from({ length: 100 }, (_, seed) => resolveMemoryMaxOomParams({}, createRng(seed)));
    expect(new Set(drawn.map((p) => p.variant))).toEqual(new Set(['template', 'instance']));
    expect(new Set(drawn.map((p) => p.instance))).toEqual(new Set([1, 2]));
    expect(new Set(drawn.map((p) => p.limitMiB))).toEqual(new Set(LIMITS_MIB));
    expect(resolveMemoryMaxOomParams({ variant: 'instance', instance: 2, limitMiB: 40 }, createRng(1))).toMatchObject({ variant: 'instance', instance: 2, limitMiB: 40 });
  });

  it('puts the guard on the template (both instances) or on one instance', () => {
    const template = { variant: 'template', instance: 2, limitMiB: 48, dropIn: 'memory-guard.conf' } as const;
    expect(limitTarget(template)).toBe('orders@.service');
    expect(configuredUnits(template)).toEqual(['orders@1.service', 'orders@2.service']);
    expect(renderLimitDropIn(template)).toMatch(/^\[Service\]\nMemoryMax=48M$/m);
    const instance = { ...template, variant: 'instance' } as const;
    expect(limitTarget(instance)).toBe('orders@2.service');
    expect(configuredUnits(instance)).toEqual(['orders@2.service']);
    expect(renderFixDropIn()).toBe('[Service]\nMemoryMax=256M\n');
  });

  it('reads MemoryMax= values as systemd does (1024-based suffixes, infinity, empty resets)', () => {
    expect(parseMemoryMax('48M')).toBe(48 * MIB);
    expect(parseMemoryMax('1G')).toBe(1024 * MIB);
    expect(parseMemoryMax('1.5k')).toBe(1536);
    expect(parseMemoryMax('100663296')).toBe(96 * MIB);
    expect(parseMemoryMax('infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(parseMemoryMax('')).toBe(Number.POSITIVE_INFINITY);
    expect(parseMemoryMax('10%')).toBeUndefined();
  });

  it('finds the tightest limit below the machine, ignoring v1 "unlimited"', () => {
    const level = (path: string, limit: number, usage: number) => ({ path, files: { 'memory.limit_in_bytes': String(limit), 'memory.usage_in_bytes': String(usage) } });
    const unlimited = 9223372036854771712;
    expect(
      tightestLimit([level('/system.slice/system-orders.slice/orders@1.service', unlimited, 75 * MIB), level('/system.slice/system-orders.slice', 112 * MIB, 110 * MIB), level('/', 512 * MIB, 300 * MIB)]),
    ).toEqual({ bytes: 112 * MIB, usage: 110 * MIB, at: '/system.slice/system-orders.slice' });
    expect(tightestLimit([level('/x.service', unlimited, 1), level('/', 512 * MIB, 1)])).toBeUndefined();
  });
});
