import { readMeminfo } from './host-info.js';
import type { BenchContext } from './context.js';
import { extractUpTimings, readEnvTimeline, type UpTimings } from './env-timeline.js';
import { sumMachineMemory } from './machine-memory.js';
import { describeFailure, runCliTimed } from './run-cli.js';
import { formatSeconds } from './stats.js';
import { upEnv } from './up-env.js';
import { waitTeardownDone } from './wait-teardown.js';

/** One sequential `up baseline` → measure → `down` cycle. */
export interface WarmRun {
  /** Wall time of the `up` CLI call (image already cached). */
  readonly upMs: number;
  readonly timings: UpTimings;
  /** Sum of the 4 machines' cgroup memory right after `up` returned. */
  readonly cgroupBytes: number | undefined;
  /** MemAvailable before `up` minus MemAvailable after it. */
  readonly memAvailableDeltaBytes: number | undefined;
  /** Wall time of the `down <env>` CLI call (what the user waits for: the teardown goes on in the background). */
  readonly downMs: number | undefined;
  /** `down` started → the environment's directory and machines are gone (the background teardown finished). */
  readonly teardownMs: number | undefined;
}

export interface WarmRuns {
  readonly runs: readonly WarmRun[];
  /** One line per failed run. */
  readonly failures: readonly string[];
}

/** `runs` sequential warm cycles of `up baseline` then `down`, each timed as a user would see it. */
export async function measureWarmRuns(ctx: BenchContext): Promise<WarmRuns> {
  const runs: WarmRun[] = [];
  const failures: string[] = [];
  for (let index = 1; index <= ctx.options.runs; index++) {
    ctx.progress(`warm up ${index}/${ctx.options.runs}: up baseline`);
    const availableBefore = await readMeminfo('MemAvailable');
    const up = await upEnv('baseline', `bench-w${index}`, ctx.home.env);
    if (!up.env) {
      failures.push(`run ${index}: up ${up.failure ?? 'failed'}`);
      ctx.progress(`warm up ${index}: up ${up.failure ?? 'failed'}`);
      continue;
    }
    const availableAfter = await readMeminfo('MemAvailable');
    const cgroupBytes = await sumMachineMemory(up.env.machineNames);
    const timings = extractUpTimings(await readEnvTimeline(ctx.home.home, up.env.name));
    const downStarted = performance.now();
    const down = await runCliTimed(['down', up.env.name, '--json'], ctx.home.env);
    if (down.exitCode !== 0) {
      failures.push(`run ${index}: down ${describeFailure(down)}`);
      ctx.progress(`warm up ${index}: down ${describeFailure(down)}`);
    }
    const doneAt = await waitTeardownDone(ctx.home.home, up.env);
    if (doneAt === undefined) failures.push(`run ${index}: the background teardown did not finish`);
    const teardownMs = doneAt === undefined ? undefined : doneAt - downStarted;
    ctx.progress(`warm up ${index}: up ${formatSeconds(up.call.ms)}, down ${formatSeconds(down.ms)}, teardown done after ${formatSeconds(teardownMs)}`);
    runs.push({
      upMs: up.call.ms,
      timings,
      cgroupBytes,
      memAvailableDeltaBytes: availableBefore !== undefined && availableAfter !== undefined ? availableBefore - availableAfter : undefined,
      downMs: down.exitCode === 0 ? down.ms : undefined,
      teardownMs,
    });
  }
  return { runs, failures };
}
