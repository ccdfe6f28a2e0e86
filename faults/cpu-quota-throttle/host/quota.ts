import { ORDERS_SLICE, ordersUnit } from '../../shared/systemd-unit.js';
import type { CgroupLevel } from '../../shared/cgroup-v1.js';
import type { CpuQuotaThrottleParams } from './params.js';

/** The least CPU (in cores) a fixed instance may be capped at, at every level of its cgroup path. */
export const MIN_CPU_CORES = 0.5;
/** The reference fix: a drop-in sorted after every seeded name with a cap sized for the service. */
export const FIX_DROP_IN = 'zz-cpu-quota.conf';
export const FIX_QUOTA = '200%';

/** The unit or slice the drop-in is on. */
export function quotaTarget(params: CpuQuotaThrottleParams): string {
  return params.variant === 'unit' ? ordersUnit(params.instance) : ORDERS_SLICE;
}

/** The instances the quota throttles: one, or both in the slice. */
export function throttledInstances(params: CpuQuotaThrottleParams): (1 | 2)[] {
  return params.variant === 'unit' ? [params.instance] : [1, 2];
}

/** The capacity team's drop-in. */
export function renderQuotaDropIn(params: CpuQuotaThrottleParams): string {
  return [
    '# FINOPS-118: cap orders so batch re-pricing cannot starve the host.',
    `# Budget approved for ${params.variant === 'unit' ? 'this instance' : 'the orders tier'}.`,
    params.variant === 'unit' ? '[Service]' : '[Slice]',
    `CPUQuota=${params.quotaPercent}%`,
    '',
  ].join('\n');
}

/** The reference fix's drop-in (same section as the fault's). */
export function renderFixDropIn(params: CpuQuotaThrottleParams): string {
  return [params.variant === 'unit' ? '[Service]' : '[Slice]', `CPUQuota=${FIX_QUOTA}`, ''].join('\n');
}

/** Cores a CPUQuota= value allows: '' or absent is no cap (Infinity), 'N%' is N/100; undefined when unreadable. */
export function parseCpuQuota(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value);
  return match ? Number(match[1]) / 100 : undefined;
}

/** The tightest cap in force along a process's cpu cgroup path (cfs_quota_us / cfs_period_us; -1 is none). */
export function tightestCap(levels: readonly CgroupLevel[]): { cores: number; at: string } {
  let tightest = { cores: Number.POSITIVE_INFINITY, at: '' };
  for (const level of levels) {
    const quota = Number(level.files['cpu.cfs_quota_us']);
    const period = Number(level.files['cpu.cfs_period_us']);
    if (!(quota > 0) || !(period > 0)) continue;
    if (quota / period < tightest.cores) tightest = { cores: quota / period, at: level.path };
  }
  return tightest;
}

/** Evidence text for a cpu cgroup path. */
export function describeCpuChain(levels: readonly CgroupLevel[]): string {
  if (levels.length === 0) return 'no running process (no cpu cgroup to read)';
  return levels
    .map((l) => {
      const stat = l.files['cpu.stat'] ?? '';
      const throttled = /nr_throttled (\d+)/.exec(stat)?.[1] ?? '?';
      return `${l.path}: cfs_quota_us=${l.files['cpu.cfs_quota_us'] ?? '?'} period=${l.files['cpu.cfs_period_us'] ?? '?'} nr_throttled=${throttled}`;
    })
    .join('; ');
}
