import type { ColdImageRun } from './measure-cold-image.js';
import type { ConcurrencyRun } from './measure-concurrency.js';
import type { FaultRun } from './measure-faults.js';
import type { SelftestRun } from './measure-selftest.js';
import { atMost, type Figure, type TargetVerdict } from './figure.js';
import { formatMegabytes, formatSeconds } from './stats.js';

/** Targets from the issues (#11 "Ready in seconds" and before it), in one place. */
export const TARGETS = {
  warmUpMs: 8_000,
  warmUpOverRawBoot: 2,
  /** `down` as the user waits for it. */
  downMs: 1_000,
  envBytes: 200_000_000,
  concurrent: 20,
  /** reset: at most this much on top of the fault's own symptom time (inject + symptom gate in the same up). */
  resetOverSymptomMs: 2_000,
} as const;

/** Figure 1: the cold image build (skipped unless --cold). */
export function coldImageFigures(run: ColdImageRun): Figure[] {
  return [
    {
      id: 'cold-image',
      label: 'Cold base image build',
      measures: 'debootstrap + prepare into an empty image cache (once per host and recipe)',
      value: run.ms === undefined ? 'failed' : formatSeconds(run.ms),
      targets: [],
      failures: run.failure ? [run.failure] : [],
      data: { ms: run.ms },
    },
  ];
}

/** Figure 6: N environments at once. */
export function concurrencyFigures(run: ConcurrencyRun): Figure[] {
  const allUp = run.failures.length === 0 && run.succeeded === run.requested;
  return [
    {
      id: 'concurrency',
      label: `${run.requested} at once`,
      measures: `${run.requested} × \`up baseline\` started together: how many came up, first start → last done`,
      value: `${run.succeeded}/${run.requested} up in ${formatSeconds(run.wallMs)}${run.failures.length > 0 ? `; ${run.failures.length} failure(s)` : ''}`,
      targets: [
        {
          text: `${TARGETS.concurrent} at once, no failures${run.requested < TARGETS.concurrent ? ` (ran ${run.requested})` : ''}`,
          met: run.requested < TARGETS.concurrent ? (allUp ? undefined : false) : allUp,
        },
      ],
      failures: run.failures,
      data: { ...run },
    },
    {
      id: 'concurrency-ram',
      label: `  ↳ RAM with ${run.succeeded} up`,
      measures: 'cgroup memory of every machine summed; MemAvailable drop in parentheses',
      value: `${formatMegabytes(run.totalCgroupBytes)} (MemAvailable −${formatMegabytes(run.memAvailableDeltaBytes)})`,
      targets: [],
      failures: [],
      data: { totalCgroupBytes: run.totalCgroupBytes, memAvailableDeltaBytes: run.memAvailableDeltaBytes },
    },
    {
      id: 'concurrency-down-all',
      label: '  ↳ down --all',
      measures: `wall time of \`faultline down --all --wait\` for the ${run.succeeded} environments (sequential)`,
      value: formatSeconds(run.downAllMs),
      targets: [],
      failures: [],
      data: { ms: run.downAllMs },
    },
  ];
}

/** Figure 7: one row per fault scenario (reset from a warm pool), with the reset by rebuild as its sub-row. */
export function faultFigures(runs: readonly FaultRun[]): Figure[] {
  return runs.flatMap((run) => [faultFigure(run), rebuildResetFigure(run)]);
}

function rebuildResetFigure(run: FaultRun): Figure {
  return {
    id: `reset-rebuild-${run.scenario}`,
    label: '  ↳ reset by rebuild',
    measures: '`reset --cold`: machines rebuilt in place, faults injected again (the path without a pool)',
    value: formatSeconds(run.rebuildResetMs),
    targets: [],
    failures: [],
    data: { ms: run.rebuildResetMs },
  };
}

function faultFigure(run: FaultRun): Figure {
  return {
    id: `fault-${run.scenario}`,
    label: `Fault ${run.scenario}`,
    measures: 'up --seed 1; inject and symptom gate from the timeline; check (unfixed) and reset from a warm pool of one: CLI wall time',
    value:
      [
        `up ${formatSeconds(run.upMs)}`,
        `inject ${formatSeconds(run.timings?.injectMs)}`,
        `symptom ${formatSeconds(run.timings?.symptomGateMs)}`,
        `check ${formatSeconds(run.checkMs)}`,
        `reset ${formatSeconds(run.resetMs)}`,
      ].join(' · ') + (run.failures.length > 0 ? `; ${run.failures.length} failure(s)` : ''),
    targets: [resetTarget(run)],
    failures: run.failures,
    data: { ...run },
  };
}

/**
 * reset ≤ 2 s + the fault's symptom time, measured in the same run's `up`: from the start of inject until the symptom
 * gate passed (inject + gate), which is what a fault's `symptomSeconds` declares. Some faults need their inject to
 * show (disk-pressure posts orders until the API refuses them); the 2 s are what a reset adds around that.
 */
function resetTarget(run: FaultRun): TargetVerdict {
  const injectMs = run.timings?.injectMs;
  const gateMs = run.timings?.symptomGateMs;
  const symptomMs = injectMs === undefined || gateMs === undefined ? undefined : injectMs + gateMs;
  const limit = symptomMs === undefined ? undefined : TARGETS.resetOverSymptomMs + symptomMs;
  const text = `reset ≤ ${TARGETS.resetOverSymptomMs / 1000} s + inject + symptom${limit === undefined ? '' : ` = ${formatSeconds(limit)}`}`;
  return limit === undefined ? { text, met: undefined } : atMost(text, run.resetMs, limit);
}

/** Figure 8: selftest of every scenario. */
export function selftestFigures(run: SelftestRun): Figure[] {
  const passed = run.scenarios.filter((s) => s.passed).length;
  return [
    {
      id: 'selftest',
      label: 'Selftest, all scenarios',
      measures: 'wall time of `faultline selftest --json` (inject, symptom, verify, solve, revert per scenario)',
      value: `${formatSeconds(run.wallMs)}, ${passed}/${run.scenarios.length} passed`,
      targets: [],
      failures: [...(run.failure ? [run.failure] : []), ...run.scenarios.filter((s) => !s.passed).map((s) => `${s.scenario}: selftest failed`)],
      data: { ...run },
    },
  ];
}
