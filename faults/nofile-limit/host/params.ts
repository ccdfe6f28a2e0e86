import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/**
 * Open-file limits the drop-in sets. An idle orders process holds 18
 * descriptors (stdio, epoll, eventfds, pipes of libuv's threads, the listen
 * socket); each connection, journal write and etcd request needs one more.
 * 21 and 22 fail most requests under the load generator with EMFILE (at
 * 20 even accept() fails: connections hang and nothing is logged; at 24 the
 * load generator alone no longer trips it).
 */
export const NOFILE_LIMITS = [21, 22] as const;
export const DROP_IN_NAMES = ['limits.conf', '20-hardening.conf', 'cis-limits.conf'] as const;

export interface NofileLimitParams {
  readonly instance: 1 | 2;
  readonly limit: number;
  readonly dropIn: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const nofileLimitParams = z.strictObject({
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  limit: z.number().int().min(19).max(64).optional(),
  dropIn: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.conf$/, 'a drop-in file name ending in .conf').optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveNofileLimitParams(given: Partial<NofileLimitParams>, rng: Rng): NofileLimitParams {
  return {
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    limit: given.limit ?? rng.fork('limit').pick(NOFILE_LIMITS),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
  };
}
