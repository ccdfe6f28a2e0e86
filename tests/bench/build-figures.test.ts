import { describe, expect, it } from 'vitest';
import { concurrencyFigures } from '../../bench/build-figures.js';
import type { ConcurrencyRun } from '../../bench/measure-concurrency.js';

const concurrency = (requested: number, succeeded: number, failures: string[] = []): ConcurrencyRun => ({
  requested,
  succeeded,
  failures,
  wallMs: 40_000,
  totalCgroupBytes: 1e9,
  memAvailableDeltaBytes: 1e9,
  downAllMs: 9_000,
});

describe('concurrencyFigures', () => {
  it('meets the target only with 10 or more at once and no failure', () => {
    expect(concurrencyFigures(concurrency(10, 10))[0]?.targets[0]?.met).toBe(true);
    expect(concurrencyFigures(concurrency(10, 9, ['bench-c3: exit 51']))[0]?.targets[0]?.met).toBe(false);
  });

  it('leaves the target unjudged for a smaller clean run, but fails a smaller run with failures', () => {
    expect(concurrencyFigures(concurrency(2, 2))[0]?.targets[0]?.met).toBeUndefined();
    expect(concurrencyFigures(concurrency(2, 1, ['x']))[0]?.targets[0]?.met).toBe(false);
  });
});
