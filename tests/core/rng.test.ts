import { describe, expect, it } from 'vitest';
import { createRng, hashString } from '../../src/core/rng.js';

describe('seeded generator', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const rng = createRng(7);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('forks children that depend only on the seed and the label, not on draws made before', () => {
    const a = createRng(9);
    a.next();
    a.next();
    const b = createRng(9);
    expect(a.fork('0:disk-pressure').next()).toBe(b.fork('0:disk-pressure').next());
    expect(a.fork('0:disk-pressure').next()).not.toBe(b.fork('1:disk-pressure').next());
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRng(1).pick([])).toThrow(RangeError);
  });

  it('hashes strings stably (FNV-1a)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('faultline')).toBe(hashString('faultline'));
  });
});
