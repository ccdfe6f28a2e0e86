import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'Show what `up` would create on a cloud target, offline (no credentials, CLI or cluster needed)',
  usage: 'faultline plan <scenario> --target aws|kubernetes [--region R] [--json]',
  maxPositionals: 1,
  flags: { target: flag.target(), region: flag.string() },
  async run(positionals, values, out) {
    const [scenarioRef] = positionals;
    const { targetName } = await import('../../schema/scenario.js');
    const { canPlan, planEnvironment } = await import('../../engine/plan.js');
    const target = targetName.safeParse(values.target);
    if (!scenarioRef || !target.success || !canPlan(target.data)) {
      throw new FaultlineError('USAGE', 'plan needs a scenario and --target aws or --target kubernetes.', { hint: `Usage: ${this.usage}` });
    }
    const planned = await planEnvironment(scenarioRef, target.data, typeof values.region === 'string' ? { region: values.region } : {});
    if (out.jsonMode) out.json({ version: 1, ok: true, scenario: planned.scenario, target: target.data, resources: planned.resources });
    else out.info(planned.table);
    return OK_EXIT;
  },
});
