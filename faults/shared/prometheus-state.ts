import type { FaultContext } from '../../src/core/fault.js';
import { FaultlineError } from '../../src/errors/index.js';
import { PATHS } from '../../src/stack/topology.js';

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

/** Reload Prometheus and wait (≤ 15 s) until it reports a successful load after the request; throws FAULT_FAILED otherwise. */
export async function reloadPrometheusAndConfirm(ctx: FaultContext): Promise<void> {
  const before = Date.now() - 1000;
  await ctx.probes.reloadPrometheus();
  const state = await ctx.waitFor('Prometheus to load its configuration and rules', async () => {
    const s = await readReloadState(ctx);
    return s !== undefined && s.success && s.lastConfigMs >= before ? s : undefined;
  }, { timeoutMs: 15_000, intervalMs: 500 });
  if (state === undefined) {
    throw new FaultlineError('FAULT_FAILED', 'Prometheus did not load its configuration after a reload.', {
      hint: `Run promtool check config ${PATHS.prometheusConfig} on mon and read journalctl -u prometheus.`,
    });
  }
}

/** Is the file at `path` on mon loaded as it is (last reload succeeded and came after its last change)? */
export async function checkPrometheusLoaded(ctx: FaultContext, path: string): Promise<{ name: string; passed: boolean; evidence: string }> {
  const name = `Prometheus has loaded ${path} as it is on disk`;
  const state = await readReloadState(ctx);
  const mtime = await ctx.exec.exec('mon', ['stat', '-c', '%Y', path]);
  const fileMs = Number(mtime.stdout.trim()) * 1000;
  if (state === undefined) return { name, passed: false, evidence: 'Prometheus on mon did not answer /api/v1/status/runtimeinfo' };
  const fresh = state.lastConfigMs >= fileMs;
  return {
    name,
    passed: state.success && fresh,
    evidence: `last reload ${state.success ? 'succeeded' : 'FAILED'} at ${new Date(state.lastConfigMs).toISOString()}; file modified at ${Number.isFinite(fileMs) ? new Date(fileMs).toISOString() : 'unknown'}${fresh ? '' : ' (after the last reload)'}`,
  };
}
