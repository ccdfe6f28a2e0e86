import type { BenchContext } from './context.js';
import { describeFailure, parseCliJson, runCliTimed } from './run-cli.js';

/** The two ways `reset` can go, timed on one environment. */
export interface ResetRuns {
  /** Wall time of `reset` with a warm pool of one ready (the pool path); undefined when it failed. */
  readonly poolMs: number | undefined;
  /** Wall time of `reset --cold` right after (machines rebuilt in place); undefined when it failed. */
  readonly rebuildMs: number | undefined;
  /** The environment's name after both (a reset from the pool gives it the pooled one's name). */
  readonly name: string;
  readonly failures: readonly string[];
}

interface ResetJson {
  readonly from?: string;
  readonly environment?: string;
}

/**
 * Time `reset` as the interviewer meets it with a pool: a warm pool of one is
 * started and filled (`pool start --size 1 --wait`, not timed), `reset` is
 * timed and must say it came from the pool, the pool is stopped (so its
 * refill does not load the host), then `reset --cold` is timed for the
 * rebuild figure. The pool starts only now, after the fault's `up`, so that
 * `up` stays a cold start.
 */
export async function measureResets(ctx: BenchContext, envName: string): Promise<ResetRuns> {
  const failures: string[] = [];
  let name = envName;
  let poolMs: number | undefined;
  const stopPool = async (): Promise<void> => void (await runCliTimed(['pool', 'stop'], ctx.home.env, { cleanup: true }));
  ctx.cleanup.add('pool server', stopPool);
  const start = await runCliTimed(['pool', 'start', '--size', '1', '--wait'], ctx.home.env);
  if (start.exitCode !== 0) failures.push(`pool start ${describeFailure(start)}`);
  try {
    const reset = await runCliTimed(['reset', name, '--json'], ctx.home.env);
    const parsed = parseCliJson<ResetJson>(reset);
    name = parsed?.environment ?? name;
    if (reset.exitCode !== 0) failures.push(`reset ${describeFailure(reset)}`);
    else if (parsed?.from !== 'pool') failures.push('reset did not take from the pool (rebuilt instead)');
    else poolMs = reset.ms;
  } finally {
    await stopPool();
  }
  const rebuild = await runCliTimed(['reset', name, '--cold', '--json'], ctx.home.env);
  if (rebuild.exitCode !== 0) failures.push(`reset --cold ${describeFailure(rebuild)}`);
  return { poolMs, rebuildMs: rebuild.exitCode === 0 ? rebuild.ms : undefined, name, failures };
}
