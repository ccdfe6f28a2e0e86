import { describe, expect, it } from 'vitest';
import { getImplementation, listFaults, faultKinds } from '../../faults/registry.js';
import { createRng } from '../../src/core/rng.js';

const IMPLEMENTATIONS = listFaults().flatMap((fault) => faultKinds(fault).map((kind) => ({ id: fault.id, kind, impl: getImplementation(fault.id, kind) })));

describe.each(IMPLEMENTATIONS)('$id ($kind) params', ({ impl }) => {
  it('the same seed gives the same params', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1]) {
      expect(impl.resolveParams({}, createRng(seed))).toEqual(impl.resolveParams({}, createRng(seed)));
    }
  });

  it('different seeds give at least two variants', () => {
    const drawn = new Set(Array.from({ length: 50 }, (_, seed) => JSON.stringify(impl.resolveParams({}, createRng(seed)))));
    expect(drawn.size).toBeGreaterThanOrEqual(2);
  });

  it('resolved params are accepted by the params schema (a scenario may pin all of them)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const params = impl.resolveParams({}, createRng(seed));
      expect(impl.params.safeParse(params).success).toBe(true);
    }
  });

  it('given params win over the seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const pinned = impl.resolveParams({}, createRng(seed + 1000)) as Record<string, unknown>;
      expect(impl.resolveParams(pinned, createRng(seed))).toEqual(pinned);
    }
  });

  it('an unknown param is rejected', () => {
    expect(impl.params.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

/** Each host fault's own variants: the values its seed must be able to produce. */
const HOST_VARIANTS: { id: string; covers: Record<string, readonly unknown[]> }[] = [
  { id: 'misrouted-service', covers: { variant: ['upstream-port', 'nat-redirect'], instance: [1, 2, 'both'] } },
  { id: 'disk-pressure', covers: { instance: [1, 2] } },
  {
    id: 'bad-alert-rule',
    covers: { variant: ['wrong-metric', 'inverted', 'absurd-for', 'wrong-label'], instance: [1, 2], outage: ['masked', 'firewalled'] },
  },
];

describe.each(HOST_VARIANTS)('$id: seeds cover every variant', ({ id, covers }) => {
  it('different seeds cover every value', () => {
    const impl = getImplementation(id, 'host');
    const drawn = Array.from({ length: 200 }, (_, seed) => impl.resolveParams({}, createRng(seed)) as Record<string, unknown>);
    for (const [key, values] of Object.entries(covers)) {
      expect(new Set(drawn.map((p) => p[key])), key).toEqual(new Set(values));
    }
  });
});

describe('param rules a schema must enforce', () => {
  it('misrouted-service: nat-redirect of both instances is invalid, in the schema and in resolveParams', () => {
    const fault = getImplementation('misrouted-service', 'host');
    expect(fault.params.safeParse({ variant: 'nat-redirect', instance: 'both' }).success).toBe(false);
    expect(() => fault.resolveParams({ variant: 'nat-redirect', instance: 'both' }, createRng(1))).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
    expect(fault.params.safeParse({ variant: 'upstream-port', instance: 'both' }).success).toBe(true);
  });

  it('misrouted-service: a "wrong" port that is an orders port is refused', () => {
    expect(getImplementation('misrouted-service', 'host').params.safeParse({ wrongPort: 8082 }).success).toBe(false);
  });

  it('disk-pressure: file names cannot escape the volume or the drop-in directory', () => {
    const schema = getImplementation('disk-pressure', 'host').params;
    expect(schema.safeParse({ traceFile: '../etc/passwd' }).success).toBe(false);
    expect(schema.safeParse({ dropIn: 'debug' }).success).toBe(false);
    expect(schema.safeParse({ traceFile: 'trace.log', dropIn: 'debug.conf', padBytes: 65536, instance: 2 }).success).toBe(true);
  });

  it('bad-alert-rule: the broken rule cannot be the healthy one', () => {
    const schema = getImplementation('bad-alert-rule', 'host').params;
    expect(schema.safeParse({ wrongMetric: 'up' }).success).toBe(false);
    expect(schema.safeParse({ wrongJob: 'orders' }).success).toBe(false);
    expect(schema.safeParse({ comparison: '== 0' }).success).toBe(false);
    expect(schema.safeParse({ absurdFor: '20s' }).success).toBe(false);
  });

  it('bad-alert-rule: the seed never picks the comparison that pages the healthy instance', () => {
    const comparisons = new Set(Array.from({ length: 100 }, (_, seed) => (getImplementation('bad-alert-rule', 'host').resolveParams({}, createRng(seed)) as { comparison: string }).comparison));
    expect(comparisons).toEqual(new Set(['> 1']));
  });
});
