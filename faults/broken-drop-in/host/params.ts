import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** How the drop-in keeps the unit from starting. */
export const DROP_IN_VARIANTS = ['duplicate-execstart', 'missing-environment-file', 'unknown-user'] as const;
export type DropInVariant = (typeof DROP_IN_VARIANTS)[number];

/** Drop-in names: `override.conf` is what `systemctl edit` writes. */
export const DROP_IN_NAMES = ['override.conf', '10-rollout.conf', '50-chg2291.conf'] as const;
/** Extra node flags the duplicate ExecStart= "adds". */
export const NODE_FLAGS = ['--max-old-space-size=256', '--enable-source-maps', '--max-http-header-size=32768'] as const;
/** Environment files that do not exist. */
export const ENV_FILES = ['/etc/orders/orders.env', '/etc/default/orders', '/etc/sysconfig/orders'] as const;
/** Service accounts that do not exist. */
export const MISSING_USERS = ['orders-svc', 'svc-orders', 'ordersd'] as const;

export interface BrokenDropInParams {
  readonly variant: DropInVariant;
  readonly instance: 1 | 2;
  readonly dropIn: string;
  /** duplicate-execstart: the flag the second ExecStart= adds. */
  readonly nodeFlag: string;
  /** missing-environment-file: the EnvironmentFile= that does not exist. */
  readonly envFile: string;
  /** unknown-user: the User= that does not exist. */
  readonly user: string;
}

const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\.conf$/, 'a drop-in file name ending in .conf');

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const brokenDropInParams = z.strictObject({
  variant: z.enum(DROP_IN_VARIANTS).optional(),
  instance: z.union([z.literal(1), z.literal(2)]).optional(),
  dropIn: fileName.optional(),
  nodeFlag: z.string().regex(/^--[a-z][a-z0-9-]*(=[A-Za-z0-9._-]+)?$/, 'a node flag such as --enable-source-maps').optional(),
  envFile: z
    .string()
    .regex(/^\/etc\/[A-Za-z0-9._/-]+$/, 'an absolute path under /etc')
    .refine((path) => !path.includes('..'), 'a path without ..')
    .optional(),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,30}$/, 'a user name')
    .refine((name) => !['root', 'orders', 'faultline', 'nobody'].includes(name), 'a user that does not exist on app')
    .optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveBrokenDropInParams(given: Partial<BrokenDropInParams>, rng: Rng): BrokenDropInParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(DROP_IN_VARIANTS),
    instance: given.instance ?? rng.fork('instance').pick([1, 2] as const),
    dropIn: given.dropIn ?? rng.fork('dropIn').pick(DROP_IN_NAMES),
    nodeFlag: given.nodeFlag ?? rng.fork('nodeFlag').pick(NODE_FLAGS),
    envFile: given.envFile ?? rng.fork('envFile').pick(ENV_FILES),
    user: given.user ?? rng.fork('user').pick(MISSING_USERS),
  };
}
