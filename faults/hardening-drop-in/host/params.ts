import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** What in the hardening drop-in denies what orders needs. */
export const HARDENING_VARIANTS = ['protect-system', 'syscall-filter'] as const;
export type HardeningVariant = (typeof HARDENING_VARIANTS)[number];

export const DROP_IN_NAMES = ['hardening.conf', '10-sec-baseline.conf', 'sec240.conf'] as const;

export interface HardeningDropInParams {
  readonly variant: HardeningVariant;
  readonly instance: 1 | 2;
  readonly dropIn: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const hardeningDropInParams = z.strictObject({
  variant: z.enum(HARDENING_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  dropIn: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.conf$/, 'a drop-in file name ending in .conf').optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveHardeningDropInParams(given: Partial<HardeningDropInParams>, rng: Rng): HardeningDropInParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(HARDENING_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
  };
}
