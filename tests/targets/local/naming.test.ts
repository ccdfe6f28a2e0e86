import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/stack/topology.js';
import { bridgeName, envIdOf, machineName, ruleComment } from '../../../src/targets/local/naming.js';

describe('host-side names', () => {
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
});
