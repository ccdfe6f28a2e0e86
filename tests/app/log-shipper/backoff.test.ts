import { describe, expect, it } from 'vitest';
import { getBackoffMs } from '../../../app/log-shipper/backoff.js';

describe('getBackoffMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => getBackoffMs(n, 500, 3000))).toEqual([500, 1000, 2000, 3000]);
    expect(getBackoffMs(50)).toBe(30_000);
  });
});
