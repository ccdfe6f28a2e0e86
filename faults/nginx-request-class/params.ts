import { z } from 'zod';
import type { Rng } from '../../src/core/rng.js';

/** Which class of request the edge breaks. */
export const REQUEST_VARIANTS = ['body-size', 'uri-rewrite'] as const;
export type RequestVariant = (typeof REQUEST_VARIANTS)[number];

/** body-size: a `client_max_body_size` without its unit (bytes, not KiB). */
export const BODY_LIMITS = [64, 100, 128] as const;

export interface NginxRequestClassParams {
  readonly variant: RequestVariant;
  /** body-size: the value, in bytes. */
  readonly bodyLimit: number;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const nginxRequestClassParams = z.strictObject({
  variant: z.enum(REQUEST_VARIANTS).optional(),
  bodyLimit: z.number().int().min(32).max(160).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveNginxRequestClassParams(given: Partial<NginxRequestClassParams>, rng: Rng): NginxRequestClassParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(REQUEST_VARIANTS),
    bodyLimit: given.bodyLimit ?? rng.fork('bodyLimit').pick(BODY_LIMITS),
  };
}
