import { z } from 'zod';

/** The load generator's environment. */
export const loadgenEnvSchema = z.object({
  /** Where to send traffic, e.g. https://edge/api/orders. */
  LOADGEN_URL: z.url({ protocol: /^https?$/ }),
  /** CA certificate(s) used to verify the edge; the system CAs when unset. */
  LOADGEN_CA: z.string().startsWith('/', 'expected an absolute path').optional(),
  LOADGEN_RPS: z.coerce.number().positive().max(1000).default(4),
  /** Share of requests that are POSTs creating an order. */
  LOADGEN_WRITE_RATIO: z.coerce.number().min(0).max(1).default(0.25),
  LOADGEN_SUMMARY_MS: z.coerce.number().int().min(100).default(10_000),
  LOADGEN_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** Requests allowed in flight; ticks beyond it are skipped (and counted). */
  LOADGEN_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(64),
});

export type LoadgenConfig = z.output<typeof loadgenEnvSchema>;
