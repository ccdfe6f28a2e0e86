import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';
import type { MisrouteParams } from './service-routing.js';

export const misroutedServiceK8sParams = z.strictObject({
  variant: z.enum(['selector', 'target-port']).optional(),
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
