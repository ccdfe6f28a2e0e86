import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

export const SILENT_SCRAPE_VARIANTS = ['relabel-drop', 'wrong-port'] as const;
export type SilentScrapeVariant = (typeof SILENT_SCRAPE_VARIANTS)[number];

export interface SilentScrapeParams {
  /**
   * relabel-drop: a relabel rule in the orders job drops one instance's target (it vanishes, no `up` series);
   * wrong-port: one orders target points at node-exporter on app (9100), which answers: up == 1, no orders metrics.
   */
  readonly variant: SilentScrapeVariant;
  /** The orders instance whose scrape stops (app-1 / app-2). */
  readonly instance: 1 | 2;
}

export const silentScrapeParams = z.strictObject({
  variant: z.enum(SILENT_SCRAPE_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
});

export function resolveSilentScrapeParams(given: Partial<SilentScrapeParams>, rng: Rng): SilentScrapeParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(SILENT_SCRAPE_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
  };
}
