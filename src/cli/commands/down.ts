import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';

export const downCommand = defineCommand({
  name: 'down',
  summary: 'Destroy an environment (or --all), leaving nothing behind',
  usage: 'faultline down <env> | --all [--json]',
  maxPositionals: 1,
  flags: { all: flag.boolean() },
  async run(positionals, values, out) {
    const { downEnvironment, downAll } = await import('../../engine/down.js');
    if (values.all) {
      const removed = await downAll(out.progress);
      if (out.jsonMode) out.json({ version: 1, ok: true, removed: removed.map((s) => s.name) });
      else out.info(removed.length ? `removed ${removed.map((s) => s.name).join(', ')}` : 'no environments');
      return OK_EXIT;
    }
    const [ref] = positionals;
    if (!ref) throw new FaultlineError('USAGE', 'down needs an environment name or --all.', { hint: `Usage: ${this.usage}` });
    try {
      const state = await downEnvironment(ref, out.progress);
      if (out.jsonMode) out.json({ version: 1, ok: true, removed: [state.name] });
      else out.info(`removed ${state.name}`);
    } catch (error) {
      if (!(error instanceof FaultlineError) || error.code !== 'ENV_NOT_FOUND') throw error;
      // Idempotent: an environment that is already gone is not an error.
      if (out.jsonMode) out.json({ version: 1, ok: true, removed: [], note: `no environment ${ref}` });
      else out.info(`no environment ${ref} (already down?)`);
    }
    return OK_EXIT;
  },
});
