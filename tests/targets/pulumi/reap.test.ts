import { describe, expect, it } from 'vitest';
import { cloudOptionsSchema } from '../../../src/targets/pulumi/options.js';
import { expiryOf, reapOrphanStacks, selectExpired, selectOrphans } from '../../../src/targets/pulumi/reap.js';
import { splitOutputs } from '../../../src/targets/pulumi/up.js';

const stacks = [
  { envId: 'old', target: 'aws', expiresAt: '2026-01-01T00:00:00Z' },
  { envId: 'now', target: 'aws', expiresAt: '2026-01-01T01:00:00Z' },
  { envId: 'new', target: 'kubernetes', expiresAt: '2026-01-01T02:00:00Z' },
  { envId: 'unknown', target: undefined, expiresAt: undefined },
];

describe('reaping', () => {
  it('selects only stacks whose expiry has passed', () => {
    expect(selectExpired(stacks, new Date('2026-01-01T01:00:00Z')).map((s) => s.envId)).toEqual(['old', 'now']);
  });

  it('leaves stacks a faultline state knows to the state-driven reap, and picks the expired orphans', () => {
    expect(selectOrphans(stacks, new Set(['old']), new Date('2026-01-01T01:00:00Z')).map((s) => s.envId)).toEqual(['now']);
  });

  it('reads the expiry from the stack outputs (in the backend), falling back to the config of older stacks', () => {
    expect(expiryOf({ expiresAt: { value: '2026-01-01T00:00:00Z' }, target: { value: 'aws' } }, {})).toEqual({ expiresAt: '2026-01-01T00:00:00Z', target: 'aws' });
    expect(expiryOf({}, { 'faultline:expiresAt': { value: '2026-02-01T00:00:00Z' }, 'faultline:target': { value: 'kubernetes' } })).toEqual({
      expiresAt: '2026-02-01T00:00:00Z',
      target: 'kubernetes',
    });
    expect(expiryOf({}, {})).toEqual({ expiresAt: undefined, target: undefined });
  });

  it('sweeps nothing, and contacts nothing, without the pulumi CLI', async () => {
    const host = { env: { PATH: '/nonexistent' }, home: '/nonexistent', exists: async () => false, readText: async () => '' };
    expect(await reapOrphanStacks(cloudOptionsSchema.parse({}), new Set(), { host })).toEqual([]);
  });

  it('keeps secret stack outputs out of what up returns', () => {
    const split = splitOutputs({ publicIp: { value: '192.0.2.1', secret: false }, kubeconfig: { value: 'token: x', secret: true } });
    expect(split).toEqual({ outputs: { publicIp: '192.0.2.1' }, secretOutputs: ['kubeconfig'] });
  });
});
