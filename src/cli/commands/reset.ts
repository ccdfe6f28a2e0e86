import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { requireEnvRef } from './env-ref.js';
import { describeEnv } from './describe-env.js';

export const resetCommand = defineCommand({
  name: 'reset',
  summary: 'Rebuild an environment to its freshly-faulted state (same seed, same faults)',
  usage: 'faultline reset <env> [--json]',
  maxPositionals: 1,
  flags: {},
  async run(positionals, _values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resetEnvironment } = await import('../../engine/reset.js');
    const state = await resetEnvironment(ref, out.progress);
    if (out.jsonMode) out.json({ version: 1, ok: true, environment: state.name, state });
    else out.info(await describeEnv(state));
    return OK_EXIT;
  },
});
