import { describe, expect, it } from 'vitest';
import { validateFaultParams } from '../../../faults/registry.js';

describe('misrouted-service params through the registry', () => {
  it('valid params come back parsed', () => {
    expect(validateFaultParams('misrouted-service', { variant: 'nat-redirect', instance: 2 })).toEqual({ variant: 'nat-redirect', instance: 2 });
  });

  it('a cross-field rule is reported at the field it concerns', () => {
    expect(() => validateFaultParams('misrouted-service', { variant: 'nat-redirect', instance: 'both' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS', details: [expect.stringMatching(/^params\.instance: nat-redirect redirects one instance/)] }),
    );
  });
});
