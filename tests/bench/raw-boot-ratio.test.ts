import { describe, expect, it } from 'vitest';
import type { Figure } from '../../bench/figure.js';
import { withRawBootRatios } from '../../bench/raw-boot-ratio.js';

const figure = (id: string, data: Record<string, unknown>, value = 'v'): Figure => ({ id, label: id, measures: '', value, targets: [], failures: [], data });

describe('withRawBootRatios', () => {
  it('appends each time figure’s ratio to the raw boot of the same run', () => {
    const out = withRawBootRatios([
      figure('raw-boot', { medianMs: 2000 }),
      figure('warm-up', { medianMs: 5000 }, '5.0 s'),
      figure('down', { medianMs: 500 }, '0.5 s'),
      figure('fault-disk-pressure', { resetMs: 7000 }, 'up 9 s · reset 7 s'),
      figure('ram-per-env', { medianBytes: 1 }, '1 MB'),
    ]);
    expect(out.map((f) => f.value)).toEqual(['v', '5.0 s = 2.5× raw boot', '0.5 s = 0.3× raw boot', 'up 9 s · reset 7 s = reset 3.5× raw boot', '1 MB']);
    expect(out[1]?.data.overRawBoot).toBe(2.5);
  });

  it('leaves the figures alone when raw boot was not measured', () => {
    const figures = [figure('raw-boot', { error: 'x' }), figure('warm-up', { medianMs: 5000 })];
    expect(withRawBootRatios(figures)).toEqual(figures);
  });
});
