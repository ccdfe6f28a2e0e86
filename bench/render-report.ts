import type { Figure } from './figure.js';
import { formatVerdicts } from './figure.js';
import { formatHost, type HostInfo } from './host-info.js';
import type { BenchOptions } from './options.js';
import { formatMarkdownTable, formatTable } from './stats.js';

/** Everything one bench run reports. */
export interface BenchReport {
  readonly startedAt: string;
  readonly host: HostInfo;
  readonly options: BenchOptions;
  readonly figures: readonly Figure[];
  readonly wallMs: number;
}

function headerLine(report: BenchReport): string {
  const { runs, concurrent } = report.options;
  return `faultline bench — ${formatHost(report.host)} — ${report.startedAt.slice(0, 10)}, median of ${runs} run(s), ${concurrent} concurrent`;
}

/** The plain-text table for a terminal: header line, then one row per figure. */
export function renderText(report: BenchReport): string {
  const rows = report.figures.map((f) => [f.label, f.value, formatVerdicts(f.targets), f.measures]);
  return [headerLine(report), '', formatTable(['FIGURE', 'VALUE', 'TARGET', 'MEASURES'], rows), ...failureLines(report)].join('\n');
}

/** Every failure behind the figures, one line each, under a heading; nothing when all went well. */
function failureLines(report: BenchReport): string[] {
  const lines = report.figures.flatMap((f) => f.failures.map((failure) => `- ${f.label.trim()}: ${failure}`));
  return lines.length === 0 ? [] : ['', `Failures (${lines.length}):`, ...lines];
}

/** A Markdown block for README's "Benchmark" section. */
export function renderMarkdown(report: BenchReport): string {
  const rows = report.figures.map((f) => [f.label.trim(), f.value, formatVerdicts(f.targets), f.measures]);
  const { runs, concurrent, cold } = report.options;
  return [
    `Measured with \`npm run bench\` on ${report.startedAt.slice(0, 10)}: ${formatHost(report.host)}.`,
    `Medians of ${runs} run(s); ${concurrent} concurrent environments${cold ? '; cold image build included' : ''}. ✓/✗: target met or not.`,
    '',
    formatMarkdownTable(['Figure', 'Value', 'Target', 'What it measures'], rows),
    ...failureLines(report),
  ].join('\n');
}

/** Versioned JSON for machines. */
export function renderJson(report: BenchReport): string {
  return JSON.stringify({ version: 1, ...report }, null, 2);
}
