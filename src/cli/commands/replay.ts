import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { printStartedEnv } from './describe-env.js';

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'A new environment from the same scenario and seed, for another candidate',
  usage: 'faultline replay <env|scenario> --candidate <name> [--seed N] [--json]',
  maxPositionals: 1,
  flags: { candidate: flag.string(), seed: flag.seed() },
  async run(positionals, values, out) {
    const [ref] = positionals;
    if (!ref || typeof values.candidate !== 'string') {
      throw new FaultlineError('USAGE', 'replay needs an environment (or scenario) and --candidate.', { hint: `Usage: ${this.usage}` });
    }
    const { replayEnvironment } = await import('../../engine/replay.js');
    const state = await replayEnvironment(ref, values.candidate, values.seed, out.progress);
    await printStartedEnv(out, state);
    return OK_EXIT;
  },
});
