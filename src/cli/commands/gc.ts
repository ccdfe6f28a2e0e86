import type { CommandSpec } from '../command.js';

export const gcCommand: CommandSpec = {
  name: 'gc',
  summary: 'Remove leftovers of crashed or killed runs (machines, bridges, rules, mounts without state)',
  usage: 'faultline gc [--json]',
  maxPositionals: 0,
  options: {},
  async run(_positionals, _values, out) {
    const { collectGarbage } = await import('../../engine/gc.js');
    const report = await collectGarbage(out.progress);
    if (out.jsonMode) out.json({ version: 1, ok: true, ...report });
    else if (report.environments.length + report.objects.length === 0) out.info('nothing to collect');
    else for (const line of [...report.environments.map((e) => `environment ${e}`), ...report.objects]) out.info(`removed ${line}`);
    return 0;
  },
};
