/**
 * A tiny Prometheus registry (text exposition format 0.0.4), so the app
 * bundles need no dependency. Counters, gauges and histograms with labels.
 */
export type Labels = Readonly<Record<string, string>>;

type MetricType = 'counter' | 'gauge' | 'histogram';

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  render(): string[];
}

/** A monotonically increasing value per label set. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}

/** A value that goes up and down per label set. */
export interface Gauge {
  set(value: number, labels?: Labels): void;
  get(labels?: Labels): number;
}

/** Observations counted into cumulative buckets per label set. */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

/** Default latency buckets, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Content type of the text exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Holds metrics and renders them. */
export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>();
  readonly #collectors: (() => void | Promise<void>)[] = [];

  /** Register a counter; `name` should end in `_total`. */
  counter(name: string, help: string): Counter {
    const values = new Map<string, { labels: Labels; value: number }>();
    this.#add({
      name,
      help,
      type: 'counter',
      render: () => [...values.values()].map((v) => `${name}${formatLabels(v.labels)} ${formatValue(v.value)}`),
    });
    return {
      inc: (labels = {}, by = 1) => {
        const entry = getOrCreate(values, labels, () => ({ labels, value: 0 }));
        entry.value += by;
      },
      get: (labels = {}) => values.get(labelKey(labels))?.value ?? 0,
    };
  }

  /** Register a gauge. */
  gauge(name: string, help: string): Gauge {
    const values = new Map<string, { labels: Labels; value: number }>();
    this.#add({
      name,
      help,
      type: 'gauge',
      render: () => [...values.values()].map((v) => `${name}${formatLabels(v.labels)} ${formatValue(v.value)}`),
    });
    return {
      set: (value, labels = {}) => {
        getOrCreate(values, labels, () => ({ labels, value })).value = value;
      },
      get: (labels = {}) => values.get(labelKey(labels))?.value ?? Number.NaN,
    };
  }

  /** Register a histogram with ascending upper bounds (`+Inf` is added). */
  histogram(name: string, help: string, buckets: readonly number[] = LATENCY_BUCKETS): Histogram {
    const series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
    this.#add({
      name,
      help,
      type: 'histogram',
      render: () =>
        [...series.values()].flatMap((s) => [
          ...buckets.map(
            (le, i) => `${name}_bucket${formatLabels({ ...s.labels, le: formatValue(le) })} ${s.counts[i] ?? 0}`,
          ),
          `${name}_bucket${formatLabels({ ...s.labels, le: '+Inf' })} ${s.count}`,
          `${name}_sum${formatLabels(s.labels)} ${formatValue(s.sum)}`,
          `${name}_count${formatLabels(s.labels)} ${s.count}`,
        ]),
    });
    return {
      observe: (value, labels = {}) => {
        const s = getOrCreate(series, labels, () => ({ labels, counts: buckets.map(() => 0), sum: 0, count: 0 }));
        buckets.forEach((le, i) => {
          if (value <= le) s.counts[i] = (s.counts[i] ?? 0) + 1;
        });
        s.sum += value;
        s.count += 1;
      },
    };
  }

  /** Run `collect` before every render (to refresh gauges such as memory). */
  onCollect(collect: () => void | Promise<void>): void {
    this.#collectors.push(collect);
  }

  /** Render every metric in the text exposition format. */
  async render(): Promise<string> {
    for (const collect of this.#collectors) await collect();
    const lines: string[] = [];
    for (const metric of this.#metrics.values()) {
      lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`);
      lines.push(...metric.render());
    }
    return `${lines.join('\n')}\n`;
  }

  #add(metric: Metric): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric.name)) throw new Error(`invalid metric name ${JSON.stringify(metric.name)}`);
    if (this.#metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.#metrics.set(metric.name, metric);
  }
}

function getOrCreate<T>(map: Map<string, T>, labels: Labels, create: () => T): T {
  const key = labelKey(labels);
  let entry = map.get(key);
  if (entry === undefined) {
    entry = create();
    map.set(key, entry);
  }
  return entry;
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
