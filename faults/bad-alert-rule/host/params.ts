import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** How the OrdersInstanceDown rule is broken. */
export const RULE_VARIANTS = ['wrong-metric', 'inverted', 'absurd-for', 'wrong-label'] as const;
export type RuleVariant = (typeof RULE_VARIANTS)[number];

/** How the orders instance is taken down (the real outage the alert misses). */
export const OUTAGES = ['masked', 'firewalled'] as const;
export type Outage = (typeof OUTAGES)[number];

/** Metric names that look plausible and do not exist. */
export const WRONG_METRICS = ['orders_up', 'orders_instance_up', 'service_up'] as const;
/** `job` values that look plausible and match no target. */
export const WRONG_JOBS = ['order', 'orders-api', 'orders_app'] as const;
/**
 * Comparisons that replace `== 0`. `> 1` (a flipped `< 1`) is never true, so
 * the pager stays silent — what the scenario briefing says. `== 1` pages for
 * the *healthy* instance instead; scenarios may ask for it, the seed never
 * picks it.
 */
export const INVERTED_COMPARISONS = ['> 1', '== 1'] as const;
/** The comparisons the seed picks from. */
export const SEEDED_COMPARISONS = ['> 1'] as const;
/** `for:` durations no outage outlasts. */
export const ABSURD_FORS = ['7d', '30d', '72h'] as const;

export interface BadAlertRuleParams {
  readonly variant: RuleVariant;
  /** The orders instance that is down (1 → app-1 on 8081, 2 → app-2 on 8082). */
  readonly instance: 1 | 2;
  readonly outage: Outage;
  /** wrong-metric: the metric name used instead of `up`. */
  readonly wrongMetric: string;
  /** wrong-label: the `job` value used instead of `orders`. */
  readonly wrongJob: string;
  /** inverted: the comparison used instead of `== 0` (see INVERTED_COMPARISONS). */
  readonly comparison: string;
  /** absurd-for: the `for:` used instead of the real one. */
  readonly absurdFor: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const badAlertRuleParams = z.strictObject({
  variant: z.enum(RULE_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  outage: z.enum(OUTAGES).optional(),
  wrongMetric: z
    .string()
    .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a Prometheus metric name')
    .refine((name) => name !== 'up', 'a metric other than up')
    .optional(),
  wrongJob: z
    .string()
    .regex(/^[\w.-]{1,40}$/, 'a label value of letters, digits, _ . -')
    .refine((job) => job !== 'orders', 'a job other than orders')
    .optional(),
  comparison: z.enum(INVERTED_COMPARISONS).optional(),
  absurdFor: z
    .string()
    .regex(/^\d+(h|d|w|y)$/, 'a long Prometheus duration such as 7d or 72h')
    .optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveBadAlertRuleParams(given: Partial<BadAlertRuleParams>, rng: Rng): BadAlertRuleParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(RULE_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    outage: given.outage ?? rng.fork('outage').pick(OUTAGES),
    wrongMetric: given.wrongMetric ?? rng.fork('wrongMetric').pick(WRONG_METRICS),
    wrongJob: given.wrongJob ?? rng.fork('wrongJob').pick(WRONG_JOBS),
    comparison: given.comparison ?? rng.fork('comparison').pick(SEEDED_COMPARISONS),
    absurdFor: given.absurdFor ?? rng.fork('absurdFor').pick(ABSURD_FORS),
  };
}
