import { describe, expect, it } from 'vitest';
import { ordersEnvSchema } from '../../../app/orders/config.js';
import { formatConfigIssues } from '../../../app/shared/env-config.js';

const valid = { ORDERS_PORT: '8081', ORDERS_INSTANCE: 'app-1', ORDERS_ETCD_URL: 'http://store:2379' };

describe('ordersEnvSchema', () => {
  it('applies the defaults for the data dir, bind address, trace padding and cache size', () => {
    expect(ordersEnvSchema.parse(valid)).toEqual({
      ORDERS_PORT: 8081,
      ORDERS_HOST: '0.0.0.0',
      ORDERS_INSTANCE: 'app-1',
      ORDERS_DATA_DIR: '/var/lib/orders',
      ORDERS_ETCD_URL: 'http://store:2379',
      ORDERS_TRACE_PAD_BYTES: 0,
      ORDERS_CACHE_MB: 0,
    });
  });

  it.each([
    ['a port out of range', { ORDERS_PORT: '70000' }, 'ORDERS_PORT'],
    ['an instance with a space', { ORDERS_INSTANCE: 'app 1' }, 'ORDERS_INSTANCE'],
    ['an etcd address without a scheme', { ORDERS_ETCD_URL: 'store:2379' }, 'ORDERS_ETCD_URL'],
    ['a relative data dir', { ORDERS_DATA_DIR: 'data' }, 'ORDERS_DATA_DIR'],
    ['a negative trace padding', { ORDERS_TRACE_PAD_BYTES: '-1' }, 'ORDERS_TRACE_PAD_BYTES'],
  ])('rejects %s and names the variable and the value', (_name, override, variable) => {
    const env = { ...valid, ...override };
    const result = ordersEnvSchema.safeParse(env);
    expect(result.success).toBe(false);
    const lines = formatConfigIssues(result.error!, env);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^  ${variable}: .*got ${JSON.stringify(Object.values(override)[0])}`));
  });

  it('says when a required variable is not set', () => {
    const env = { ORDERS_PORT: '8081', ORDERS_ETCD_URL: 'http://store:2379' };
    const result = ordersEnvSchema.safeParse(env);
    expect(formatConfigIssues(result.error!, env)).toEqual([expect.stringMatching(/^  ORDERS_INSTANCE: .*\(it is not set\)$/)]);
  });
});
