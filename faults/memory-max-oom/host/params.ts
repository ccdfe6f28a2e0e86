import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** Where the limit sits: the orders@.service template (each instance alone), or the slice both instances share. */
export const MEMORY_VARIANTS = ['template', 'slice'] as const;
export type MemoryVariant = (typeof MEMORY_VARIANTS)[number];

/**
 * MemoryMax= values (MiB) the seed picks. One instance's cgroup holds
 * ~75 MiB once warm (node ~25 MiB + the 48 MiB catalogue cache): each
 * template limit is below that, each slice limit fits one instance but not
 * two, so the second to warm is killed.
 */
export const LIMITS_MIB: Readonly<Record<MemoryVariant, readonly number[]>> = {
  template: [40, 48, 56],
  slice: [96, 112],
};
export const DROP_IN_NAMES = ['memory-guard.conf', '40-oom-guard.conf', 'ops-1423.conf'] as const;

export interface MemoryMaxOomParams {
  readonly variant: MemoryVariant;
  readonly limitMiB: number;
  readonly dropIn: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const memoryMaxOomParams = z.strictObject({
  variant: z.enum(MEMORY_VARIANTS).optional(),
  limitMiB: z.number().int().min(16).max(128).optional(),
  dropIn: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.conf$/, 'a drop-in file name ending in .conf').optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveMemoryMaxOomParams(given: Partial<MemoryMaxOomParams>, rng: Rng): MemoryMaxOomParams {
  const variant = given.variant ?? rng.fork('variant').pick(MEMORY_VARIANTS);
  return {
    variant,
    limitMiB: given.limitMiB ?? rng.fork('limitMiB').pick(LIMITS_MIB[variant]),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
  };
}
