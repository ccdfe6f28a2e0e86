import { scenarioCatalogue } from '../src/engine/catalogue.js';
import type { BenchContext } from './context.js';
import { describeFailure, parseCliJson, runCliTimed } from './run-cli.js';

/** One `up` taken from a pool, timed. */
export interface PoolUpRun {
  readonly scenario: string;
  readonly kind: 'warm' | 'hot';
  /** Wall time of `faultline up … --json` (CLI start-up included); undefined when it failed or cold-started. */
  readonly upMs: number | undefined;
  /** The scenario's slowest typical symptom time (the catalogue's symptomSeconds), in ms. */
  readonly symptomMs: number;
}

export interface PoolRuns {
  readonly runs: readonly PoolUpRun[];
  readonly failures: readonly string[];
}

/**
 * `up` from a warm pool and from a hot pool, for every local scenario with
 * faults (or those `--faults` names): a pool of one is started and
 * filled (`pool start --wait`, not timed), then `up` takes from it and is
 * timed; the environment is downed and the pool stopped. An `up` that did not
 * say it came from the pool counts as a failure, not a figure.
 */
export async function measurePool(ctx: BenchContext): Promise<PoolRuns> {
  const chosen = ctx.options.faults;
  const rows = (await scenarioCatalogue()).filter((row) => row.targets.includes('local') && row.faults.length > 0 && (chosen === undefined || chosen.includes(row.id)));
  const runs: PoolUpRun[] = [];
  const failures: string[] = [];
  ctx.cleanup.add('pool server', async () => void (await runCliTimed(['pool', 'stop'], ctx.home.env, { cleanup: true })));
  for (const kind of ['warm', 'hot'] as const) {
    for (const row of rows) {
      const outcome = await timePoolUp(ctx, kind, row.id);
      if (typeof outcome === 'string') failures.push(`${kind} ${row.id}: ${outcome}`);
      runs.push({ scenario: row.id, kind, upMs: typeof outcome === 'number' ? outcome : undefined, symptomMs: row.symptomSeconds * 1000 });
    }
  }
  return { runs, failures };
}

/** The `up` time in ms, or why it could not be measured. */
async function timePoolUp(ctx: BenchContext, kind: 'warm' | 'hot', scenario: string): Promise<number | string> {
  ctx.progress(`pool: ${kind} pool for ${scenario}`);
  const start = await runCliTimed(['pool', 'start', '--size', '1', '--wait', ...(kind === 'hot' ? ['--scenario', scenario] : [])], ctx.home.env);
  if (start.exitCode !== 0) return `pool start: ${describeFailure(start)}`;
  try {
    const up = await runCliTimed(['up', scenario, '--candidate', `bench-${kind}`, '--json'], ctx.home.env);
    const parsed = parseCliJson<{ from?: string; environment?: string }>(up);
    if (parsed?.environment) await runCliTimed(['down', parsed.environment, '--wait'], ctx.home.env, { cleanup: true });
    if (up.exitCode !== 0) return describeFailure(up);
    return parsed?.from === 'pool' ? up.ms : 'up did not take from the pool';
  } finally {
    await runCliTimed(['pool', 'stop'], ctx.home.env, { cleanup: true });
  }
}
