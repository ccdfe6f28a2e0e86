import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'Interview report: timeline, time to resolve, checks, sessions, notes, votes, write-up, metrics (also after down)',
  usage: 'faultline report <env> [--markdown FILE] [--html FILE] [--panelist NAME] [--reveal] [--json]',
  maxPositionals: 1,
  flags: { markdown: flag.string(), html: flag.string(), panelist: flag.string(), reveal: flag.boolean() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveRecord } = await import('../../engine/seat/record.js');
    const { createInterviewReport } = await import('../../engine/seat/interview-report.js');
    const { writeReportFile } = await import('../../engine/report.js');
    const { renderReportMarkdown, renderReportText } = await import('../../engine/report-render.js');
    const { renderSeatMarkdown, renderSeatText } = await import('../../engine/seat/seat-render.js');
    const { parsePanelist } = await import('../../engine/seat/panel.js');
    const viewer = values.panelist === undefined ? undefined : parsePanelist(values.panelist);
    const record = await resolveRecord(ref);
    const { model: report, sessions } = await createInterviewReport(record, { votes: { viewer, reveal: values.reveal === true } });
    const markdownPath =
      typeof values.markdown === 'string' ? await writeReportFile(values.markdown, `${renderReportMarkdown(report)}\n${renderSeatMarkdown(report.seat)}`) : null;
    let htmlPath: string | null = null;
    if (typeof values.html === 'string') {
      const { renderInterviewHtml } = await import('../../engine/seat/report-html.js');
      htmlPath = await writeReportFile(values.html, await renderInterviewHtml(report, sessions));
    }
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, report, markdownPath, htmlPath });
      return OK_EXIT;
    }
    out.info(`${renderReportText(report).trimEnd()}\n\n${renderSeatText(report.seat).trimEnd()}`);
    if (markdownPath) out.progress(`markdown report written to ${markdownPath}`);
    if (htmlPath) out.progress(`HTML report written to ${htmlPath} (self-contained: open it in any browser, no network needed)`);
    return OK_EXIT;
  },
});
