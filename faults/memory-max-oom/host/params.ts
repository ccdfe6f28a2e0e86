import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/**
 * Where the limit sits: the orders@.service template (both instances), or one
 * instance's own drop-in directory (orders@N.service.d: that instance alone).
 * Not on system-orders.slice: systemd 252 on cgroup v1 writes a live slice's
 * memory.limit_in_bytes only when the slice is realized anew (stopped and
 * started), so neither the guard nor a candidate's daemon-reload + restart fix
 * would reach the kernel there.
 */
export const MEMORY_VARIANTS = ['template', 'instance'] as const;
export type MemoryVariant = (typeof MEMORY_VARIANTS)[number];

/**
 * MemoryMax= values (MiB) the seed picks: each is below what one instance's
 * cgroup holds once warm (~44 MiB anonymous: node ~20 MiB + the 24 MiB catalogue cache),
 * and above what node needs to start, so the kill comes while it warms.
 */
export const LIMITS_MIB = [30, 34, 38] as const;
export const DROP_IN_NAMES = ['memory-guard.conf', '40-oom-guard.conf', 'ops-1423.conf'] as const;

export interface MemoryMaxOomParams {
  readonly variant: MemoryVariant;
  /** The instance an `instance` guard is on (unused for `template`). */
  readonly instance: 1 | 2;
  readonly limitMiB: number;
  readonly dropIn: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const memoryMaxOomParams = z.strictObject({
  variant: z.enum(MEMORY_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  limitMiB: z.number().int().min(16).max(64).optional(),
  dropIn: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.conf$/, 'a drop-in file name ending in .conf').optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveMemoryMaxOomParams(given: Partial<MemoryMaxOomParams>, rng: Rng): MemoryMaxOomParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(MEMORY_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    limitMiB: given.limitMiB ?? rng.fork('limitMiB').pick(LIMITS_MIB),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
  };
}
