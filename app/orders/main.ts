import { loadEnvConfig } from '../shared/env-config.js';
import { createJsonLogger, describeError } from '../shared/json-logger.js';
import { handleShutdown } from '../shared/shutdown.js';
import { warmCatalogueCache } from './catalogue-cache.js';
import { ORDERS_VERSION, ordersEnvSchema } from './config.js';
import { checkDataDir, type OrdersDeps } from './handlers.js';
import { createOrdersMetrics } from './metrics.js';
import { createOrdersServer } from './server.js';
import { createEtcdClient } from './store/etcd-client.js';
import { openTraceLog, type TraceLog } from './trace-log.js';

/** Entry point of orders.js: read the environment, open the trace log, serve. */
function main(): void {
  const config = loadEnvConfig('orders', ordersEnvSchema);
  const logger = createJsonLogger({ service: 'orders', instance: config.ORDERS_INSTANCE });
  const metrics = createOrdersMetrics(config.ORDERS_INSTANCE, ORDERS_VERSION);
  const deps: OrdersDeps = { config, metrics, logger, etcd: createEtcdClient(config.ORDERS_ETCD_URL) };
  const cache = warmCatalogueCache(config.ORDERS_CACHE_MB);
  metrics.cacheBytes.set(cache.bytes);
  logger.info('catalogue cache warm', { megabytes: config.ORDERS_CACHE_MB });
  metrics.registry.onCollect(async () => {
    await checkDataDir(deps);
  });

  let trace: TraceLog | undefined;
  if (config.ORDERS_TRACE_LOG !== undefined) {
    const path = config.ORDERS_TRACE_LOG;
    let lastWarning = 0;
    try {
      trace = openTraceLog(path, config.ORDERS_TRACE_PAD_BYTES, config.ORDERS_INSTANCE, (error) => {
        metrics.writeErrors.inc({ backend: 'trace' });
        if (Date.now() - lastWarning < 10_000) return;
        lastWarning = Date.now();
        logger.warn('trace log write failed', { backend: 'trace', path, ...describeError(error) });
      });
    } catch (error) {
      logger.error('cannot open the trace log', { path, ...describeError(error) });
      process.exit(1);
    }
  }

  const server = createOrdersServer(deps, trace);
  server.on('error', (error) => {
    logger.error('cannot listen', { host: config.ORDERS_HOST, port: config.ORDERS_PORT, ...describeError(error) });
    process.exit(1);
  });
  server.listen(config.ORDERS_PORT, config.ORDERS_HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.ORDERS_PORT;
    logger.info('listening', { port, version: ORDERS_VERSION, dataDir: config.ORDERS_DATA_DIR, etcd: config.ORDERS_ETCD_URL });
  });
  handleShutdown([server], () => trace?.close(), (signal) => logger.info('shutting down', { signal }));
}

main();
