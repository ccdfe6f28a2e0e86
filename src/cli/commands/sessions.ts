import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { requireEnvRef } from './env-ref.js';
import { formatTable } from '../output.js';

export const sessionsCommand = defineCommand({
  name: 'sessions',
  summary: 'List the candidate’s recorded SSH sessions (collecting new ones while the environment runs)',
  usage: 'faultline sessions <env> [--json]',
  maxPositionals: 1,
  flags: {},
  async run(positionals, _values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveEnv } = await import('../../core/state-store.js');
    const { loadConfig } = await import('../../engine/load-config.js');
    const { readEnvSessions } = await import('../../engine/access/collect-env-sessions.js');
    await (await import('../../engine/features.js')).loadFeatures();
    const state = await resolveEnv(ref);
    const { sessions, collected } = await readEnvSessions(state, await loadConfig());
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, environment: state.name, collected, sessions });
      return OK_EXIT;
    }
    if (sessions.length === 0) {
      out.info(`no recorded sessions in ${state.name}${collected ? '' : ' (machines not running; showing what was collected before)'}`);
      return OK_EXIT;
    }
    out.info(
      formatTable(
        ['SESSION', 'MACHINE', 'MODE', 'STARTED', 'ENDED', 'COMMAND'],
        sessions.map((s) => [s.id, s.machine, s.mode, s.started, s.ended ?? 'open', s.command ?? '(shell)']),
      ),
    );
    const last = sessions.filter((s) => s.castPath !== null).at(-1);
    if (last) out.info(`\nreplay: faultline play ${state.name} ${last.id}`);
    return OK_EXIT;
  },
});
