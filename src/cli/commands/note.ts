import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';

export const noteCommand = defineCommand({
  name: 'note',
  summary: "Put an interviewer's note on the timeline, stamped now (also after down)",
  usage: 'faultline note <env> "TEXT" [--by NAME] [--json]',
  maxPositionals: 'unbounded', // the note's words, joined
  flags: { by: flag.string() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { FaultlineError } = await import('../../errors/index.js');
    const text = positionals.slice(1).join(' ');
    if (text.trim() === '') throw new FaultlineError('USAGE', 'note needs the text of the note.', { hint: `Usage: ${this.usage}` });
    const { resolveRecord } = await import('../../engine/seat/record.js');
    const { addNote, parsePanelist } = await import('../../engine/seat/panel.js');
    const author = values.by === undefined ? null : parsePanelist(values.by, '--by');
    const record = await resolveRecord(ref);
    const event = await addNote(record, text, author);
    if (out.jsonMode) out.json({ version: 1, ok: true, environment: record.state.name, event });
    else out.info(`noted at ${event.ts} on ${record.state.name}`);
    return OK_EXIT;
  },
});
