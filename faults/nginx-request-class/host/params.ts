import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** Which class of request the edge breaks. */
export const REQUEST_VARIANTS = ['body-size', 'write-rate-limit'] as const;
export type RequestVariant = (typeof REQUEST_VARIANTS)[number];

/** body-size: a `client_max_body_size` without its unit (bytes, not KiB). */
export const BODY_LIMITS = [64, 100, 128] as const;

export interface NginxRequestClassParams {
  readonly variant: RequestVariant;
  /** body-size: the value, in bytes. */
  readonly bodyLimit: number;
  /** write-rate-limit: orders per minute per client address. */
  readonly perMinute: number;
}

/** write-rate-limit: "one order every few seconds per customer is plenty" — keyed by client address. */
export const WRITE_RATES = [2, 6, 10] as const;

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const nginxRequestClassParams = z.strictObject({
  variant: z.enum(REQUEST_VARIANTS).optional(),
  bodyLimit: z.number().int().min(32).max(160).optional(),
  perMinute: z.number().int().min(1).max(30).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveNginxRequestClassParams(given: Partial<NginxRequestClassParams>, rng: Rng): NginxRequestClassParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(REQUEST_VARIANTS),
    bodyLimit: given.bodyLimit ?? rng.fork('bodyLimit').pick(BODY_LIMITS),
    perMinute: given.perMinute ?? rng.fork('perMinute').pick(WRITE_RATES),
  };
}
