import { FaultlineError } from '../../errors/index.js';
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
    const { cloudTargetName } = await import('../../targets/pulumi/options.js');
    const target = cloudTargetName.safeParse(values.target);
    if (!scenarioRef || !target.success) {
      throw new FaultlineError('USAGE', 'plan needs a scenario and --target aws or --target kubernetes.', { hint: `Usage: ${this.usage}` });
    }
    const { loadScenario } = await import('../../schema/load-scenario.js');
    const { loadConfig } = await import('../../engine/load-config.js');
    const { resolveCloudOptions } = await import('../../targets/pulumi/cloud-options.js');
    // Runs the program under Pulumi mocks, which take over this process's Pulumi runtime: fine, the CLI exits after.
    const { planEnvironment } = await import('../../targets/pulumi/plan.js');
    const { renderPlanTable } = await import('../../targets/pulumi/plan-rows.js');
    const scenario = await loadScenario(scenarioRef);
    const cloud = resolveCloudOptions(await loadConfig(), typeof values.region === 'string' ? { region: values.region } : {});
    const { toolboxPlanRow } = await import('../../targets/pulumi/toolbox.js');
    const planned = await planEnvironment(scenario, target.data, { cloud });
    const namespace = planned.find((r) => r.type === 'kubernetes:core/v1:Namespace')?.details['name'] ?? 'fl-plan';
    const rows = [...planned, toolboxPlanRow(namespace)];
    if (out.jsonMode) out.json({ version: 1, ok: true, scenario: scenario.id, target: target.data, resources: rows });
    else out.info(renderPlanTable(rows));
    return 0;
  },
});
