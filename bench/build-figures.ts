import type { ColdImageRun } from './measure-cold-image.js';
import type { ConcurrencyRun } from './measure-concurrency.js';
import type { FaultRun } from './measure-faults.js';
import type { RawBootRuns } from './measure-raw-boot.js';
import type { SelftestRun } from './measure-selftest.js';
import type { WarmRuns } from './measure-warm-up.js';
import { atMost, failedFigure, type Figure } from './figure.js';
import { formatMegabytes, formatRatio, formatSeconds, median } from './stats.js';

/** Targets from the brief, in one place. */
export const TARGETS = {
  warmUpMs: 8_000,
  warmUpOverRawBoot: 2,
  downMs: 3_000,
  envBytes: 300_000_000,
  concurrent: 10,
  resetMs: 10_000,
} as const;

const defined = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

function medianOf(values: readonly (number | undefined)[], runs: number): { value: number | undefined; text: string } {
  const present = defined(values);
  const value = median(present);
  return { value, text: present.length === 0 ? 'n/a' : `${formatSeconds(value)} (median of ${present.length}${present.length < runs ? ` of ${runs}` : ''})` };
}

/** Figure 1: the cold image build (skipped unless --cold). */
export function coldImageFigures(run: ColdImageRun): Figure[] {
  return [
    {
      id: 'cold-image',
      label: 'Cold base image build',
      measures: 'debootstrap + prepare into an empty image cache (once per host and recipe)',
      value: run.ms === undefined ? `failed: ${run.failure ?? 'unknown'}` : formatSeconds(run.ms),
      targets: [],
      data: { ms: run.ms, failure: run.failure },
    },
  ];
}

const RAW_BOOT_MEASURES = '4 × systemd-nspawn --boot of the cached image launched together, until all are running/degraded';

/**
 * Figures 2–5: warm up, its parts, raw boot and the ratio, down, RAM per
 * environment. `rawOrError` is the raw boot result or why it failed.
 */
