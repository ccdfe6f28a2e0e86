import { OK_EXIT } from '../../errors/index.js';
import { defineCommand } from '../command.js';
import { requireEnvRef } from './env-ref.js';
import { formatTable } from '../output.js';
import { formatDuration } from '../../utils/duration.js';

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show one environment: machines, addresses, state, age, expiry',
  usage: 'faultline status <env> [--json]',
  maxPositionals: 1,
  flags: {},
  async run(positionals, _values, out) {
    const ref = requireEnvRef(this, positionals);
    const { resolveEnv } = await import('../../core/state-store.js');
    const { envHandles } = await import('../../engine/env-context.js');
    const { loadConfig } = await import('../../engine/load-config.js');
    await (await import('../../engine/features.js')).loadFeatures();
    const state = await resolveEnv(ref);
    const machines = state.phase === 'failed' ? [] : await envHandles(state, await loadConfig()).target.status(state);
    if (out.jsonMode) {
      out.json({ version: 1, ok: true, environment: state.name, state, machines });
      return OK_EXIT;
    }
    const now = Date.now();
    const { describeDraw, drawOf } = await import('../../engine/draw.js');
    const draw = drawOf(state);
    out.info(
      [
        `${state.name}: ${state.phase}${state.failure ? ` (${state.failure.step}: ${state.failure.message})` : ''}`,
        `scenario ${state.scenario} · candidate ${state.candidate} · target ${state.target} · seed ${state.seed}`,
        `age ${formatDuration(now - Date.parse(state.createdAt))} · expires ${state.expiresAt}`,
        state.faults.length ? `faults: ${state.faults.map((f) => f.id).join(', ')}` : 'faults: none',
        ...(draw ? [describeDraw(draw)] : []),
        '',
        formatTable(
          ['MACHINE', 'ROLE', 'ADDRESS', 'STATE', 'MEMORY'],
          machines.map((m) => [m.name, m.role, m.address, m.state, m.memoryBytes ? `${Math.round(m.memoryBytes / 2 ** 20)} MiB` : '-']),
        ),
      ].join('\n'),
    );
    return OK_EXIT;
  },
});
