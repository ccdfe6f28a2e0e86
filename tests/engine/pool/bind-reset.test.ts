import { describe, expect, it } from 'vitest';
import { bindForReset } from '../../../src/engine/pool/bind-reset.js';
import { envStateSchema, type EnvState } from '../../../src/schema/state.js';
import { pooledEnv } from './pooled-env.js';

const now = new Date('2025-03-05T12:00:00.000Z');
/** The environment being reset: bound to ada an hour ago, disk-pressure with its resolved params, two hours left. */
const replaced: EnvState = {
  ...pooledEnv('c00001'),
  name: 'disk-pressure-ada-c00001',
  candidate: 'ada',
  scenario: 'disk-pressure',
  scenarioPath: '/s/disk-pressure.yaml',
  seed: 4242,
  faults: [{ id: 'disk-pressure', params: { instance: 2, dropIn: 'debug.conf', traceFile: 'trace.log', padBytes: 65536 } }],
  createdAt: '2025-03-05T11:00:00.000Z',
  expiresAt: '2025-03-05T14:00:00.000Z',
  readyAt: '2025-03-05T11:01:00.000Z',
  phase: 'ready',
  access: { bindAddress: '127.0.0.1', port: 2201 },
  extra: { draw: { filter: 'level=3' } },
  pool: undefined,
};

describe('bindForReset', () => {
  it('binds a warm environment to the replaced one’s candidate, scenario, seed and resolved fault params', () => {
    const bound = bindForReset(pooledEnv('a00001'), replaced, now);
    expect(envStateSchema.parse(bound)).toEqual(bound);
    expect(bound).toMatchObject({
      name: 'pool-a00001',
      candidate: 'ada',
      scenario: 'disk-pressure',
      scenarioPath: '/s/disk-pressure.yaml',
      seed: 4242,
      faults: replaced.faults,
      phase: 'injecting',
      ownerPid: process.pid,
      extra: { draw: { filter: 'level=3' } },
      pool: { pooledAt: '2025-03-04T08:00:00.000Z', takenAt: now.toISOString() },
    });
    expect(bound.readyAt).toBeUndefined();
    // Access is published anew for this environment when it is activated: nothing of the old port is kept.
    expect(bound.access).toBeUndefined();
  });

  it('keeps the interview’s creation time and expiry: a reset never extends the TTL', () => {
    const bound = bindForReset(pooledEnv('a00001'), replaced, now);
    expect(bound.createdAt).toBe('2025-03-05T11:00:00.000Z');
    expect(bound.expiresAt).toBe('2025-03-05T14:00:00.000Z');
  });

  it('remembers every name the interview had, oldest first', () => {
    const once = bindForReset(pooledEnv('a00001'), replaced, now);
    expect(once.previousNames).toEqual(['disk-pressure-ada-c00001']);
    const twice = bindForReset(pooledEnv('a00002'), { ...once, phase: 'ready' }, now);
    expect(twice.previousNames).toEqual(['disk-pressure-ada-c00001', 'pool-a00001']);
  });
});
