import type { CgroupLevel } from '../../shared/cgroup-v1.js';
import { ordersUnit } from '../../shared/systemd-unit.js';
import type { MemoryMaxOomParams } from './params.js';

export const ORDERS_TEMPLATE = 'orders@.service';
export const INSTANCES = [1, 2] as const;
const MIB = 1024 * 1024;
/** What v1 reports as "no limit" is PAGE_COUNTER_MAX pages; anything at or above this is unlimited. */
const UNLIMITED = 2 ** 62;
/** A fixed limit must leave this much headroom above what the cgroup uses once warm. */
export const HEADROOM = 1.25;
/** The least MemoryMax= the configuration may keep: one warm instance (~44 MiB) with headroom. */
export const MIN_PERSISTENT_MIB = 64;
/** The reference fix: a drop-in sorted after every seeded name, next to the guard. */
export const FIX_DROP_IN = 'zz-memory.conf';
export const FIX_LIMIT_MIB = 256;

/** The unit file whose drop-in directory holds the guard: the template, or one instance. */
export function limitTarget(params: MemoryMaxOomParams): string {
  return params.variant === 'template' ? ORDERS_TEMPLATE : ordersUnit(params.instance);
}

/** Units whose effective configuration carries the guard (the template's drop-ins apply to each instance). */
export function configuredUnits(params: MemoryMaxOomParams): string[] {
  return params.variant === 'template' ? INSTANCES.map(ordersUnit) : [ordersUnit(params.instance)];
}

export function renderLimitDropIn(params: MemoryMaxOomParams): string {
  return [
    '# OPS-1423: orders leaked to 3 GiB in Q3 and took the app host down.',
    '# Keep this guard: a runaway instance is killed, not the host.',
    '[Service]',
    `MemoryMax=${params.limitMiB}M`,
    '',
  ].join('\n');
}

export function renderFixDropIn(): string {
  return `[Service]\nMemoryMax=${FIX_LIMIT_MIB}M\n`;
}

/**
 * Bytes a MemoryMax= value allows: '' (reset), absent and 'infinity' are no
 * limit (Infinity); K/M/G/T suffixes are powers of 1024; undefined for what
 * cannot be judged here (a percentage of RAM, garbage).
 */
export function parseMemoryMax(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === 'infinity') return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d+)?)([KMGT]?)$/i.exec(value);
  if (!match) return undefined;
  const power = ['', 'K', 'M', 'G', 'T'].indexOf((match[2] ?? '').toUpperCase());
  return Math.floor(Number(match[1]) * 1024 ** power);
}

/** The tightest memory limit below the machine's own cgroup, with the usage there. */
export function tightestLimit(levels: readonly CgroupLevel[]): { bytes: number; usage: number; at: string } | undefined {
  let tightest: { bytes: number; usage: number; at: string } | undefined;
  for (const level of levels) {
    if (level.path === '/') continue;
    const bytes = Number(level.files['memory.limit_in_bytes']);
    if (!Number.isFinite(bytes) || bytes >= UNLIMITED) continue;
    if (tightest === undefined || bytes < tightest.bytes) tightest = { bytes, usage: Number(level.files['memory.usage_in_bytes'] ?? 0), at: level.path };
  }
  return tightest;
}

/** Evidence text for a memory cgroup path. */
export function describeMemoryChain(levels: readonly CgroupLevel[]): string {
  if (levels.length === 0) return 'no running process (no memory cgroup to read)';
  const mib = (text: string | undefined) => {
    const n = Number(text);
    return !Number.isFinite(n) ? '?' : n >= UNLIMITED ? 'max' : `${(n / MIB).toFixed(0)} MiB`;
  };
  return levels
    .map((l) => `${l.path}: limit ${mib(l.files['memory.limit_in_bytes'])}, usage ${mib(l.files['memory.usage_in_bytes'])}, peak ${mib(l.files['memory.max_usage_in_bytes'])}, failcnt ${l.files['memory.failcnt'] ?? '?'}`)
    .join('; ');
}

export function formatMiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / MIB).toFixed(0)} MiB` : 'no limit';
}
