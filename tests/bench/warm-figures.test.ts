import { describe, expect, it } from 'vitest';
import type { WarmRun } from '../../bench/measure-warm-up.js';
import { warmFigures } from '../../bench/warm-figures.js';

const run = (upMs: number, downMs: number, cgroupBytes: number, teardownMs?: number): WarmRun => ({
  upMs,
  downMs,
  teardownMs,
  cgroupBytes,
  memAvailableDeltaBytes: cgroupBytes,
  timings: { provisionMs: 3_000, baselineGateMs: 2_000, injectMs: undefined, symptomGateMs: undefined },
});

describe('warmFigures', () => {
  const warm = { runs: [run(9_000, 600, 150e6, 4_100), run(7_000, 4_000, 160e6, 5_000), run(7_500, 900, 400e6)], failures: [] };
  const raw = { bootMs: [3_000, 3_500, 4_000], plainBootMs: [3_000, 3_100, 2_900], cgroupBytes: [180e6], shift: { ms: 18_000, bytes: 760e6 }, failures: [] };
  const byId = Object.fromEntries(warmFigures(warm, raw, 3).map((f) => [f.id, f]));

  it('judges the medians, not the best or worst run, against the targets', () => {
    expect(byId['warm-up']?.value).toBe('7.50 s (median of 3)');
    expect(byId['warm-up']?.targets[0]?.met).toBe(true);
    expect(byId['down']?.targets[0]?.met).toBe(true);
    expect(byId['ram-per-env']?.targets[0]?.met).toBe(true);
  });

  it('reports what the user waits for in `down` against the target, and when the background teardown finished as an untargeted sub-row', () => {
    expect(byId['down']?.value).toBe('0.90 s (median of 3)');
    expect(byId['down-teardown']).toMatchObject({ label: '  ↳ background teardown done', value: '4.55 s (median of 2 of 3)', targets: [] });
  });

  it('compares warm up with raw boot as a ratio of the medians', () => {
    expect(byId['warm-up-over-raw-boot']?.value).toBe('2.1×');
    expect(byId['warm-up-over-raw-boot']?.targets[0]?.met).toBe(false);
  });

  it('reports raw boot in the user namespace against raw boot without one, within 20 %, and the one-time shift', () => {
    expect(byId['raw-boot-plain']?.value).toBe('3.00 s (median of 3)');
    expect(byId['raw-boot-userns-over-plain']?.value).toBe('1.17×');
    expect(byId['raw-boot-userns-over-plain']?.targets[0]).toEqual({ text: '≤ 1.2×', met: true });
    expect(byId['image-shift']?.value).toMatch(/^18\.0+ s, 760/);
  });

  it('shows a failed raw boot as a failed row instead of dropping the comparison silently', () => {
    const figures = warmFigures(warm, 'nspawn missing', 3);
    expect(figures.find((f) => f.id === 'raw-boot')?.failures).toEqual(['nspawn missing']);
    expect(figures.some((f) => f.id === 'warm-up-over-raw-boot')).toBe(false);
  });
});
