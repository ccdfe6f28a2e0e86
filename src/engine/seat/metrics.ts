import { mkdir, readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Executor } from '../../core/executor.js';
import { FaultlineError } from '../../errors/index.js';
import { ORDERS_METRICS } from '../../stack/render/alert-rules.js';
import { PATHS, PORTS } from '../../stack/topology.js';
import { writeFileAtomic } from '../../utils/atomic-write.js';
import { seatPaths } from './record.js';

const API = 'job="orders",route=~"/api/.+"';

/** The charts of the report: one PromQL expression each, evaluated over the interview with a range query. */
export const METRIC_CHARTS = [
  { id: 'requests', title: 'Request rate', unit: 'req/s', expr: `sum(rate(${ORDERS_METRICS.requests}{${API}}[1m]))` },
  {
    id: 'errors',
    title: 'Error rate (5xx)',
    unit: '%',
    // No 5xx series yet means 0 %, not a gap: `or vector(0)` keeps the chart drawn before the first error.
    expr: `100 * (sum(rate(${ORDERS_METRICS.requests}{${API},code=~"5.."}[1m])) or vector(0)) / sum(rate(${ORDERS_METRICS.requests}{${API}}[1m]))`,
  },
  { id: 'latency', title: 'Latency p95', unit: 'ms', expr: `1000 * histogram_quantile(0.95, sum by (le) (rate(${ORDERS_METRICS.duration}_bucket{${API}}[1m])))` },
  {
    id: 'disk',
    title: `Data volume used (${PATHS.appData})`,
    unit: '%',
    expr: `100 * (1 - max(node_filesystem_avail_bytes{mountpoint="${PATHS.appData}"}) / max(node_filesystem_size_bytes{mountpoint="${PATHS.appData}"}))`,
  },
] as const;

const seriesSchema = z.object({
  id: z.string(),
  title: z.string(),
  unit: z.string(),
  expr: z.string(),
  /** [unix seconds, value]; NaN and missing steps are left out. */
  points: z.array(z.tuple([z.number(), z.number()])),
});
export type MetricSeries = z.infer<typeof seriesSchema>;

const alertBandSchema = z.object({ name: z.string(), from: z.number(), to: z.number() });
export type AlertBand = z.infer<typeof alertBandSchema>;

/** What the report charts, saved before `down` to `<dir>/seat/metrics.json`. */
export const metricsSnapshotSchema = z.object({
  version: z.literal(1),
  /** Unix seconds. */
  from: z.number(),
  to: z.number(),
  stepSeconds: z.number().positive(),
  capturedAt: z.string(),
  series: z.array(seriesSchema),
  /** Firing periods of each alert (from Prometheus' ALERTS series). */
  alerts: z.array(alertBandSchema),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

const rangeResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({ result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(z.tuple([z.number(), z.string()])) })) }),
});
type RangeResult = z.infer<typeof rangeResponseSchema>['data']['result'];

/** Step so a chart has at most ~240 points, never finer than the 5 s scrape interval. Pure. */
export function chooseStep(fromS: number, toS: number): number {
  return Math.max(5, Math.ceil((toS - fromS) / 240));
}

/** A Prometheus range query run with curl on mon (Prometheus listens on loopback there). */
export async function queryRange(exec: Executor, expr: string, fromS: number, toS: number, stepS: number): Promise<RangeResult> {
  const args = ['curl', '-sS', '-m', '20', '-G', `http://127.0.0.1:${PORTS.prometheus}/api/v1/query_range`];
  for (const [key, value] of [['query', expr], ['start', String(fromS)], ['end', String(toS)], ['step', String(stepS)]] as const) args.push('--data-urlencode', `${key}=${value}`);
  const result = await exec.exec('mon', args, { timeoutMs: 30_000 });
  if (result.exitCode !== 0) throw new FaultlineError('COMMAND_FAILED', `Prometheus range query failed: ${result.stderr.trim() || `exit ${result.exitCode}`}.`, { details: [expr] });
  let body: unknown;
  try {
    body = JSON.parse(result.stdout);
  } catch (cause) {
    throw new FaultlineError('COMMAND_FAILED', 'Prometheus answered the range query with something other than JSON.', { cause, details: [result.stdout.slice(0, 200)] });
  }
  const parsed = rangeResponseSchema.safeParse(body);
  if (!parsed.success) throw new FaultlineError('COMMAND_FAILED', 'Prometheus answered the range query with an unexpected shape.', { details: [result.stdout.slice(0, 200)] });
  return parsed.data.data.result;
}

/** Contiguous firing stretches of each alert; a gap longer than two steps ends a band. Pure. */
export function alertBands(result: RangeResult, stepS: number): AlertBand[] {
  const bands: AlertBand[] = [];
  for (const series of result) {
    const name = series.metric.alertname ?? 'alert';
    let band: AlertBand | undefined;
    for (const [time] of series.values) {
      if (band && time - band.to <= 2 * stepS) band = { ...band, to: time };
      else {
        if (band) bands.push(band);
        band = { name, from: time, to: time };
      }
    }
    if (band) bands.push(band);
  }
  return mergeBands(bands).sort((a, b) => a.from - b.from || a.name.localeCompare(b.name));
}

/** One band per alert name and overlapping stretch (an alert firing on two instances is one band). */
function mergeBands(bands: readonly AlertBand[]): AlertBand[] {
  const merged: AlertBand[] = [];
  for (const band of [...bands].sort((a, b) => a.name.localeCompare(b.name) || a.from - b.from)) {
    const last = merged.at(-1);
    if (last && last.name === band.name && band.from <= last.to) merged[merged.length - 1] = { ...last, to: Math.max(last.to, band.to) };
    else merged.push(band);
  }
  return merged;
}

/** Evaluate every chart and the alert bands over [from, to] on the environment's Prometheus. */
export async function captureMetrics(exec: Executor, from: Date, to: Date): Promise<MetricsSnapshot> {
  const fromS = Math.floor(from.getTime() / 1000);
  const toS = Math.max(fromS + 5, Math.ceil(to.getTime() / 1000));
  const stepS = chooseStep(fromS, toS);
  const series: MetricSeries[] = [];
  for (const chart of METRIC_CHARTS) {
    const result = await queryRange(exec, chart.expr, fromS, toS, stepS);
    const points = (result[0]?.values ?? []).map(([time, value]): [number, number] => [time, Number(value)]).filter(([, value]) => Number.isFinite(value));
    series.push({ ...chart, points });
  }
  const alerts = alertBands(await queryRange(exec, 'max by (alertname) (ALERTS{alertstate="firing"})', fromS, toS, stepS), stepS);
  return { version: 1, from: fromS, to: toS, stepSeconds: stepS, capturedAt: new Date().toISOString(), series, alerts };
}

export async function saveMetrics(dir: string, snapshot: MetricsSnapshot): Promise<string> {
  const paths = seatPaths(dir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(paths.metrics, `${JSON.stringify(snapshot)}\n`);
  return paths.metrics;
}

/** The metrics saved before (undefined when none were). */
export async function loadMetrics(dir: string): Promise<MetricsSnapshot | undefined> {
  const text = await readFile(seatPaths(dir).metrics, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = metricsSnapshotSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}
