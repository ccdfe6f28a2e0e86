import type { FaultContext } from '../../../src/core/fault.js';

/** What Prometheus says about its last config (and rule) load. */
export interface ReloadState {
  readonly success: boolean;
  /** Epoch milliseconds of the last successful load. */
  readonly lastConfigMs: number;
}

/** Read /api/v1/status/runtimeinfo from mon; undefined when Prometheus does not answer. */
export async function readReloadState(ctx: FaultContext): Promise<ReloadState | undefined> {
  try {
    const response = await ctx.probes.http('mon', 'http://localhost:9090/api/v1/status/runtimeinfo', { timeoutMs: 5000 });
    const json = JSON.parse(response.body) as { data?: { reloadConfigSuccess?: unknown; lastConfigTime?: unknown } };
    const success = json.data?.reloadConfigSuccess;
    const last = json.data?.lastConfigTime;
    if (typeof success !== 'boolean' || typeof last !== 'string') return undefined;
    return { success, lastConfigMs: Date.parse(last) };
  } catch {
    return undefined;
  }
}

/** Parse a Prometheus duration (`20s`, `1m30s`, `7d`) into milliseconds; undefined when malformed. */
export function parsePromDuration(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const units: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, y: 31536e6 };
  let total = 0;
  let rest = text.trim();
  while (rest.length > 0) {
    const match = /^(\d+)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * (units[match[2] ?? ''] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return total;
}
