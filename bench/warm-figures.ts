import type { RawBootRuns } from './measure-raw-boot.js';
import type { WarmRuns } from './measure-warm-up.js';
import { TARGETS } from './build-figures.js';
import { atMost, failedFigure, type Figure } from './figure.js';
import { formatMegabytes, formatRatio, formatSeconds, median } from './stats.js';

const defined = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

function medianOf(values: readonly (number | undefined)[], runs: number): { value: number | undefined; text: string } {
  const present = defined(values);
  const value = median(present);
  return { value, text: present.length === 0 ? 'n/a' : `${formatSeconds(value)} (median of ${present.length}${present.length < runs ? ` of ${runs}` : ''})` };
}

const RAW_BOOT_MEASURES = '4 × systemd-nspawn --boot of the cached image launched together, until all are running/degraded';
const USERNS_OVER_PLAIN_MAX = 1.2;

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
  const teardown = medianOf(warm.runs.map((r) => r.teardownMs), runs);
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
      failures: warm.failures,
      data: { medianMs: up.value, runsMs: warm.runs.map((r) => r.upMs) },
    },
    {
      id: 'warm-up-provision',
      label: '  ↳ provision',
      measures: 'timeline provision.start → provision.done (4 machines booted and seeded)',
      value: provision.text,
      targets: [],
      failures: [],
      data: { medianMs: provision.value },
    },
    {
      id: 'warm-up-baseline-gate',
      label: '  ↳ baseline gate',
      measures: 'timeline gate.baseline ms (booted → every baseline criterion passed)',
      value: gate.text,
      targets: [],
      failures: [],
      data: { medianMs: gate.value },
    },
  ];
  if (typeof rawOrError === 'string') figures.push(failedFigure('raw-boot', 'Raw boot, no faultline', RAW_BOOT_MEASURES, rawOrError));
  if (raw && rawBoot) {
    figures.push(
      {
        id: 'raw-boot',
        label: 'Raw boot, no faultline',
        measures: `${RAW_BOOT_MEASURES}, in the user namespace`,
        value: `${rawBoot.text}${raw.failures.length > 0 ? `; ${raw.failures.length} failure(s)` : ''}`,
        targets: [],
        failures: raw.failures,
        data: { medianMs: rawBoot.value, runsMs: raw.bootMs },
      },
      {
        id: 'warm-up-over-raw-boot',
        label: 'Warm up / raw boot',
        measures: 'ratio of the two medians above: what faultline adds on top of booting',
        value: formatRatio(up.value, rawBoot.value),
        targets: [
          atMost(`≤ ${TARGETS.warmUpOverRawBoot}×`, up.value !== undefined && rawBoot.value ? up.value / rawBoot.value : undefined, TARGETS.warmUpOverRawBoot),
        ],
        failures: [],
        data: { ratio: up.value !== undefined && rawBoot.value ? up.value / rawBoot.value : undefined },
      },
      ...userNamespaceFigures(raw, runs, rawBoot.value),
    );
  }
  figures.push(
    {
      id: 'down',
      label: 'down',
      measures: 'wall time of `faultline down <env>` after each warm run (what the user waits for; teardown goes on in the background)',
      value: down.text,
      targets: [atMost(`≤ ${TARGETS.downMs / 1000} s`, down.value, TARGETS.downMs)],
      failures: [],
      data: { medianMs: down.value, runsMs: warm.runs.map((r) => r.downMs) },
    },
    {
      id: 'down-teardown',
      label: '  ↳ background teardown done',
      measures: "`down` started → the env directory and every machine's cgroup gone (polled every 100 ms)",
      value: teardown.text,
      targets: [],
      failures: [],
      data: { medianMs: teardown.value, runsMs: warm.runs.map((r) => r.teardownMs) },
    },
    {
      id: 'ram-per-env',
      label: 'RAM per environment',
      measures: "sum of the 4 machines' cgroup memory right after `up baseline` (median)",
      value: formatMegabytes(envBytes),
      targets: [atMost(`≤ ${TARGETS.envBytes / 1e6} MB`, envBytes, TARGETS.envBytes)],
      failures: [],
      data: { medianBytes: envBytes, runsBytes: warm.runs.map((r) => r.cgroupBytes) },
    },
    {
      id: 'ram-memavailable-drop',
      label: '  ↳ MemAvailable drop',
      measures: 'host MemAvailable before `up` minus after it (median; noisy on a busy host)',
      value: formatMegabytes(availableDrop),
      targets: [],
      failures: [],
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
      failures: [],
      data: { medianBytes: rawBytes },
    });
  }
  return figures;
}

/** Raw boot without the user namespace, the ratio (target: within 20 %), and the once-per-image shift. */
function userNamespaceFigures(raw: RawBootRuns, runs: number, usernsMs: number | undefined): Figure[] {
  const plain = medianOf(raw.plainBootMs, runs);
  const ratio = usernsMs !== undefined && plain.value ? usernsMs / plain.value : undefined;
  return [
    {
      id: 'raw-boot-plain',
      label: '  ↳ raw boot, no user namespace',
      measures: 'the same 4 machines from the unshifted image without --private-users (runs alternate with the above)',
      value: plain.text,
      targets: [],
      failures: [],
      data: { medianMs: plain.value, runsMs: raw.plainBootMs },
    },
    {
      id: 'raw-boot-userns-over-plain',
      label: '  ↳ user namespace / none',
      measures: 'raw boot in the user namespace over raw boot without one (medians)',
      value: ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`,
      targets: [atMost(`≤ ${USERNS_OVER_PLAIN_MAX}×`, ratio, USERNS_OVER_PLAIN_MAX)],
      failures: [],
      data: { ratio },
    },
    {
      id: 'image-shift',
      label: 'Image shift (once per image)',
      measures: 'copy of the base image with every owner offset into the user namespace: wall time, disk use',
      value: raw.shift ? `${formatSeconds(raw.shift.ms)}, ${formatMegabytes(raw.shift.bytes)}` : 'n/a',
      targets: [],
      failures: [],
      data: { ...raw.shift },
    },
  ];
}
