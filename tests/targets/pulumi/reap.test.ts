import { describe, expect, it } from 'vitest';
import { selectExpired } from '../../../src/targets/pulumi/reap.js';
import { splitOutputs } from '../../../src/targets/pulumi/up.js';

describe('reaping', () => {
  it('selects only stacks whose expiry has passed', () => {
    const stacks = [
      { envId: 'old', target: 'aws', expiresAt: '2026-01-01T00:00:00Z' },
      { envId: 'now', target: 'aws', expiresAt: '2026-01-01T01:00:00Z' },
      { envId: 'new', target: 'kubernetes', expiresAt: '2026-01-01T02:00:00Z' },
      { envId: 'unknown', target: undefined, expiresAt: undefined },
    ];
    expect(selectExpired(stacks, new Date('2026-01-01T01:00:00Z')).map((s) => s.envId)).toEqual(['old', 'now']);
  });

  it('keeps secret stack outputs out of what up returns', () => {
    const split = splitOutputs({ publicIp: { value: '192.0.2.1', secret: false }, kubeconfig: { value: 'token: x', secret: true } });
    expect(split).toEqual({ outputs: { publicIp: '192.0.2.1' }, secretOutputs: ['kubeconfig'] });
  });
});
