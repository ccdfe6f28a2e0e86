import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** Where the quota sits: on one orders instance, or on the slice both instances share. */
export const QUOTA_VARIANTS = ['unit', 'slice'] as const;
export type QuotaVariant = (typeof QUOTA_VARIANTS)[number];

/**
 * CPUQuota= percentages the seed picks. At 2–3 % (2–3 ms of CPU per 100 ms
 * period) an orders instance needs ~10–15 s to start and answers in
 * 80–200 ms instead of 2–15 ms under the load generator; at 5 % and above
 * the light traffic here fits in the budget and nothing is visible.
 */
export const QUOTA_PERCENTS = [2, 3] as const;
/** Names on both sides of `50-CPUQuota.conf` (what `systemctl set-property` writes): whether that override wins depends on the sort. */
export const DROP_IN_NAMES = ['cpu-budget.conf', '60-finops-cap.conf', '40-capacity.conf'] as const;

export interface CpuQuotaThrottleParams {
  readonly variant: QuotaVariant;
  readonly instance: 1 | 2;
  readonly quotaPercent: number;
  readonly dropIn: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const cpuQuotaThrottleParams = z.strictObject({
  variant: z.enum(QUOTA_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  quotaPercent: z.number().int().min(1).max(4).optional(),
  dropIn: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.conf$/, 'a drop-in file name ending in .conf').optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveCpuQuotaThrottleParams(given: Partial<CpuQuotaThrottleParams>, rng: Rng): CpuQuotaThrottleParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(QUOTA_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    quotaPercent: given.quotaPercent ?? rng.fork('quotaPercent').pick(QUOTA_PERCENTS),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
  };
}
