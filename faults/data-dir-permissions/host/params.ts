import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** What the "maintenance" changed on the data volume. */
export const PERMISSION_VARIANTS = ['owner', 'read-only'] as const;
export type PermissionVariant = (typeof PERMISSION_VARIANTS)[number];

/** owner: the account the volume was handed to. */
export const FOREIGN_OWNERS = ['root', 'backup', 'nobody'] as const;

export interface DataDirPermissionsParams {
  readonly variant: PermissionVariant;
  /** owner: `chown -R <owner>:` (the owner and its login group). */
  readonly owner: string;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const dataDirPermissionsParams = z.strictObject({
  variant: z.enum(PERMISSION_VARIANTS).optional(),
  owner: z.enum(FOREIGN_OWNERS).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveDataDirPermissionsParams(given: Partial<DataDirPermissionsParams>, rng: Rng): DataDirPermissionsParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(PERMISSION_VARIANTS),
    owner: given.owner ?? rng.fork('owner').pick(FOREIGN_OWNERS),
  };
}
