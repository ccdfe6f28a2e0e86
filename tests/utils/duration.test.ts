import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/utils/duration.js';

describe('durations', () => {
  it('parses hours, minutes and seconds in any combination', () => {
    expect(parseDuration('45m')).toBe(45 * 60_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2h0m5s')).toBe(7_205_000);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '5', '1d', 'm', '1m1h']) expect(() => parseDuration(bad)).toThrow(RangeError);
  });

  it('formats milliseconds compactly', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(83_000)).toBe('1m23s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(3_723_000)).toBe('1h2m3s');
  });
});
