import { describe, expect, it } from 'vitest';
import { envName, newEnvId } from '../../src/core/env-name.js';

describe('environment names', () => {
  it('makes 6-hex-digit ids', () => {
    for (let i = 0; i < 20; i++) expect(newEnvId()).toMatch(/^[0-9a-f]{6}$/);
  });

  it('names environments after scenario, candidate and id', () => {
    expect(envName('disk-pressure', 'ada', '3fa2c1')).toBe('disk-pressure-ada-3fa2c1');
  });
});
