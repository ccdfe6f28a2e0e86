import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

export const NOSPACE_VARIANTS = ['rewrite-history', 'key-leak'] as const;
export type NospaceVariant = (typeof NOSPACE_VARIANTS)[number];
export const WRITER_UNITS = ['orders-cache-sync', 'session-mirror', 'catalog-prewarm'] as const;
export const WRITER_PREFIXES = ['cache/warm/', 'sessions/mirror/', 'catalog/prewarm/'] as const;

export interface NospaceParams {
  /**
   * rewrite-history: the writer rewrites one key with a large value; old revisions fill the backend until compacted;
   * key-leak: it writes a new key every time; the keys must be deleted before compaction frees anything.
   */
  readonly variant: NospaceVariant;
  /** The runaway writer's systemd unit on app (without `.service`). */
  readonly unit: string;
  /** The key prefix it writes under. */
  readonly prefix: string;
}

export const nospaceParams = z.strictObject({
  variant: z.enum(NOSPACE_VARIANTS).optional(),
  unit: z.string().regex(/^[a-z][a-z0-9-]{2,40}$/, 'a unit name without .service').optional(),
  prefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\/([a-z0-9-]+\/)*$/, 'a key prefix ending in /, such as cache/warm/')
    .refine((p) => !p.startsWith('orders/'), 'a prefix outside orders/ (that is the orders data)')
    .optional(),
});

export function resolveNospaceParams(given: Partial<NospaceParams>, rng: Rng): NospaceParams {
  const pick = rng.fork('writer').int(0, WRITER_UNITS.length - 1);
  return {
    variant: given.variant ?? rng.fork('variant').pick(NOSPACE_VARIANTS),
    unit: given.unit ?? (WRITER_UNITS[pick] as string),
    prefix: given.prefix ?? (WRITER_PREFIXES[pick] as string),
  };
}
