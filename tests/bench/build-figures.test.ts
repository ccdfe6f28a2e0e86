import { describe, expect, it } from 'vitest';
import { concurrencyFigures, faultFigures } from '../../bench/build-figures.js';
import type { FaultRun } from '../../bench/measure-faults.js';
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
  it('meets the target only with 20 or more at once and no failure', () => {
    expect(concurrencyFigures(concurrency(20, 20))[0]?.targets[0]?.met).toBe(true);
    expect(concurrencyFigures(concurrency(10, 10))[0]?.targets[0]?.met).toBeUndefined();
    expect(concurrencyFigures(concurrency(20, 19, ['bench-c3: exit 51']))[0]?.targets[0]?.met).toBe(false);
  });

  it('leaves the target unjudged for a smaller clean run, but fails a smaller run with failures', () => {
    expect(concurrencyFigures(concurrency(2, 2))[0]?.targets[0]?.met).toBeUndefined();
    expect(concurrencyFigures(concurrency(2, 1, ['x']))[0]?.targets[0]?.met).toBe(false);
  });
});

describe('faultFigures', () => {
  const fault = (resetMs: number | undefined, symptomGateMs: number | undefined): FaultRun => ({
    scenario: 'disk-pressure',
    upMs: 12_000,
    timings: { provisionMs: 3_000, baselineGateMs: 6_000, injectMs: 500, symptomGateMs },
    checkMs: 1_500,
    resetMs,
    downMs: 800,
    failures: [],
  });

  it('judges reset against 2 s plus the symptom time measured in the same up (inject 0.5 s + gate)', () => {
    expect(faultFigures([fault(7_400, 5_000)])[0]?.targets[0]).toEqual({ text: 'reset ≤ 2 s + inject + symptom = 7.50 s', met: true });
    expect(faultFigures([fault(7_600, 5_000)])[0]?.targets[0]?.met).toBe(false);
  });

  it('gives the reset by rebuild a sub-row under each fault, unjudged and not a fault row', () => {
    const rows = faultFigures([{ ...fault(2_500, 1_000), rebuildResetMs: 31_000 }]);
    expect(rows.map((row) => row.id)).toEqual(['fault-disk-pressure', 'reset-rebuild-disk-pressure']);
    expect(rows[1]).toMatchObject({ label: '  ↳ reset by rebuild', value: '31.0 s', targets: [], data: { ms: 31_000 } });
  });

  it('leaves reset unjudged when the symptom time is unknown', () => {
    expect(faultFigures([fault(3_000, undefined)])[0]?.targets[0]?.met).toBeUndefined();
  });
});
