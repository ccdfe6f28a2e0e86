import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';
import { FaultlineError } from '../../../src/errors/index.js';

/** How the edge sends /api/ traffic to the wrong place. */
export const MISROUTE_VARIANTS = ['upstream-port', 'nat-redirect'] as const;
export type MisrouteVariant = (typeof MISROUTE_VARIANTS)[number];

/**
 * Ports on the app machine that answer, but are not orders: node-exporter
 * (HTTP, wrong content) and sshd (not HTTP at all → 502).
 */
export const WRONG_PORTS = [9100, 22] as const;

/** Services a stray DNAT rule may send app traffic to (all answer /api/orders with a 404). */
export const REDIRECT_TARGETS = ['mon:9090', 'mon:9093', 'store:2379'] as const;
export type RedirectTarget = (typeof REDIRECT_TARGETS)[number];

/** Innocent-looking comments on the stray NAT rule. */
export const RULE_COMMENTS = [
  'canary: shift orders-2 traffic (CHG-1174)',
  'temp: blue/green cutover orders',
  'migration: orders-2 to new backend',
] as const;

/** Which orders instance is misrouted; `both` only for `upstream-port`. */
export type MisroutedInstance = 1 | 2 | 'both';

export interface MisroutedServiceParams {
  readonly variant: MisrouteVariant;
  readonly instance: MisroutedInstance;
  /** upstream-port with one instance: the port its `server` line points at instead. */
  readonly wrongPort: number;
  /** nat-redirect: where the DNAT rule sends the instance's traffic. */
  readonly redirectTo: RedirectTarget;
  /** nat-redirect: the rule's `--comment`. */
  readonly ruleComment: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const misroutedServiceParams = z
  .strictObject({
    variant: z.enum(MISROUTE_VARIANTS).optional(),
    instance: z.union([z.literal(1), z.literal(2), z.literal('both')]).optional(),
    wrongPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .refine((port) => port !== 8081 && port !== 8082, 'a port other than the orders ports 8081 and 8082')
      .optional(),
    redirectTo: z.enum(REDIRECT_TARGETS).optional(),
    ruleComment: z
      .string()
      .regex(/^[\w .:/()+-]{1,200}$/, 'up to 200 letters, digits, spaces and .:/()+-')
      .optional(),
  })
  .superRefine((params, ctx) => {
    if (params.variant === 'nat-redirect' && params.instance === 'both') {
      ctx.addIssue({ code: 'custom', path: ['instance'], message: 'nat-redirect redirects one instance: expected 1 or 2' });
    }
  });

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveMisroutedServiceParams(given: Partial<MisroutedServiceParams>, rng: Rng): MisroutedServiceParams {
  const variant = given.variant ?? rng.fork('variant').pick(MISROUTE_VARIANTS);
  const instances: readonly MisroutedInstance[] = variant === 'upstream-port' ? [1, 2, 'both'] : [1, 2];
  const instance = given.instance ?? rng.fork('instance').pick(instances);
  if (variant === 'nat-redirect' && instance === 'both') {
    throw new FaultlineError('INVALID_PARAMS', 'misrouted-service: nat-redirect redirects one instance, not both.', {
      hint: 'Set instance to 1 or 2, or use variant upstream-port.',
    });
  }
  return {
    variant,
    instance,
    wrongPort: given.wrongPort ?? rng.fork('wrongPort').pick(WRONG_PORTS),
    redirectTo: given.redirectTo ?? rng.fork('redirectTo').pick(REDIRECT_TARGETS),
    ruleComment: given.ruleComment ?? rng.fork('ruleComment').pick(RULE_COMMENTS),
  };
}
