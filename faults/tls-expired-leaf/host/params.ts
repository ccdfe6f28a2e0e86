import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

export const EXPIRED_LEAF_VARIANTS = ['expired', 'not-yet-valid', 'stale-reload'] as const;
export type ExpiredLeafVariant = (typeof EXPIRED_LEAF_VARIANTS)[number];
/** How many days ago the bad certificate expired (expired, stale-reload) or in how many it starts (not-yet-valid). */
export const OFFSET_DAYS = [2, 9, 31] as const;

export interface ExpiredLeafParams {
  /**
   * expired: nginx serves a leaf whose notAfter has passed, a renewed one waits in /etc/nginx/tls/renewed/;
   * not-yet-valid: the served leaf starts in the future (issued by a box with a skewed clock), renewed one waits too;
   * stale-reload: the renewed certificate is already in place on disk, nginx was never reloaded and serves the old one.
   */
  readonly variant: ExpiredLeafVariant;
  readonly offsetDays: number;
}

export const expiredLeafParams = z.strictObject({
  variant: z.enum(EXPIRED_LEAF_VARIANTS).optional(),
  offsetDays: z.number().int().min(1).max(365).optional(),
});

export function resolveExpiredLeafParams(given: Partial<ExpiredLeafParams>, rng: Rng): ExpiredLeafParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(EXPIRED_LEAF_VARIANTS),
    offsetDays: given.offsetDays ?? rng.fork('offsetDays').pick(OFFSET_DAYS),
  };
}
