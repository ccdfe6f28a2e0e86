import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { formatTable } from '../output.js';
import { formatDuration } from '../../utils/duration.js';

export const lsCommand = defineCommand({
  name: 'ls',
  summary: 'List environments',
  usage: 'faultline ls [--json]',
  maxPositionals: 0,
  flags: {},
  async run(_positionals, _values, out) {
    const { listStates } = await import('../../core/state-store.js');
    const { isAbandoned } = await import('../../engine/gc.js');
    const states = await listStates();
    const stale = states.filter(isAbandoned);
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, states, stale: stale.map((s) => s.name) });
      return OK_EXIT;
    }
    if (states.length === 0) {
      out.info('no environments (create one with `faultline up <scenario> --candidate <name>`)');
      return OK_EXIT;
    }
    const now = Date.now();
    out.info(
      formatTable(
        ['NAME', 'SCENARIO', 'CANDIDATE', 'TARGET', 'PHASE', 'AGE', 'EXPIRES IN', 'SUBNET'],
        states.map((s) => [
          s.name,
          s.scenario,
          s.candidate,
          s.target,
          stale.includes(s) ? `${s.phase} (stale)` : s.phase,
          formatDuration(now - Date.parse(s.createdAt)),
          Date.parse(s.expiresAt) > now ? formatDuration(Date.parse(s.expiresAt) - now) : 'expired',
          s.subnet ? `${s.subnet}.0/24` : '-',
        ]),
      ),
    );
    for (const s of stale) {
      out.info(`stale: ${s.name} was left in phase ${s.phase}; its owner process ${s.ownerPid ?? '(none recorded)'} is gone. Run \`faultline gc ${s.name}\` to remove it.${s.failure ? ` It failed at ${s.failure.step}: ${s.failure.message}` : ''}`);
    }
    return OK_EXIT;
  },
});
