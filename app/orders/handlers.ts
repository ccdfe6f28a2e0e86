import { z } from 'zod';
import type { JsonLogger } from '../shared/json-logger.js';
import { METRICS_CONTENT_TYPE } from '../shared/metrics-registry.js';
import { ORDERS_VERSION, type OrdersConfig } from './config.js';
import type { OrdersMetrics } from './metrics.js';
import { createOrder, newOrderSchema } from './order.js';
import { errorReply, jsonReply, type Reply } from './reply.js';
import { appendOrder, findOrder, probeDataDir, readRecentOrders } from './store/disk-journal.js';
import type { EtcdClient } from './store/etcd-client.js';
import { StoreError } from './store/store-error.js';

/** What every handler can use. */
export interface OrdersDeps {
  readonly config: OrdersConfig;
  readonly metrics: OrdersMetrics;
  readonly etcd: EtcdClient;
  readonly logger: JsonLogger;
}

/** The etcd key an order is stored under. */
export function etcdOrderKey(id: string): string {
  return `orders/${id}`;
}

const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** Probe the data dir and update `orders_data_dir_writable`; resolves to the failure, if any. */
export async function checkDataDir(deps: OrdersDeps): Promise<StoreError | undefined> {
  try {
    await probeDataDir(deps.config.ORDERS_DATA_DIR, deps.config.ORDERS_INSTANCE);
    deps.metrics.dataDirWritable.set(1);
    return undefined;
  } catch (error) {
    deps.metrics.dataDirWritable.set(0);
    return error instanceof StoreError ? error : new StoreError('disk', error);
  }
}

/** `GET /healthz`: 200 only when the data dir takes writes and etcd answers healthy. */
export async function handleHealthz(deps: OrdersDeps): Promise<Reply> {
  const [disk, etcd] = await Promise.all([
    checkDataDir(deps),
    deps.etcd.checkHealth().then(
      () => undefined,
      (error: unknown) => (error instanceof StoreError ? error : new StoreError('etcd', error)),
    ),
  ]);
  const describe = (failure: StoreError | undefined) =>
    failure === undefined ? { ok: true } : { ok: false, code: failure.code, error: failure.message };
  const checks = { dataDir: describe(disk), etcd: describe(etcd) };
  const failed = [disk && 'dataDir', etcd && 'etcd'].filter((name): name is string => typeof name === 'string');
  if (failed.length === 0) return jsonReply(200, { status: 'ok', version: ORDERS_VERSION, checks });
  return jsonReply(503, { status: 'unhealthy', version: ORDERS_VERSION, failed, checks });
}

/** `GET /metrics`: Prometheus text format. */
export async function handleMetrics(deps: OrdersDeps): Promise<Reply> {
  return { kind: 'text', status: 200, text: await deps.metrics.registry.render(), contentType: METRICS_CONTENT_TYPE };
}

/** `GET /api/orders?limit=N`: the newest orders from the data dir journal. */
export async function handleListOrders(deps: OrdersDeps, query: URLSearchParams): Promise<Reply> {
  const limit = limitSchema.safeParse(query.get('limit') ?? undefined);
  if (!limit.success) return errorReply(400, 'limit must be an integer from 1 to 500');
  try {
    const orders = await readRecentOrders(deps.config.ORDERS_DATA_DIR, limit.data);
    return jsonReply(200, { count: orders.length, orders });
  } catch (error) {
    return storeErrorReply(error, 'read the orders from');
  }
}

/** `GET /api/orders/:id`. */
export async function handleGetOrder(deps: OrdersDeps, id: string): Promise<Reply> {
  try {
    const order = await findOrder(deps.config.ORDERS_DATA_DIR, id);
    return order === undefined ? errorReply(404, `no order with id ${id}`) : jsonReply(200, { order });
  } catch (error) {
    return storeErrorReply(error, 'read the order from');
  }
}

/** `POST /api/orders` with `{item, qty}`: journal to disk (fsync), then put into etcd. */
export async function handleCreateOrder(deps: OrdersDeps, rawBody: string): Promise<Reply> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return errorReply(400, 'body must be JSON like {"item":"widget","qty":2}');
  }
  const input = newOrderSchema.safeParse(json);
  if (!input.success) {
    return errorReply(400, 'invalid order', { issues: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  }
  const order = createOrder(input.data, deps.config.ORDERS_INSTANCE);
  try {
    await appendOrder(deps.config.ORDERS_DATA_DIR, order);
    await deps.etcd.put(etcdOrderKey(order.id), JSON.stringify(order));
  } catch (error) {
    if (error instanceof StoreError) {
      deps.metrics.writeErrors.inc({ backend: error.backend });
      if (error.backend === 'disk') deps.metrics.dataDirWritable.set(0);
      deps.logger.error('order write failed', { backend: error.backend, code: error.code, error: error.message });
    }
    return storeErrorReply(error, 'write the order to');
  }
  deps.metrics.created.inc();
  return jsonReply(201, { order });
}

function storeErrorReply(error: unknown, action: string): Reply {
  if (!(error instanceof StoreError)) throw error;
  const status = error.backend === 'disk' ? (error.code === 'ENOSPC' ? 507 : 500) : 503;
  return errorReply(status, `could not ${action} ${error.backend}`, { backend: error.backend, code: error.code, detail: error.message });
}
