import { formatDuration } from '../utils/duration.js';
import { formatOffset, type ReportCheck, type ReportModel } from './report-model.js';

/** The report's headline facts as label/value pairs, shared by both renderings. */
export function summarizeReport(model: ReportModel): [string, string][] {
  const { env } = model;
  const scenario = [env.scenario, model.env.title ? `— ${model.env.title}` : '', env.level === null ? '' : `(level ${env.level})`].filter(Boolean).join(' ');
  const rows: [string, string][] = [
    ['scenario', scenario],
    ['candidate', `${env.candidate} · target ${env.target} · seed ${env.seed} · phase ${env.phase}`],
    ...(env.draw === null ? [] : ([['draw', env.draw]] as [string, string][])),
    ['ready', model.readyAt ?? 'never'],
    ['resolved', describeResolution(model)],
  ];
  if (model.timebox) rows.push(['timebox', describeTimebox(model)]);
  rows.push(['hints', model.hints.total === null ? `${model.hints.given.length} given` : `${model.hints.given.length} of ${model.hints.total} given`]);
  return rows;
}

function describeResolution(model: ReportModel): string {
  const r = model.resolution;
  return r.resolved ? `in ${formatDuration(r.afterMs)} (first passing check at ${clock(r.at)} UTC)` : `unresolved (${r.reason})`;
}

function describeTimebox(model: ReportModel): string {
  const t = model.timebox;
  if (!t) return '';
  const used = `${formatDuration(t.usedMs)} ${t.running ? 'elapsed, still unresolved' : 'to resolve'}`;
  return t.exceeded ? `${t.limit}: EXCEEDED by ${formatDuration(t.usedMs - t.limitMs)} (${used})` : `${t.limit}: within (${used})`;
}

const clock = (ts: string): string => (ts.length >= 19 ? ts.slice(11, 19) : ts);
const verdictWord = (check: ReportCheck): string => (check.passed ? 'PASSED' : 'FAILED');

