import type { BenchContext } from './context.js';
import { readMeminfo } from './host-info.js';
import { sumMachineMemory } from './machine-memory.js';
import { describeFailure, runCliTimed } from './run-cli.js';
import { upEnv } from './up-env.js';

export interface ConcurrencyRun {
  readonly requested: number;
  readonly succeeded: number;
  readonly failures: readonly string[];
  /** First `up` started → last `up` finished. */
  readonly wallMs: number;
  /** Sum of every live machine's cgroup memory with all environments up. */
  readonly totalCgroupBytes: number | undefined;
  /** MemAvailable before the first `up` minus after the last. */
  readonly memAvailableDeltaBytes: number | undefined;
  /** Wall time of `down --all` afterwards. */
  readonly downAllMs: number;
}

/** Start `concurrent` `up baseline` at once, count outcomes, measure RAM with all up, then `down --all`. */
export async function measureConcurrency(ctx: BenchContext): Promise<ConcurrencyRun> {
  const requested = ctx.options.concurrent;
  ctx.progress(`concurrency: ${requested} × up baseline at once`);
  const availableBefore = await readMeminfo('MemAvailable');
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: requested }, (_, i) => upEnv('baseline', `bench-c${i + 1}`, ctx.home.env)));
  const wallMs = performance.now() - started;
  const availableAfter = await readMeminfo('MemAvailable');
  const live = outcomes.flatMap((o) => (o.env ? [o.env] : []));
  const totalCgroupBytes = await sumMachineMemory(live.flatMap((env) => env.machineNames));
  const failures = outcomes.flatMap((o, i) => (o.env ? [] : [`bench-c${i + 1}: ${o.failure ?? 'failed'}`]));
  for (const failure of failures) ctx.progress(`concurrency: ${failure}`);
  ctx.progress(`concurrency: ${live.length}/${requested} up; down --all`);
  const down = await runCliTimed(['down', '--all', '--wait', '--json'], ctx.home.env);
  if (down.exitCode !== 0) failures.push(`down --all: ${describeFailure(down)}`);
  return {
    requested,
    succeeded: live.length,
    failures,
    wallMs,
    totalCgroupBytes,
    memAvailableDeltaBytes: availableBefore !== undefined && availableAfter !== undefined ? availableBefore - availableAfter : undefined,
    downAllMs: down.ms,
  };
}
