import { describe, expect, it } from 'vitest';
import { validateFaultParams } from '../../../faults/registry.js';

describe('disk-pressure params through the registry', () => {
  it('no params parse to none (every one is drawn from the seed)', () => {
    expect(validateFaultParams('disk-pressure', undefined)).toEqual({});
  });
});
