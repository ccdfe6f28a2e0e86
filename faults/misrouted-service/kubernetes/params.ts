import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';
import type { MisrouteParams } from './service-routing.js';

/**
 * A scenario names the fault, not the target, so it may pin the host fault's
 * variant; each maps to the kubernetes variant playing the same part: a wrong
 * port in the upstream → a wrong targetPort; traffic redirected elsewhere → a
 * selector that picks something else (here: nothing).
 */
export const HOST_VARIANT_EQUIVALENTS = { 'upstream-port': 'target-port', 'nat-redirect': 'selector' } as const;

export const misroutedServiceK8sParams = z.strictObject({
  variant: z
    .enum(['selector', 'target-port', 'upstream-port', 'nat-redirect'])
    .transform((v): MisrouteParams['variant'] => (v === 'upstream-port' || v === 'nat-redirect' ? HOST_VARIANT_EQUIVALENTS[v] : v))
    .optional(),
  wrongLabel: z.string().regex(/^[a-z0-9-]+$/).optional(),
  wrongPort: z.number().int().min(1).max(65535).optional(),
});

/** Fill in what the scenario left out from the seed. */
export function resolveMisroutedServiceK8sParams(given: Partial<MisrouteParams>, rng: Rng): MisrouteParams {
  return {
    variant: given.variant ?? rng.pick(['selector', 'target-port'] as const),
    wrongLabel: given.wrongLabel ?? rng.pick(['order', 'orders-v2', 'ordres']),
    wrongPort: given.wrongPort ?? rng.pick([8081, 8000, 3000]),
  };
}
