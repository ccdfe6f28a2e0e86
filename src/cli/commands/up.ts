import { FaultlineError } from '../../errors/index.js';
import type { CommandSpec } from '../command.js';
import { targetName } from '../../schema/scenario.js';
import { describeEnv } from './describe-env.js';
import { CLOUD_FLAG_OPTIONS, parseCloudFlags } from './cloud-flags.js';
import { parseSeed } from './parse-seed.js';

export const upCommand: CommandSpec = {
  name: 'up',
  summary: 'Provision an environment for a candidate, check the baseline, inject the scenario’s faults',
  usage:
    'faultline up <scenario>|--draw "<filter>" --candidate <name> [--seed N] [--cold] [--target local|aws|kubernetes] [--kubeconfig F --context C] [--region R --ssh-key F.pub] [--json]',
  maxPositionals: 1,
  options: {
    candidate: { type: 'string' },
    seed: { type: 'string' },
    target: { type: 'string' },
    ttl: { type: 'string' },
    draw: { type: 'string' },
    cold: { type: 'boolean' },
    ...CLOUD_FLAG_OPTIONS,
  },
  async run(positionals, values, out) {
    const [scenario] = positionals;
    const draw = typeof values.draw === 'string' ? values.draw : undefined;
    if (draw !== undefined && scenario !== undefined) {
      throw new FaultlineError('USAGE', `Give a scenario or --draw, not both (got "${scenario}" and --draw "${draw}").`, { hint: `Usage: ${this.usage}` });
    }
    if ((scenario === undefined && draw === undefined) || typeof values.candidate !== 'string') {
      throw new FaultlineError('USAGE', 'up needs a scenario (or --draw "<filter>") and --candidate.', { hint: `Usage: ${this.usage}` });
    }
    const seed = parseSeed(values.seed);
    const target = values.target === undefined ? undefined : targetName.safeParse(values.target);
    if (target && !target.success) {
      throw new FaultlineError('USAGE', `--target ${JSON.stringify(values.target)} is not a target.`, { hint: 'Use local, aws or kubernetes.' });
    }
    const { upEnvironment } = await import('../../engine/up.js');
    const { parseDuration } = await import('../../utils/duration.js');
    const state = await upEnvironment(
      {
        scenario: scenario ?? '',
        draw,
        cold: values.cold === true,
        candidate: values.candidate,
        seed,
        target: target?.data,
        ttlMs: typeof values.ttl === 'string' ? parseDuration(values.ttl) : undefined,
        targetFlags: await parseCloudFlags(values, target?.data),
      },
      out.progress,
    );
    if (out.jsonMode) out.json({ version: 1, ok: true, from: state.pool?.takenAt ? 'pool' : 'cold', environment: state });
    else out.info(await describeEnv(state));
    return 0;
  },
};
