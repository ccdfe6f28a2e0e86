import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';
import { printStartedEnv } from './describe-env.js';
import { CLOUD_FLAGS, parseCloudFlags } from './cloud-flags.js';

export const upCommand = defineCommand({
  name: 'up',
  summary: 'Provision an environment for a candidate, check the baseline, inject the scenario’s faults',
  usage:
    'faultline up <scenario>|--draw "<filter>" --candidate <name> [--seed N] [--ttl 2h] [--cold] [--target local|aws|kubernetes] [--kubeconfig F --context C] [--region R --ssh-key F.pub] [--json]',
  maxPositionals: 1,
  flags: { candidate: flag.string(), seed: flag.seed(), target: flag.target(), ttl: flag.duration(), draw: flag.string(), cold: flag.boolean(), ...CLOUD_FLAGS },
  async run(positionals, values, out) {
    const [scenario] = positionals;
    const { draw, candidate } = values;
    if (draw !== undefined && scenario !== undefined) {
      throw new FaultlineError('USAGE', `Give a scenario or --draw, not both (got "${scenario}" and --draw "${draw}").`, { hint: `Usage: ${this.usage}` });
    }
    if ((scenario === undefined && draw === undefined) || candidate === undefined) {
      throw new FaultlineError('USAGE', 'up needs a scenario (or --draw "<filter>") and --candidate.', { hint: `Usage: ${this.usage}` });
    }
    const { upEnvironment } = await import('../../engine/up.js');
    const state = await upEnvironment(
      {
        scenario: scenario ?? '',
        draw,
        cold: values.cold === true,
        candidate,
        seed: values.seed,
        target: values.target,
        ttlMs: values.ttl,
        targetFlags: await parseCloudFlags(values, values.target),
      },
      out.progress,
    );
    await printStartedEnv(out, state);
    return OK_EXIT;
  },
});
