import { listFaults } from '../faults/registry.js';
import { singleFaultScenario } from '../src/engine/catalogue.js';
import type { BenchContext } from './context.js';
import { extractUpTimings, readEnvTimeline, type UpTimings } from './env-timeline.js';
import { measureResets } from './measure-reset.js';
import { describeFailure, runCliTimed } from './run-cli.js';
import { formatSeconds } from './stats.js';
import { upEnv } from './up-env.js';

const SEED = 1;

/** Each registered host fault's own scenario (the one that injects only it), timed with --seed 1 so runs compare. */
export async function faultScenarios(): Promise<string[]> {
  const scenarios: string[] = [];
  for (const fault of listFaults().filter((f) => f.implementations.host !== undefined)) {
    const scenario = await singleFaultScenario(fault.id);
    if (scenario !== undefined) scenarios.push(scenario);
  }
  return scenarios;
}

export interface FaultRun {
  readonly scenario: string;
  /** Wall time of `up` (baseline + inject + symptom gate). */
  readonly upMs: number | undefined;
  readonly timings: UpTimings | undefined;
  /** Wall time of `check` on the unfixed environment (expected verdict: not fixed). */
  readonly checkMs: number | undefined;
  /** Wall time of `reset` from a warm pool of one (faults injected into the pooled environment, symptom gate, old one torn down). */
  readonly resetMs: number | undefined;
  /** Wall time of `reset --cold` (machines rebuilt in place, faults injected again). */
  readonly rebuildResetMs?: number | undefined;
  readonly downMs: number | undefined;
  readonly failures: readonly string[];
}

const CHECK_NOT_FIXED = 53;

/** For each fault scenario: up, read inject/symptom timings, then time check, reset (from a warm pool, and by rebuild) and down. */
export async function measureFaults(ctx: BenchContext): Promise<FaultRun[]> {
  const results: FaultRun[] = [];
  const all = await faultScenarios();
  const unknown = (ctx.options.faults ?? []).filter((id) => !all.includes(id));
  if (unknown.length > 0) throw new Error(`--faults: ${unknown.join(', ')} is not a fault's own scenario (one of: ${all.join(', ')})`);
  for (const scenario of ctx.options.faults ?? all) {
    ctx.progress(`fault ${scenario}: up --seed ${SEED}`);
    const up = await upEnv(scenario, 'bench-f', ctx.home.env, SEED);
    if (!up.env) {
      ctx.progress(`fault ${scenario}: up ${up.failure ?? 'failed'}`);
      results.push({ scenario, upMs: undefined, timings: undefined, checkMs: undefined, resetMs: undefined, rebuildResetMs: undefined, downMs: undefined, failures: [`up ${up.failure ?? 'failed'}`] });
      continue;
    }
    const failures: string[] = [];
    const timings = extractUpTimings(await readEnvTimeline(ctx.home.home, up.env.name));
    const check = await runCliTimed(['check', up.env.name, '--json'], ctx.home.env);
    if (check.exitCode !== CHECK_NOT_FIXED) failures.push(`check on the unfixed environment: expected exit ${CHECK_NOT_FIXED} (not fixed), got ${describeFailure(check)}`);
    ctx.progress(`fault ${scenario}: reset (warm pool of one), then reset --cold`);
    const resets = await measureResets(ctx, up.env.name);
    failures.push(...resets.failures);
    const down = await runCliTimed(['down', resets.name, '--wait', '--json'], ctx.home.env);
    if (down.exitCode !== 0) failures.push(`down ${describeFailure(down)}`);
    ctx.progress(`fault ${scenario}: up ${formatSeconds(up.call.ms)}, check ${formatSeconds(check.ms)}, reset ${formatSeconds(resets.poolMs)} (rebuild ${formatSeconds(resets.rebuildMs)})`);
    for (const failure of failures) ctx.progress(`fault ${scenario}: ${failure}`);
    results.push({
      scenario,
      upMs: up.call.ms,
      timings,
      checkMs: check.exitCode === CHECK_NOT_FIXED || check.exitCode === 0 ? check.ms : undefined,
      resetMs: resets.poolMs,
      rebuildResetMs: resets.rebuildMs,
      downMs: down.exitCode === 0 ? down.ms : undefined,
      failures,
    });
  }
  return results;
}
