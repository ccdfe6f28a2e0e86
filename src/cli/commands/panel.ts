import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { requireEnvRef } from './env-ref.js';

export const panelCommand = defineCommand({
  name: 'panel',
  summary: 'List the panel whose votes must all be in before anyone sees them (no names: show it)',
  usage: 'faultline panel <env> [NAME…] [--json]',
  maxPositionals: 'unbounded',
  flags: {},
  async run(positionals, _values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveRecord } = await import('../../engine/seat/record.js');
    const { parsePanelist, setPanel } = await import('../../engine/seat/panel.js');
    const { tallyVotes } = await import('../../engine/seat/votes.js');
    const { readTimelineIn } = await import('../../core/timeline.js');
    const names = positionals.slice(1).map((name) => parsePanelist(name));
    const record = await resolveRecord(ref);
    if (names.length > 0) await setPanel(record, names);
    const view = tallyVotes(await readTimelineIn(record.dir));
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, environment: record.state.name, panel: view.panel, voted: view.voted, waitingFor: view.waitingFor, revealed: view.revealed });
      return OK_EXIT;
    }
    if (view.panel.length === 0) out.info(`no panel listed for ${record.state.name}: faultline panel ${record.state.name} NAME…`);
    else out.info(`panel of ${record.state.name}: ${view.panel.join(', ')}`);
    out.info(`voted: ${view.voted.length > 0 ? view.voted.join(', ') : 'nobody yet'}${view.waitingFor.length > 0 ? `; waiting for ${view.waitingFor.join(', ')}` : ''}`);
    return OK_EXIT;
  },
});
