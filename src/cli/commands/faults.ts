import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { formatTable } from '../output.js';

export const faultsCommand = defineCommand({
  name: 'faults',
  summary: 'The fault catalogue: id, area, level, targets, typical symptom time, wrong fixes',
  usage: 'faultline faults [--markdown] [--json]',
  maxPositionals: 0,
  flags: { markdown: flag.boolean() },
  async run(_positionals, values, out) {
    const { faultCatalogue, renderFaultTableMarkdown } = await import('../../engine/catalogue.js');
    const rows = faultCatalogue();
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, faults: rows });
    } else if (values.markdown === true) {
      out.info(renderFaultTableMarkdown(rows));
    } else {
      out.info(
        formatTable(
          ['FAULT', 'AREA', 'LEVEL', 'TARGETS', 'SYMPTOM', 'WRONG FIXES', 'SUMMARY'],
          rows.map((r) => [r.id, r.area, String(r.level), r.targets.join(','), `~${r.symptomSeconds}s`, String(r.wrongFixes.length), r.summary]),
        ),
      );
    }
    return OK_EXIT;
  },
});