export function warmFigures(warm: WarmRuns, rawOrError: RawBootRuns | string, runs: number): Figure[] {
  const raw = typeof rawOrError === 'string' ? undefined : rawOrError;
  const up = medianOf(warm.runs.map((r) => r.upMs), runs);
  const provision = medianOf(warm.runs.map((r) => r.timings.provisionMs), runs);
  const gate = medianOf(warm.runs.map((r) => r.timings.baselineGateMs), runs);
  const down = medianOf(warm.runs.map((r) => r.downMs), runs);
  const rawBoot = raw ? medianOf(raw.bootMs, runs) : undefined;
  const envBytes = median(defined(warm.runs.map((r) => r.cgroupBytes)));
  const availableDrop = median(defined(warm.runs.map((r) => r.memAvailableDeltaBytes)));
  const rawBytes = raw ? median(defined(raw.cgroupBytes)) : undefined;
  const failed = warm.failures.length > 0 ? `; ${warm.failures.length} failure(s)` : '';
  const figures: Figure[] = [
    {
      id: 'warm-up',
      label: 'Warm up (baseline)',
      measures: 'wall time of `faultline up baseline`, image cached, until the baseline gate passed',
      value: `${up.text}${failed}`,
      targets: [atMost(`≤ ${TARGETS.warmUpMs / 1000} s`, up.value, TARGETS.warmUpMs)],
      data: { medianMs: up.value, runsMs: warm.runs.map((r) => r.upMs), failures: warm.failures },
    },
    {
      id: 'warm-up-provision',
      label: '  ↳ provision',
      measures: 'timeline provision.start → provision.done (4 machines booted and seeded)',
      value: provision.text,
      targets: [],
      data: { medianMs: provision.value },
    },
    {
      id: 'warm-up-baseline-gate',
      label: '  ↳ baseline gate',
      measures: 'timeline gate.baseline ms (booted → every baseline criterion passed)',
      value: gate.text,
      targets: [],
      data: { medianMs: gate.value },
    },
  ];
  if (typeof rawOrError === 'string') figures.push(failedFigure('raw-boot', 'Raw boot, no faultline', RAW_BOOT_MEASURES, rawOrError));
  if (raw && rawBoot) {
    figures.push(
      {
        id: 'raw-boot',
        label: 'Raw boot, no faultline',
        measures: RAW_BOOT_MEASURES,
        value: `${rawBoot.text}${raw.failures.length > 0 ? `; ${raw.failures.length} failure(s)` : ''}`,
        targets: [],
        data: { medianMs: rawBoot.value, runsMs: raw.bootMs, failures: raw.failures },
      },
      {
        id: 'warm-up-over-raw-boot',
        label: 'Warm up / raw boot',
        measures: 'ratio of the two medians above: what faultline adds on top of booting',
        value: formatRatio(up.value, rawBoot.value),
        targets: [
          atMost(`≤ ${TARGETS.warmUpOverRawBoot}×`, up.value !== undefined && rawBoot.value ? up.value / rawBoot.value : undefined, TARGETS.warmUpOverRawBoot),
        ],
        data: { ratio: up.value !== undefined && rawBoot.value ? up.value / rawBoot.value : undefined },
      },
    );
  }
  figures.push(
    {
      id: 'down',
      label: 'down',
      measures: 'wall time of `faultline down <env>` after each warm run',
      value: down.text,
      targets: [atMost(`≤ ${TARGETS.downMs / 1000} s`, down.value, TARGETS.downMs)],
      data: { medianMs: down.value, runsMs: warm.runs.map((r) => r.downMs) },
    },
    {
      id: 'ram-per-env',
      label: 'RAM per environment',
      measures: "sum of the 4 machines' cgroup memory right after `up baseline` (median)",
      value: formatMegabytes(envBytes),
      targets: [atMost(`≤ ${TARGETS.envBytes / 1e6} MB`, envBytes, TARGETS.envBytes)],
      data: { medianBytes: envBytes, runsBytes: warm.runs.map((r) => r.cgroupBytes) },
    },
    {
      id: 'ram-memavailable-drop',
      label: '  ↳ MemAvailable drop',
      measures: 'host MemAvailable before `up` minus after it (median; noisy on a busy host)',
      value: formatMegabytes(availableDrop),
      targets: [],
      data: { medianBytes: availableDrop, runsBytes: warm.runs.map((r) => r.memAvailableDeltaBytes) },
    },
  );
  if (raw) {
    figures.push({
      id: 'ram-raw-boot',
      label: '  ↳ raw boot RAM',
      measures: "sum of the 4 raw machines' cgroup memory once booted (every image service enabled)",
      value: formatMegabytes(rawBytes),
      targets: [],
      data: { medianBytes: rawBytes },
    });
  }
  return figures;
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
      data: { ...run },
    },
    {
      id: 'concurrency-ram',
      label: `  ↳ RAM with ${run.succeeded} up`,
      measures: 'cgroup memory of every machine summed; MemAvailable drop in parentheses',
      value: `${formatMegabytes(run.totalCgroupBytes)} (MemAvailable −${formatMegabytes(run.memAvailableDeltaBytes)})`,
      targets: [],
      data: { totalCgroupBytes: run.totalCgroupBytes, memAvailableDeltaBytes: run.memAvailableDeltaBytes },
    },
    {
      id: 'concurrency-down-all',
      label: '  ↳ down --all',
      measures: `wall time of \`faultline down --all\` for the ${run.succeeded} environments (sequential)`,
      value: formatSeconds(run.downAllMs),
      targets: [],
      data: { ms: run.downAllMs },
    },
  ];
}

/** Figure 7: one row per fault scenario. */
export function faultFigures(runs: readonly FaultRun[]): Figure[] {
  return runs.map((run) => ({
    id: `fault-${run.scenario}`,
    label: `Fault ${run.scenario}`,
    measures: 'up --seed 1; inject and symptom gate from the timeline; check (unfixed) and reset: CLI wall time',
    value:
      [
        `up ${formatSeconds(run.upMs)}`,
        `inject ${formatSeconds(run.timings?.injectMs)}`,
        `symptom ${formatSeconds(run.timings?.symptomGateMs)}`,
        `check ${formatSeconds(run.checkMs)}`,
        `reset ${formatSeconds(run.resetMs)}`,
      ].join(' · ') + (run.failures.length > 0 ? `; ${run.failures.length} failure(s)` : ''),
    targets: [atMost(`reset ≤ ${TARGETS.resetMs / 1000} s`, run.resetMs, TARGETS.resetMs)],
    data: { ...run },
  }));
}

/** Figure 8: selftest of every scenario. */
export function selftestFigures(run: SelftestRun): Figure[] {
  const passed = run.scenarios.filter((s) => s.passed).length;
  return [
    {
      id: 'selftest',
      label: 'Selftest, all scenarios',
      measures: 'wall time of `faultline selftest --json` (inject, symptom, verify, solve, revert per scenario)',
      value: `${formatSeconds(run.wallMs)}, ${passed}/${run.scenarios.length} passed${run.failure ? ` (${run.failure})` : ''}`,
      targets: [],
      data: { ...run },
    },
  ];
}
