import { describe, expect, it } from 'vitest';
import { concurrencyFigures } from '../../bench/build-figures.js';
import { warmFigures } from '../../bench/warm-figures.js';
import type { ConcurrencyRun } from '../../bench/measure-concurrency.js';
import type { WarmRun } from '../../bench/measure-warm-up.js';

const run = (upMs: number, downMs: number, cgroupBytes: number): WarmRun => ({
  upMs,
  downMs,
  cgroupBytes,
  memAvailableDeltaBytes: cgroupBytes,
  timings: { provisionMs: 3_000, baselineGateMs: 2_000, injectMs: undefined, symptomGateMs: undefined },
});

const concurrency = (requested: number, succeeded: number, failures: string[] = []): ConcurrencyRun => ({
  requested,
  succeeded,
  failures,
  wallMs: 40_000,
  totalCgroupBytes: 1e9,
  memAvailableDeltaBytes: 1e9,
  downAllMs: 9_000,
});

describe('warmFigures', () => {
  const warm = { runs: [run(9_000, 2_000, 250e6), run(7_000, 4_000, 260e6), run(7_500, 2_500, 400e6)], failures: [] };
  const raw = { bootMs: [3_000, 3_500, 4_000], cgroupBytes: [180e6], failures: [] };
  const byId = Object.fromEntries(warmFigures(warm, raw, 3).map((f) => [f.id, f]));

  it('judges the medians, not the best or worst run, against the targets', () => {
    expect(byId['warm-up']?.value).toBe('7.50 s (median of 3)');
    expect(byId['warm-up']?.targets[0]?.met).toBe(true);
    expect(byId['down']?.targets[0]?.met).toBe(true);
    expect(byId['ram-per-env']?.targets[0]?.met).toBe(true);
  });

  it('compares warm up with raw boot as a ratio of the medians', () => {
    expect(byId['warm-up-over-raw-boot']?.value).toBe('2.1×');
    expect(byId['warm-up-over-raw-boot']?.targets[0]?.met).toBe(false);
  });

  it('shows a failed raw boot as a failed row instead of dropping the comparison silently', () => {
    const figures = warmFigures(warm, 'nspawn missing', 3);
    expect(figures.find((f) => f.id === 'raw-boot')?.failures).toEqual(['nspawn missing']);
    expect(figures.some((f) => f.id === 'warm-up-over-raw-boot')).toBe(false);
  });
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
