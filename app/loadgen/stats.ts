/** Outcome of one request: an HTTP status, or an error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...). */
export type Outcome = { readonly status: number } | { readonly error: string };

/** What the loadgen logs every summary interval. */
export interface Summary {
  readonly windowS: number;
  readonly requests: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
  readonly skipped: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
}

/** Accumulates outcomes over one window. */
export interface StatsWindow {
  record(outcome: Outcome, ms: number): void;
  skip(): void;
  /** Summarise the window and start a new one. */
  flush(now?: number): Summary;
}

/** Start a stats window at `now` (ms). */
export function createStatsWindow(now = Date.now()): StatsWindow {
  let started = now;
  let latencies: number[] = [];
  let byStatus: Record<string, number> = {};
  let errors: Record<string, number> = {};
  let skipped = 0;
  return {
    record: (outcome, ms) => {
      latencies.push(ms);
      if ('status' in outcome) byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
      else errors[outcome.error] = (errors[outcome.error] ?? 0) + 1;
    },
    skip: () => {
      skipped += 1;
    },
    flush: (at = Date.now()) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      const summary: Summary = {
        windowS: Math.round((at - started) / 100) / 10,
        requests: latencies.length,
        byStatus,
        errors,
        skipped,
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
      };
      started = at;
      latencies = [];
      byStatus = {};
      errors = {};
      skipped = 0;
      return summary;
    },
  };
}

/** Nearest-rank percentile of ascending `sorted` (null when empty), rounded to 0.1 ms. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return Math.round((sorted[rank - 1] ?? 0) * 10) / 10;
}
