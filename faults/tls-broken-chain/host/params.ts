import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

export const BROKEN_CHAIN_VARIANTS = ['missing-intermediate', 'wrong-intermediate'] as const;
export type BrokenChainVariant = (typeof BROKEN_CHAIN_VARIANTS)[number];
/** Generation labels of the issuing CA: the leaf's issuer is `current`, the stale bundle carries `previous`. */
export const GENERATIONS = [
  { current: 'G2', previous: 'G1' },
  { current: '2025', previous: '2024' },
  { current: 'R3', previous: 'R2' },
] as const;

export interface BrokenChainParams {
  /**
   * missing-intermediate: the leaf (issued by the new issuing CA) is served alone;
   * wrong-intermediate: it is served with the previous generation's intermediate, which did not issue it.
   */
  readonly variant: BrokenChainVariant;
  readonly current: string;
  readonly previous: string;
}

const generation = z.string().regex(/^[A-Z0-9]{1,6}$/, 'up to 6 upper-case letters or digits');

export const brokenChainParams = z
  .strictObject({ variant: z.enum(BROKEN_CHAIN_VARIANTS).optional(), current: generation.optional(), previous: generation.optional() })
  .refine((p) => p.current === undefined || p.current !== p.previous, { message: 'current and previous must differ', path: ['previous'] });

export function resolveBrokenChainParams(given: Partial<BrokenChainParams>, rng: Rng): BrokenChainParams {
  const drawn = rng.fork('generation').pick(GENERATIONS);
  return {
    variant: given.variant ?? rng.fork('variant').pick(BROKEN_CHAIN_VARIANTS),
    current: given.current ?? drawn.current,
    previous: given.previous ?? (given.current === drawn.previous ? drawn.current : drawn.previous),
  };
}
