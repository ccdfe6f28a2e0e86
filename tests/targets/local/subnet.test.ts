import { describe, expect, it } from 'vitest';
import { pickSubnet } from '../../../src/targets/local/subnet.js';

describe('subnet allocation', () => {
  it('picks the first free /24 of the pool, skipping .0', () => {
    expect(pickSubnet('10.213', new Set())).toBe('10.213.1');
    expect(pickSubnet('10.213', new Set(['10.213.1', '10.213.2']))).toBe('10.213.3');
  });

  it('fails with NO_ADDRESS_SPACE and a way out when the pool is full', () => {
    const all = new Set(Array.from({ length: 256 }, (_, i) => `10.213.${i}`));
    expect(() => pickSubnet('10.213', all)).toThrow(expect.objectContaining({ code: 'NO_ADDRESS_SPACE', hint: expect.stringContaining('gc') }));
  });
});
