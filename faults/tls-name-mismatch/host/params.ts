import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

export const NAME_MISMATCH_VARIANTS = ['new-name-only', 'wildcard'] as const;
export type NameMismatchVariant = (typeof NAME_MISMATCH_VARIANTS)[number];
export const NEW_NAMES = ['orders-gw', 'api', 'shop-edge'] as const;

export interface NameMismatchParams {
  /**
   * new-name-only: the served certificate names only the new host name;
   * wildcard: it is a wildcard for the new domain (`*.<newName>.<domain>`), which does not cover the old names.
   */
  readonly variant: NameMismatchVariant;
  /** The edge's name after the "hostname migration". */
  readonly newName: string;
}

export const nameMismatchParams = z.strictObject({
  variant: z.enum(NAME_MISMATCH_VARIANTS).optional(),
  newName: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, 'a host name label')
    .refine((name) => name !== 'edge', 'a name other than edge')
    .optional(),
});

export function resolveNameMismatchParams(given: Partial<NameMismatchParams>, rng: Rng): NameMismatchParams {
  return {
    variant: given.variant ?? rng.fork('variant').pick(NAME_MISMATCH_VARIANTS),
    newName: given.newName ?? rng.fork('newName').pick(NEW_NAMES),
  };
}

/**
 * The names the migration introduces, from the edge's current names
 * (`edge`, `edge.<domain>`): what the served certificate names in the broken
 * state (`bad`), and what must work after the fix besides the old names (`migrated`).
 */
export function migrationNames(params: NameMismatchParams, oldNames: readonly string[]): { bad: string[]; migrated: string[] } {
  const domain = oldNames.map((n) => n.split('.').slice(1).join('.')).find((d) => d.length > 0) ?? 'faultline';
  if (params.variant === 'wildcard') {
    const wildcard = `*.${params.newName}.${domain}`;
    return { bad: [wildcard], migrated: [`www.${params.newName}.${domain}`] };
  }
  const names = [params.newName, `${params.newName}.${domain}`];
  return { bad: names, migrated: names };
}
