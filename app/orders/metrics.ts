import { MetricsRegistry, type Counter, type Gauge, type Histogram } from '../shared/metrics-registry.js';

/** Every metric the orders service exports. */
export interface OrdersMetrics {
  readonly registry: MetricsRegistry;
  readonly requests: Counter;
  readonly duration: Histogram;
  readonly created: Counter;
  readonly writeErrors: Counter;
  readonly dataDirWritable: Gauge;
  readonly cacheBytes: Gauge;
}

/** Create the registry with the orders metrics, `orders_info` and process metrics. */
export function createOrdersMetrics(instance: string, version: string): OrdersMetrics {
  const registry = new MetricsRegistry();
  const requests = registry.counter('orders_http_requests_total', 'HTTP requests by route, method and status code.');
  const duration = registry.histogram('orders_http_request_duration_seconds', 'HTTP request duration by route and method.');
  const created = registry.counter('orders_created_total', 'Orders created (written to disk and etcd).');
  const writeErrors = registry.counter('orders_write_errors_total', 'Failed writes by backend (disk, etcd, trace).');
  const dataDirWritable = registry.gauge('orders_data_dir_writable', '1 when the last probe of the data dir could write and fsync a file.');
  const cacheBytes = registry.gauge('orders_catalogue_cache_bytes', 'Bytes of product catalogue held in memory (ORDERS_CACHE_MB).');
  const info = registry.gauge('orders_info', 'Build and instance information (always 1).');
  const startTime = registry.gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.');
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');

  info.set(1, { instance, version });
  startTime.set(Math.round(Date.now() / 1000 - process.uptime()));
  created.inc({}, 0);
  for (const backend of ['disk', 'etcd', 'trace']) writeErrors.inc({ backend }, 0);
  registry.onCollect(() => rss.set(process.memoryUsage().rss));
  return { registry, requests, duration, created, writeErrors, dataDirWritable, cacheBytes };
}
