import type { EnvState } from '../../schema/state.js';
import type { Output } from '../command.js';
import { formatTable } from '../output.js';
import { describeDraw, drawOf } from '../../engine/draw.js';

/** Human summary printed after `up`/`reset`/`replay`: what was made, and how the candidate connects. */
export async function describeEnv(state: EnvState): Promise<string> {
  const lines = [
    `environment ${state.name} is ${state.phase}`,
    `  scenario ${state.scenario}, candidate ${state.candidate}, seed ${state.seed}, expires ${state.expiresAt}`,
    '',
    formatTable(
      ['MACHINE', 'ROLE', 'ADDRESS'],
      state.machines.map((m) => [m.name, m.role, m.address]),
    ),
  ];
  const draw = drawOf(state);
  if (draw) lines.push(`  ${describeDraw(draw)}`);
  if (state.faults.length > 0) lines.push('', `faults: ${state.faults.map((f) => f.id).join(', ')} (seed ${state.seed})`);
  if (state.access) {
    const { bindAddress, port } = state.access;
    lines.push(
      '',
      `candidate ssh: ${bindAddress}:${port} → edge:22 (recorded; user candidate, key only)`,
      `  write the bundle: faultline access ${state.name} --out ./${state.name}-access`,
      `  then connect:     ssh -F ./${state.name}-access/ssh_config edge`,
      `  watch sessions:   faultline sessions ${state.name}`,
    );
  }
  return lines.join('\n');
}

/** How a `reset` made the environment it prints (src/engine/reset.ts ResetOutcome). */
export interface ResetMade {
  readonly from: 'pool' | 'cold';
  readonly replaced?: string | undefined;
}

/**
 * What `up`, `replay` and `reset` print: the envelope with where the environment came from (pool or cold start;
 * a reset says it itself, and which environment it replaced), or the summary — after a reset from the pool led by
 * the new name, since the candidate needs the new bundle.
 */
export async function printStartedEnv(out: Output, state: EnvState, reset?: ResetMade): Promise<void> {
  const from = reset?.from ?? (state.pool?.takenAt ? 'pool' : 'cold');
  const replaced = reset?.replaced;
  if (out.jsonMode) out.json({ version: 1, ok: true, from, environment: state.name, ...(replaced ? { previousEnvironment: replaced } : {}), state });
  else if (replaced) out.info([`reset from pool: ${replaced} is now ${state.name} (give the candidate the new bundle below; the old one no longer opens anything)`, '', await describeEnv(state)].join('\n'));
  else out.info(await describeEnv(state));
}
