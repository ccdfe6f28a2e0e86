import type { RawBootRuns } from './measure-raw-boot.js';
import type { PoolRuns, PoolUpRun } from './measure-pool.js';
import type { Figure, TargetVerdict } from './figure.js';
import { formatRatio, formatSeconds, median } from './stats.js';

/** The pool issue's targets: a warm take within 1.5 s plus the fault's symptom time, a hot take within 2 s. */
export const POOL_TARGETS = { warmOverSymptomMs: 1500, hotMs: 2000 } as const;

/**
 * Two figures per kind of pool: `up` from it, worst scenario against its
 * target, with the median and the ratio to the raw boot of the same run.
 */
export function poolFigures(pool: PoolRuns, raw: RawBootRuns | undefined): Figure[] {
  const rawMs = raw ? median(raw.bootMs) : undefined;
  return (['warm', 'hot'] as const).map((kind) => {
    const runs = pool.runs.filter((run) => run.kind === kind);
    const limit = (run: PoolUpRun): number => (kind === 'warm' ? POOL_TARGETS.warmOverSymptomMs + run.symptomMs : POOL_TARGETS.hotMs);
    const measured = runs.filter((run): run is PoolUpRun & { upMs: number } => run.upMs !== undefined);
    const worst = [...measured].sort((a, b) => b.upMs - limit(b) - (a.upMs - limit(a)))[0];
    const med = median(measured.map((run) => run.upMs));
    const verdict: TargetVerdict = {
      text: kind === 'warm' ? '≤ 1.5 s + symptom time, every scenario' : '≤ 2 s, every scenario',
      met: measured.length === 0 ? undefined : measured.length === runs.length && measured.every((run) => run.upMs <= limit(run)),
    };
    const value =
      measured.length === 0
        ? 'n/a'
        : `median ${formatSeconds(med)} (${formatRatio(med, rawMs)} raw boot), worst ${worst?.scenario} ${formatSeconds(worst?.upMs)} vs ${formatSeconds(worst ? limit(worst) : undefined)}; ${measured.length}/${runs.length} scenarios`;
    return {
      id: `pool-${kind}-up`,
      label: `up from a ${kind} pool`,
      measures: `wall time of \`faultline up\` taking a ${kind === 'warm' ? 'baseline-ready (then faulted)' : 'pre-faulted'} environment from a pool of one`,
      value,
      targets: [verdict],
      failures: pool.failures.filter((line) => line.startsWith(`${kind} `)),
      data: { medianMs: med, rawBootMs: rawMs, runs },
    };
  });
}
