import { describe, expect, it } from 'vitest';
import { createStatsWindow, percentile } from '../../../app/loadgen/stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.95)).toBe(10);
    expect(percentile([7.25], 0.5)).toBe(7.3);
  });

  it('is null for an empty window', () => {
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('createStatsWindow', () => {
  it('summarises statuses, errors and skips, then starts a fresh window', () => {
    const stats = createStatsWindow(1000);
    stats.record({ status: 200 }, 10);
    stats.record({ status: 200 }, 30);
    stats.record({ status: 502 }, 20);
    stats.record({ error: 'ECONNREFUSED' }, 1);
    stats.skip();
    expect(stats.flush(11_000)).toEqual({
      windowS: 10,
      requests: 4,
      byStatus: { '200': 2, '502': 1 },
      errors: { ECONNREFUSED: 1 },
      skipped: 1,
      p50Ms: 10,
      p95Ms: 30,
    });
    expect(stats.flush(12_000)).toMatchObject({ windowS: 1, requests: 0, byStatus: {}, errors: {}, p50Ms: null });
  });
});
