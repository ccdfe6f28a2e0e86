import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';
import { HOST_OCTET } from '../../../src/stack/topology.js';

/** How /etc/hosts on app goes stale. */
export const HOSTS_VARIANTS = ['stale-line-first', 'edited-in-place'] as const;
export type HostsVariant = (typeof HOSTS_VARIANTS)[number];

/** Host octets of the "old store" in the environment's /24: nothing answers there. */
export const OLD_OCTETS = [42, 112, 212] as const;

export interface StaleHostsEntryParams {
  readonly variant: HostsVariant;
  /** The stale address is <subnet>.<oldOctet>. */
  readonly oldOctet: number;
}

const used = new Set<number>(Object.values(HOST_OCTET));

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const staleHostsEntryParams = z.strictObject({
  variant: z.enum(HOSTS_VARIANTS).optional(),
  oldOctet: z
    .number()
    .int()
    .min(20)
    .max(250)
    .refine((octet) => !used.has(octet), 'an octet no machine of the environment uses')
    .optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveStaleHostsEntryParams(given: Partial<StaleHostsEntryParams>, rng: Rng): StaleHostsEntryParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(HOSTS_VARIANTS),
    oldOctet: given.oldOctet ?? rng.fork('oldOctet').pick(OLD_OCTETS),
  };
}
