import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { requireEnvRef } from './env-ref.js';
import { printStartedEnv } from './describe-env.js';

export const resetCommand = defineCommand({
  name: 'reset',
  summary: 'Back to the freshly-faulted state (same seed, same faults): a warm pooled environment replaces it, else rebuilt in place',
  usage: 'faultline reset <env> [--cold] [--json]',
  maxPositionals: 1,
  flags: { cold: flag.boolean() },
  async run(positionals, values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resetEnvironment } = await import('../../engine/reset.js');
    const outcome = await resetEnvironment(ref, out.progress, { cold: values.cold === true });
    await printStartedEnv(out, outcome.state, outcome);
    return OK_EXIT;
  },
});
