import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

export const ROUTING_VARIANTS = ['null-route', 'severity-mismatch'] as const;
export type RoutingVariant = (typeof ROUTING_VARIANTS)[number];
export const OUTAGES = ['masked', 'firewalled'] as const;

export interface PageNotRoutedParams {
  /**
   * null-route: a child route sends `severity="page"` to a receiver with no integrations;
   * severity-mismatch: the new tree drops by default and pages only on `severity=~"critical|error"`.
   */
  readonly variant: RoutingVariant;
  /** The orders instance that really goes down (the outage nobody hears about). */
  readonly instance: 1 | 2;
  readonly outage: (typeof OUTAGES)[number];
}

export const pageNotRoutedParams = z.strictObject({
  variant: z.enum(ROUTING_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  outage: z.enum(OUTAGES).optional(),
});

export function resolvePageNotRoutedParams(given: Partial<PageNotRoutedParams>, rng: Rng): PageNotRoutedParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(ROUTING_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    outage: given.outage ?? rng.fork('outage').pick(OUTAGES),
  };
}
