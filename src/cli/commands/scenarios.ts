import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { formatTable } from '../output.js';

export const scenariosCommand = defineCommand({
  name: 'scenarios',
  summary: 'The scenario catalogue: id, level, areas, targets, faults, timebox, typical symptom time (--filter as for up --draw)',
  usage: 'faultline scenarios [--filter "level=4-6 area=tls target=local"] [--markdown] [--json]',
  maxPositionals: 0,
  flags: { filter: flag.string(), markdown: flag.boolean() },
  async run(_positionals, values, out) {
    const { renderScenarioTableMarkdown, scenarioCatalogue } = await import('../../engine/catalogue.js');
    const { matchesFilter, parseScenarioFilter } = await import('../../engine/draw.js');
    const filter = parseScenarioFilter(typeof values.filter === 'string' ? values.filter : '');
    const rows = (await scenarioCatalogue()).filter((row) => matchesFilter(row, filter));
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, scenarios: rows });
    } else if (values.markdown === true) {
      out.info(renderScenarioTableMarkdown(rows));
    } else {
      out.info(
        formatTable(
          ['SCENARIO', 'LEVEL', 'AREAS', 'TARGETS', 'FAULTS', 'TIMEBOX', 'SYMPTOM', 'TITLE'],
          rows.map((r) => [r.id, String(r.level), r.areas.join(',') || '-', r.targets.join(','), r.faults.join(',') || '-', r.timebox, r.faults.length ? `~${r.symptomSeconds}s` : '-', r.title]),
        ),
      );
    }
    return OK_EXIT;
  },
});
