import { FaultlineError, OK_EXIT } from '../../errors/index.js';
import { defineCommand, type Output } from '../command.js';
import { flag } from '../flags.js';

const ACTIONS = ['start', 'status', 'stop', 'serve'] as const;
type Action = (typeof ACTIONS)[number];

export const poolCommand = defineCommand({
  name: 'pool',
  summary: 'Keep environments booted past the baseline gate (warm) or pre-faulted (hot) for the next `up`',
  usage: 'faultline pool start --size N [--scenario X] [--wait] | status | stop | serve --size N [--scenario X]   [--json]',
  maxPositionals: 1,
  flags: { size: flag.string(), scenario: flag.string(), wait: flag.boolean() },
  async run(positionals, values, out) {
    const [action] = positionals;
    if (!ACTIONS.includes(action as Action)) {
      throw new FaultlineError('USAGE', action === undefined ? 'pool needs an action.' : `Unknown pool action ${JSON.stringify(action)}.`, { hint: `Usage: ${this.usage}` });
    }
    if (action === 'status') return showStatus(out);
    if (action === 'stop') {
      const { stopPool } = await import('../../engine/pool/stop-pool.js');
      const outcome = await stopPool(out.progress);
      if (out.jsonMode) out.json({ version: 1, ok: true, ...outcome });
      else out.info(outcome.pid === undefined ? `no pool server was running${outcome.leftovers.length > 0 ? `; removed ${outcome.leftovers.join(', ')}` : ''}` : `pool server ${outcome.pid} stopped; its unclaimed environments are gone`);
      return OK_EXIT;
    }
    const spec = await parseSpec(values, this.usage);
    if (action === 'serve') {
      const { servePool } = await import('../../engine/pool/serve-pool.js');
      await servePool(spec, out.progress);
      return OK_EXIT;
    }
    const { startPool } = await import('../../engine/pool/start-pool.js');
    const record = await startPool(spec, { waitFull: values.wait === true });
    if (out.jsonMode) out.json({ version: 1, ok: true, server: record });
    else out.info(`pool server ${record.pid} started: ${spec.size} ${spec.scenario ? `hot (${spec.scenario})` : 'warm'} environment(s)${values.wait ? ', all pooled' : ', filling in the background'} (log: $FAULTLINE_HOME/pool/server.log)`);
    return OK_EXIT;
  },
});

async function parseSpec(values: { readonly size?: string | undefined; readonly scenario?: string | undefined }, usage: string): Promise<{ size: number; scenario?: string }> {
  const { poolSpecSchema } = await import('../../engine/pool/pool-spec.js');
  const size = typeof values.size === 'string' && /^\d+$/.test(values.size) ? Number(values.size) : NaN;
  const parsed = poolSpecSchema.safeParse({ size, ...(typeof values.scenario === 'string' ? { scenario: values.scenario } : {}) });
  if (!parsed.success) {
    throw new FaultlineError('USAGE', `--size ${JSON.stringify(values.size ?? null)}${values.scenario === undefined ? '' : ` --scenario ${JSON.stringify(values.scenario)}`} is not a pool: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`, {
      hint: `--size is a whole number from 1 to 32, --scenario a scenario id. Usage: ${usage}`,
    });
  }
  return parsed.data;
}

async function showStatus(out: Output): Promise<number> {
  const { readPoolStatus } = await import('../../engine/pool/pool-status.js');
  const status = await readPoolStatus();
  if (out.jsonMode) {
    out.json({ version: 1, ok: true, running: status.server !== undefined, ...status, ready: status.unclaimed.length });
    return OK_EXIT;
  }
  const server = status.server;
  out.info(server ? `pool server ${server.pid} since ${server.startedAt}: size ${server.spec.size}, ${server.spec.scenario ? `hot (${server.spec.scenario})` : 'warm'}` : 'no pool server running');
  out.info(`ready ${status.unclaimed.length}${status.unclaimed.length > 0 ? ` (${status.unclaimed.join(', ')})` : ''}, filling ${status.filling.length}, taken ${status.taken.length}`);
  for (const taken of status.taken) out.info(`  taken ${taken.name} by ${taken.candidate} at ${taken.takenAt} (${taken.phase})`);
  return OK_EXIT;
}
