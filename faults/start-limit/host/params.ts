import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** The bad setting that makes orders exit at start. */
export const CRASH_VARIANTS = ['bad-port', 'missing-trace-dir', 'bad-etcd-url'] as const;
export type CrashVariant = (typeof CRASH_VARIANTS)[number];

export interface StartLimitParams {
  readonly variant: CrashVariant;
  readonly instance: 1 | 2;
  /** StartLimitBurst= of the ops restart policy. */
  readonly burst: number;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const startLimitParams = z.strictObject({
  variant: z.enum(CRASH_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  burst: z.number().int().min(2).max(5).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveStartLimitParams(given: Partial<StartLimitParams>, rng: Rng): StartLimitParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(CRASH_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    burst: given.burst ?? rng.fork('burst').pick([3, 4] as const),
  };
}
