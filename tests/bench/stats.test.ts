import { describe, expect, it } from 'vitest';
import { formatMarkdownTable, formatMegabytes, formatRatio, formatSeconds, formatTable, median } from '../../bench/stats.js';

describe('median', () => {
  it('is the middle value of an odd count, whatever the input order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('is undefined when nothing was measured', () => {
    expect(median([])).toBeUndefined();
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('formatting', () => {
  it('prints seconds with two decimals below 10 s and one above', () => {
    expect(formatSeconds(830)).toBe('0.83 s');
    expect(formatSeconds(14_230)).toBe('14.2 s');
    expect(formatSeconds(undefined)).toBe('n/a');
  });

  it('prints bytes as decimal megabytes', () => {
    expect(formatMegabytes(212_400_000)).toBe('212 MB');
    expect(formatMegabytes(undefined)).toBe('n/a');
  });

  it('prints a ratio to one decimal, and n/a when the divisor is missing or zero', () => {
    expect(formatRatio(15_000, 6_000)).toBe('2.5×');
    expect(formatRatio(15_000, 0)).toBe('n/a');
    expect(formatRatio(undefined, 6_000)).toBe('n/a');
  });

  it('aligns a text table on the widest cell of each column', () => {
    expect(formatTable(['A', 'BB'], [['long cell', 'x']]).split('\n')).toEqual(['A          BB', '─────────  ──', 'long cell  x']);
  });

  it('escapes pipes in Markdown cells', () => {
    expect(formatMarkdownTable(['Figure'], [['a | b']])).toBe('| Figure |\n| --- |\n| a \\| b |');
  });
});
