import { formatOffset } from '../report-model.js';
import type { MetricSeries } from './metrics.js';
import type { SeatReport } from './seat-report.js';

/** min / max / last of a chart's points, for the text and Markdown reports. Pure. */
export function summarizeSeries(series: MetricSeries): { min: number; max: number; last: number } | null {
  if (series.points.length === 0) return null;
  const values = series.points.map(([, value]) => value);
  return { min: Math.min(...values), max: Math.max(...values), last: values.at(-1) as number };
}

export const formatValue = (value: number, unit: string): string => `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${unit}`;

const clock = (ts: string): string => (ts.length >= 19 ? ts.slice(11, 19) : ts);
const bandTime = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(11, 19);

/** The seat's part as plain lines (shared by the text and Markdown reports, which differ only in markup). */
function seatSections(seat: SeatReport, md: boolean): string[] {
  const h = (title: string): string[] => (md ? ['', `## ${title}`, ''] : ['', title]);
  // Markdown keeps user text literal: `<` and `>` would otherwise be read as HTML.
  const item = (text: string): string => (md ? `- ${text.replace(/</g, '&lt;').replace(/>/g, '&gt;')}` : `  - ${text}`);
  const lines: string[] = [];
  lines.push(...h('Level'));
  const level = seat.ladder.level;
  for (const step of seat.ladder.steps) {
    const mark = step.level === level ? (md ? '**→**' : '→') : ' ';
    lines.push(md ? `- ${mark} ${step.level} ${step.title}: ${step.expects}` : `  ${mark} ${step.level} ${step.title.padEnd(12)} ${step.expects}`);
  }
  lines.push(...h('Metrics over the interview'));
  if (!seat.metrics) lines.push(item(seat.metricsNote ?? 'none'));
  else {
    for (const series of seat.metrics.series) {
      const summary = summarizeSeries(series);
      lines.push(item(`${series.title}: ${summary ? `min ${formatValue(summary.min, series.unit)}, max ${formatValue(summary.max, series.unit)}, last ${formatValue(summary.last, series.unit)} (${series.points.length} points)` : 'no data'}`));
    }
    for (const band of seat.metrics.alerts) lines.push(item(`alert ${band.name} firing ${bandTime(band.from)}–${bandTime(band.to)} UTC`));
  }
  lines.push(...h('Interviewer notes'));
  if (seat.panelNotes.length === 0) lines.push(item('none (faultline note ENV "…")'));
  for (const note of seat.panelNotes) lines.push(item(`${formatOffset(note.offsetMs) || clock(note.ts)}${note.author ? ` ${note.author}` : ''}: ${note.text.replace(/\s*\n\s*/g, ' ')}`));
  lines.push(...h('Votes'));
  const votes = seat.votes;
  lines.push(item(`panel: ${votes.panel.length > 0 ? votes.panel.join(', ') : 'not listed'}; voted: ${votes.voted.length > 0 ? votes.voted.join(', ') : 'nobody yet'}`));
  lines.push(item(votes.revealed ? `shown: ${votes.reason}` : votes.reason));
  for (const vote of votes.visible) lines.push(item(`${vote.panelist}: ${vote.vote}${vote.comment ? ` — ${vote.comment.replace(/\s*\n\s*/g, ' ')}` : ''}${votes.revealed ? '' : ' (your vote; the others stay hidden)'}`));
  lines.push(...h("Candidate's write-up"));
  if (!seat.writeup) lines.push(item('not collected (the file was missing)'));
  else if (seat.writeup.untouched) lines.push(item('not written: the file is still the template'));
  else if (md) lines.push('````markdown', seat.writeup.text.trimEnd(), '````');
  else lines.push(...seat.writeup.text.trimEnd().split('\n').map((line) => `    ${line}`));
  return lines;
}

/** The seat's sections for the terminal report. Pure. */
export function renderSeatText(seat: SeatReport): string {
  return `${seatSections(seat, false).join('\n').trimStart()}\n`;
}

/** The seat's sections for the Markdown report. Pure. */
export function renderSeatMarkdown(seat: SeatReport): string {
  return `${seatSections(seat, true).join('\n').trimStart()}\n`;
}
