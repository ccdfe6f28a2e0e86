import { describe, expect, it } from 'vitest';
import { validateFaultParams } from '../../../faults/registry.js';
import { FaultlineError } from '../../../src/errors/index.js';

describe('bad-alert-rule params through the registry', () => {
  it('invalid params fail with INVALID_PARAMS and one line per problem: path, expected, got', () => {
    let error: unknown;
    try {
      validateFaultParams('bad-alert-rule', { variant: 'typo', instance: '2', colour: 'red' });
    } catch (e) {
      error = e;
    }
    const e = error as FaultlineError;
    expect(e.code).toBe('INVALID_PARAMS');
    expect(e.exitCode).toBe(22);
    expect(e.message).toBe('Fault "bad-alert-rule" has 3 invalid params:');
    expect(e.details).toHaveLength(3);
    expect(e.details.find((l) => l.startsWith('params.variant:'))).toMatch(/"wrong-metric".*got "typo"/);
    expect(e.details.find((l) => l.startsWith('params.instance:'))).toContain('got "2"');
    expect(e.details.find((l) => l.startsWith('params:'))).toContain('"colour"');
  });
});
