import { hostname } from 'node:os';
import { z } from 'zod';

/** The log shipper's environment. */
export const shipperEnvSchema = z.object({
  /** Loki base URL, e.g. http://mon:3100 (the push path is appended). */
  LOKI_URL: z.url({ protocol: /^https?$/ }),
  /** Value of the `host` stream label. */
  LOG_SHIPPER_HOST: z.string().min(1).default(() => hostname()),
  LOG_SHIPPER_BATCH_MAX: z.coerce.number().int().min(1).max(10_000).default(500),
  LOG_SHIPPER_FLUSH_MS: z.coerce.number().int().min(10).default(1000),
  /** Entries kept while Loki is unreachable; the oldest are dropped beyond it. */
  LOG_SHIPPER_BUFFER_MAX: z.coerce.number().int().min(1).default(20_000),
  LOG_SHIPPER_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** The journalctl binary (run as `<it> -f -o json --since now`). */
  LOG_SHIPPER_JOURNALCTL: z.string().min(1).default('journalctl'),
});

export type ShipperConfig = z.output<typeof shipperEnvSchema>;
