import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/stack/topology.js';
import { bridgeName, envIdOf, envName, machineName, newEnvId, ruleComment } from '../../../src/targets/local/naming.js';

describe('host-side names', () => {
  it('makes 6-hex-digit ids', () => {
    for (let i = 0; i < 20; i++) expect(newEnvId()).toMatch(/^[0-9a-f]{6}$/);
  });

  it('keeps interface and machine names within the kernel’s 15 characters', () => {
    expect(bridgeName('abcdef').length).toBeLessThanOrEqual(15);
    for (const role of ROLES) expect(machineName('abcdef', role).length).toBeLessThanOrEqual(15);
  });

  it('lets gc recover the env id from every kind of object name, and nothing else', () => {
    expect(envIdOf(machineName('3fa2c1', 'store'))).toBe('3fa2c1');
    expect(envIdOf(bridgeName('3fa2c1'))).toBe('3fa2c1');
    expect(envIdOf(`-A INPUT -m comment --comment "${ruleComment('3fa2c1')}" -j DROP`)).toBe('3fa2c1');
    expect(envIdOf('eth0')).toBeUndefined();
    expect(envIdOf('fl-3fa2c1-db')).toBeUndefined();
  });

  it('names environments after scenario, candidate and id', () => {
    expect(envName('disk-pressure', 'ada', '3fa2c1')).toBe('disk-pressure-ada-3fa2c1');
  });
});
