import type { CommandSpec } from '../command.js';
import { requireEnvRef } from './env-ref.js';

export const reportCommand: CommandSpec = {
  name: 'report',
  summary: 'Interview report: timeline, time to resolve, final check, sessions, debrief',
  usage: 'faultline report <env> [--markdown FILE] [--json]',
  options: { markdown: { type: 'string' } },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveEnv } = await import('../../core/state-store.js');
    const { createReport, writeReportFile } = await import('../../engine/report.js');
    const { renderReportMarkdown, renderReportText } = await import('../../engine/report-render.js');
    const state = await resolveEnv(ref);
    const report = await createReport(state);
    const markdownPath = typeof values.markdown === 'string' ? await writeReportFile(values.markdown, renderReportMarkdown(report)) : null;
    if (out.jsonMode) {
      out.json({ version: 1, report, markdownPath });
      return 0;
    }
    out.info(renderReportText(report).trimEnd());
    if (markdownPath) out.progress(`markdown report written to ${markdownPath}`);
    return 0;
  },
};
