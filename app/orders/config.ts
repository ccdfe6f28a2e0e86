import { z } from 'zod';

/** The orders service's environment, the single source of truth for its config. */
export const ordersEnvSchema = z.object({
  ORDERS_PORT: z.coerce.number().int().min(0).max(65535),
  /** Address to bind; every address by default (nginx on edge proxies to it). */
  ORDERS_HOST: z.string().min(1).default('0.0.0.0'),
  ORDERS_INSTANCE: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, ".", "_" or "-" (e.g. app-1)'),
  ORDERS_DATA_DIR: z.string().startsWith('/', 'expected an absolute path').default('/var/lib/orders'),
  ORDERS_ETCD_URL: z.url({ protocol: /^https?$/ }),
  ORDERS_TRACE_LOG: z.string().startsWith('/', 'expected an absolute path').optional(),
  ORDERS_TRACE_PAD_BYTES: z.coerce.number().int().min(0).max(16 * 1024 * 1024).default(0),
  /** MiB of product catalogue kept in memory, warmed at startup (the service's working set beyond node itself). */
  ORDERS_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(0),
});

/** Parsed orders configuration. */
export type OrdersConfig = z.output<typeof ordersEnvSchema>;

/** Version reported in `orders_info` and `/healthz`. */
export const ORDERS_VERSION = '1.0.0';
