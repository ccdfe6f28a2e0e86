import { describe, expect, it } from 'vitest';
import { getFault } from '../../faults/registry.js';
import { createRng } from '../../src/core/rng.js';

/** The host faults and the param values their seed must be able to produce. */
const HOST_FAULTS: { id: string; covers: Record<string, readonly unknown[]> }[] = [
  { id: 'misrouted-service', covers: { variant: ['upstream-port', 'nat-redirect'], instance: [1, 2, 'both'] } },
  { id: 'disk-pressure', covers: { instance: [1, 2] } },
  {
    id: 'bad-alert-rule',
    covers: { variant: ['wrong-metric', 'inverted', 'absurd-for', 'wrong-label'], instance: [1, 2], outage: ['masked', 'firewalled'] },
  },
];

describe.each(HOST_FAULTS)('$id params', ({ id, covers }) => {
  const fault = getFault(id);

  it('the same seed gives the same params', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1]) {
      expect(fault.resolveParams({}, createRng(seed))).toEqual(fault.resolveParams({}, createRng(seed)));
    }
  });

  it('different seeds cover every variant', () => {
    const drawn = Array.from({ length: 200 }, (_, seed) => fault.resolveParams({}, createRng(seed)) as Record<string, unknown>);
    for (const [key, values] of Object.entries(covers)) {
      expect(new Set(drawn.map((p) => p[key])), key).toEqual(new Set(values));
    }
  });

  it('resolved params are accepted by the params schema (a scenario may pin all of them)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const params = fault.resolveParams({}, createRng(seed));
      expect(fault.params.safeParse(params).success).toBe(true);
    }
  });

  it('given params win and do not change the other draws', () => {
    const [key, values] = Object.entries(covers)[0] ?? ['', []];
    const free = fault.resolveParams({}, createRng(7)) as Record<string, unknown>;
    const pinnedValue = values.find((v) => v !== free[key] && !(free.variant === 'nat-redirect' && v === 'both'));
    const pinned = fault.resolveParams({ [key]: pinnedValue }, createRng(7)) as Record<string, unknown>;
    expect(pinned[key]).toBe(pinnedValue);
    for (const other of Object.keys(free).filter((k) => k !== key && k !== 'instance')) {
      expect(pinned[other], other).toEqual(free[other]);
    }
  });

  it('an unknown param is rejected', () => {
    expect(fault.params.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('param rules a schema must enforce', () => {
  it('misrouted-service: nat-redirect of both instances is invalid, in the schema and in resolveParams', () => {
    const fault = getFault('misrouted-service');
    expect(fault.params.safeParse({ variant: 'nat-redirect', instance: 'both' }).success).toBe(false);
    expect(() => fault.resolveParams({ variant: 'nat-redirect', instance: 'both' }, createRng(1))).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
    expect(fault.params.safeParse({ variant: 'upstream-port', instance: 'both' }).success).toBe(true);
  });

  it('misrouted-service: a "wrong" port that is an orders port is refused', () => {
    expect(getFault('misrouted-service').params.safeParse({ wrongPort: 8082 }).success).toBe(false);
  });

  it('disk-pressure: file names cannot escape the volume or the drop-in directory', () => {
    const schema = getFault('disk-pressure').params;
    expect(schema.safeParse({ traceFile: '../etc/passwd' }).success).toBe(false);
    expect(schema.safeParse({ dropIn: 'debug' }).success).toBe(false);
    expect(schema.safeParse({ traceFile: 'trace.log', dropIn: 'debug.conf', padBytes: 65536, instance: 2 }).success).toBe(true);
  });

  it('bad-alert-rule: the broken rule cannot be the healthy one', () => {
    const schema = getFault('bad-alert-rule').params;
    expect(schema.safeParse({ wrongMetric: 'up' }).success).toBe(false);
    expect(schema.safeParse({ wrongJob: 'orders' }).success).toBe(false);
    expect(schema.safeParse({ comparison: '== 0' }).success).toBe(false);
    expect(schema.safeParse({ absurdFor: '20s' }).success).toBe(false);
  });

  it('bad-alert-rule: the seed never picks the comparison that pages the healthy instance', () => {
    const comparisons = new Set(Array.from({ length: 100 }, (_, seed) => (getFault('bad-alert-rule').resolveParams({}, createRng(seed)) as { comparison: string }).comparison));
    expect(comparisons).toEqual(new Set(['> 1']));
  });
});