/** Plain-text report for the terminal. Pure. */
export function renderReportText(model: ReportModel): string {
  const lines: string[] = [`Report for ${model.env.name}`, ''];
  const summary = summarizeReport(model);
  const width = Math.max(...summary.map(([label]) => label.length));
  for (const [label, value] of summary) lines.push(`  ${label.padEnd(width)}  ${value}`);

  lines.push('', 'Timeline (offsets from ready; clock in UTC)');
  if (model.timeline.length === 0) lines.push('  (no events)');
  else lines.push(indent(formatTable(['OFFSET', 'CLOCK', 'EVENT'], model.timeline.map((e) => [formatOffset(e.offsetMs) || '-', clock(e.ts), e.text.replace(/\s*\n\s*/g, ' ')]))));

  lines.push('');
  if (model.verdict) {
    lines.push(`Final check (${formatOffset(model.verdict.offsetMs) || model.verdict.ts}): ${verdictWord(model.verdict)}`);
    if (model.verdict.faults.length === 0) lines.push('  (no faults to verify)');
    for (const fault of model.verdict.faults) {
      lines.push(`  ${fault.fault}: ${fault.passed ? 'fixed' : 'NOT fixed'}`);
      for (const criterion of fault.criteria) {
        lines.push(`    [${criterion.passed ? 'pass' : 'FAIL'}] ${criterion.name}`);
        for (const line of criterion.evidence.split('\n').filter((l) => l.trim() !== '')) lines.push(`           ${line}`);
      }
    }
  } else {
    lines.push('Final check: none run yet (`faultline check <env>`)');
  }

  lines.push('', 'Candidate sessions');
  if (model.sessions.length === 0) lines.push('  (none recorded)');
  else {
    lines.push(
      indent(
        formatTable(
          ['ID', 'MACHINE', 'USER', 'STARTED', 'DURATION'],
          model.sessions.map((s) => [s.id, s.machine, s.user, `${formatOffset(s.offsetMs) || s.started}`, s.durationMs === null ? 'open' : formatDuration(s.durationMs)]),
        ),
      ),
    );
    for (const session of model.sessions) if (session.play) lines.push(`  play: ${session.play}`);
  }

  if (model.debrief) {
    lines.push('', 'Debrief', `  Root cause: ${model.debrief.rootCause}`);
    if (model.debrief.goodLooksLike.length) {
      lines.push('  What good looks like:');
      for (const item of model.debrief.goodLooksLike) lines.push(`    - ${item}`);
    }
  }
  if (model.notes.length) {
    lines.push('', 'Notes');
    for (const note of model.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same report as Markdown (for `report --markdown FILE`). Pure. */
export function renderReportMarkdown(model: ReportModel): string {
  const lines: string[] = [`# Report: ${escapeInline(model.env.name)}`, '', `_Generated ${model.generatedAt}._`, ''];
  for (const [label, value] of summarizeReport(model)) lines.push(`- **${label}**: ${escapeInline(value)}`);

  lines.push('', '## Timeline', '');
  if (model.timeline.length === 0) lines.push('No events.');
  else {
    lines.push('| Offset | Clock (UTC) | Event |', '| --- | --- | --- |');
    for (const e of model.timeline) lines.push(`| ${formatOffset(e.offsetMs) || '-'} | ${clock(e.ts)} | ${escapeCell(e.text)} |`);
  }

  lines.push('', '## Final check', '');
  if (model.verdict) {
    lines.push(`**${verdictWord(model.verdict)}** at ${formatOffset(model.verdict.offsetMs) || model.verdict.ts}.`, '');
    if (model.verdict.faults.length === 0) lines.push('No faults to verify.');
    for (const fault of model.verdict.faults) {
      lines.push(`### ${escapeInline(fault.fault)}: ${fault.passed ? 'fixed' : 'not fixed'}`, '');
      for (const criterion of fault.criteria) {
        lines.push(`- ${criterion.passed ? '✅' : '❌'} ${escapeInline(criterion.name)}`);
        if (criterion.evidence.trim() !== '') lines.push('', fenced(criterion.evidence).map((l) => `  ${l}`).join('\n'), '');
      }
      lines.push('');
    }
  } else {
    lines.push('No check run yet.');
  }

  lines.push('', '## Candidate sessions', '');
  if (model.sessions.length === 0) lines.push('None recorded.');
  else {
    lines.push('| Id | Machine | User | Started | Duration | Replay |', '| --- | --- | --- | --- | --- | --- |');
    for (const s of model.sessions) {
      const duration = s.durationMs === null ? 'open' : formatDuration(s.durationMs);
      lines.push(`| ${escapeCell(s.id)} | ${s.machine} | ${escapeCell(s.user)} | ${formatOffset(s.offsetMs) || s.started} | ${duration} | ${s.play ? `\`${s.play}\`` : '-'} |`);
    }
  }

  if (model.debrief) {
    lines.push('', '## Debrief', '', `**Root cause:** ${escapeInline(model.debrief.rootCause)}`);
    if (model.debrief.goodLooksLike.length) {
      lines.push('', '**What good looks like:**', '');
      for (const item of model.debrief.goodLooksLike) lines.push(`- ${escapeInline(item)}`);
    }
  }
  if (model.notes.length) {
    lines.push('', '## Notes', '');
    for (const note of model.notes) lines.push(`- ${escapeInline(note)}`);
  }
  // Collapse runs of blank entries; a fenced block is one entry, so evidence keeps its own blank lines.
  const tidy = lines.filter((line, i) => line !== '' || lines[i - 1] !== '');
  return `${tidy.join('\n').trimEnd()}\n`;
}

const indent = (text: string): string => text.split('\n').map((line) => `  ${line}`).join('\n');

/** Aligned columns (the engine does not import the CLI's table helper). */
function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Table cells: no pipes or newlines may break the row. */
function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Keep text literal: `<`, `>` and leading markers would otherwise be read as HTML or structure. */
function escapeInline(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** A fenced block longer than any backtick run inside `text`. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence, ...text.replace(/\s+$/, '').split('\n'), fence];
}
