import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { flag } from '../flags.js';

export const gcCommand = defineCommand({
  name: 'gc',
  summary: 'Remove leftovers of crashed or killed runs (machines, bridges, rules, mounts without state)',
  usage: 'faultline gc [<env>] [--dry-run] [--json]',
  maxPositionals: 1,
  flags: { 'dry-run': flag.boolean() },
  async run(positionals, values, out) {
    const { collectGarbage } = await import('../../engine/gc.js');
    const dryRun = values['dry-run'] === true;
    const [env] = positionals;
    const report = await collectGarbage(out.progress, { dryRun, ...(env === undefined ? {} : { env }) });
    const verb = dryRun ? 'would remove' : 'removed';
    if (out.jsonMode) out.json({ version: 1, ok: true, dryRun, ...(env === undefined ? {} : { environment: env }), ...report });
    else if (report.environments.length + report.objects.length === 0) out.info(env === undefined ? 'nothing to collect' : `nothing to collect for ${env}`);
    else for (const line of [...report.environments.map((e) => `environment ${e}`), ...report.objects]) out.info(`${verb} ${line}`);
    return OK_EXIT;
  },
});
