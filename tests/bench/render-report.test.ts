import { describe, expect, it } from 'vitest';
import { atMost, failedFigure, skippedFigure, type Figure } from '../../bench/figure.js';
import { renderJson, renderMarkdown, renderText, type BenchReport } from '../../bench/render-report.js';

const warm: Figure = {
  id: 'warm-up',
  label: 'Warm up (baseline)',
  measures: 'wall time of up',
  value: '7.1 s (median of 5)',
  targets: [atMost('≤ 8 s', 7_100, 8_000), atMost('≤ 2×', 3.1, 2)],
  failures: [],
  data: { medianMs: 7_100 },
};

const report: BenchReport = {
  startedAt: '2026-01-02T03:04:05.000Z',
  host: { nproc: 2, memTotalBytes: 4e9, kernel: '6.1.0', cpuModel: 'Test CPU' },
  options: { cold: false, runs: 5, concurrent: 10, skipSelftest: false, json: false, markdown: false },
  figures: [warm, skippedFigure('cold-image', 'Cold base image build', 'debootstrap', 'pass --cold'), failedFigure('selftest', 'Selftest', 'selftest', 'exit 54: boom')],
  wallMs: 1,
};

describe('rendering the report', () => {
  it('marks each target met or missed next to the value', () => {
    expect(renderText(report)).toMatch(/7\.1 s \(median of 5\)\s+✓ ≤ 8 s, ✗ ≤ 2×/);
  });

  it('starts with the machine the figures were taken on', () => {
    expect(renderText(report).split('\n')[0]).toContain('2 CPUs (Test CPU), 4.0 GB RAM, Linux 6.1.0');
  });

  it('lists every failure under the table, in text and in Markdown', () => {
    expect(renderText(report)).toContain('Failures (1):\n- Selftest: exit 54: boom');
    expect(renderMarkdown(report)).toContain('- Selftest: exit 54: boom');
  });

  it('says why a figure was skipped instead of printing a number', () => {
    expect(renderMarkdown(report)).toContain('| Cold base image build | skipped (pass --cold) |');
  });

  it('emits versioned JSON with the raw numbers', () => {
    const json = JSON.parse(renderJson(report)) as { version: number; figures: Figure[] };
    expect(json.version).toBe(1);
    expect(json.figures[0]?.data).toEqual({ medianMs: 7_100 });
  });
});
