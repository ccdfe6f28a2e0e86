import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';
import type { BadAlertRuleParams } from './rule-patch.js';

export const badAlertRuleK8sParams = z.strictObject({
  variant: z.enum(['metric-typo', 'label-typo', 'inverted']).optional(),
});

/** Pick the variant from the seed unless the scenario fixed it. */
export function resolveBadAlertRuleK8sParams(given: Partial<BadAlertRuleParams>, rng: Rng): BadAlertRuleParams {
  return { variant: given.variant ?? rng.pick(['metric-typo', 'label-typo', 'inverted'] as const) };
}
