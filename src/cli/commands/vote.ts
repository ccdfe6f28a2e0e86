import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const voteCommand = defineCommand({
  name: 'vote',
  summary: "Record a panelist's private vote (+1 or -2), hidden from the others until the panel has voted",
  usage: 'faultline vote <env> --panelist NAME (+1|-2) [--comment TEXT] [--json]',
  // `-2` would otherwise be read as an unknown short option.
  maxPositionals: 2,
  flags: { panelist: flag.string(), comment: flag.string(), 'minus-two': flag.boolean() },
  shorts: { 'minus-two': '2' },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { FaultlineError } = await import('../../errors/index.js');
    const { voteValue } = await import('../../core/seat-events.js');
    const given = [...positionals.slice(1), ...(values['minus-two'] === true ? ['-2'] : [])];
    const parsed = voteValue.safeParse(given[0]);
    if (given.length !== 1 || !parsed.success) {
      throw new FaultlineError('USAGE', given.length === 0 ? 'vote needs a vote: +1 or -2.' : `${JSON.stringify(given.join(' '))} is not a vote; give exactly one of +1 or -2.`, { hint: `Usage: ${this.usage}` });
    }
    if (typeof values.panelist !== 'string') throw new FaultlineError('USAGE', 'vote needs --panelist NAME (who is voting).', { hint: `Usage: ${this.usage}` });
    const { resolveRecord } = await import('../../engine/seat/record.js');
    const { castVote, parsePanelist } = await import('../../engine/seat/panel.js');
    const { tallyVotes } = await import('../../engine/seat/votes.js');
    const { readTimelineIn } = await import('../../core/timeline.js');
    const panelist = parsePanelist(values.panelist);
    const record = await resolveRecord(ref);
    const { event, replaced } = await castVote(record, panelist, parsed.data, typeof values.comment === 'string' ? values.comment : null);
    const view = tallyVotes(await readTimelineIn(record.dir), { viewer: panelist });
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, environment: record.state.name, panelist, vote: parsed.data, ts: event.ts, replaced, revealed: view.revealed, waitingFor: view.waitingFor });
      return OK_EXIT;
    }
    out.info(`${panelist} ${replaced ? 'changed their vote to' : 'voted'} ${parsed.data} on ${record.state.name}`);
    out.info(view.revealed ? `all votes are in: faultline report ${record.state.name}` : `votes stay ${view.reason}`);
    return OK_EXIT;
  },
});
