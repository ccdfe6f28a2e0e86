import { z } from 'zod';
import type { Rng } from '../../../src/core/rng.js';

/** DROP: connections to etcd time out; REJECT: they are refused at once. */
export const ACTIONS = ['DROP', 'REJECT'] as const;
export type FirewallAction = (typeof ACTIONS)[number];

/** Where the rule sits: app's OUTPUT chain (-d store) or store's INPUT chain (-s app). */
export const PLACES = ['app-output', 'store-input'] as const;
export type FirewallPlace = (typeof PLACES)[number];

/** Change-ticket comments that make the rule look deliberate. */
export const RULE_COMMENTS = ['SEC-412 restrict etcd client port', 'CHG-1873 legacy v2 clients off', 'temp: etcd maintenance window'] as const;

export interface FirewallPathParams {
  readonly action: FirewallAction;
  readonly place: FirewallPlace;
  readonly comment: string;
  /** Position of the rule among the innocent rules of the chain (0 = first). */
  readonly position: number;
}

/** Params as a scenario may give them; everything left out is drawn from the seed. */
export const firewallPathParams = z.strictObject({
  action: z.enum(ACTIONS).optional(),
  place: z.enum(PLACES).optional(),
  comment: z.string().regex(/^[A-Za-z0-9 :._-]{3,60}$/, 'a short comment of letters, digits, spaces and :._-').optional(),
  position: z.number().int().min(0).max(4).optional(),
});

/** Complete the params: given values win, each missing one comes from its own fork of `rng`. */
export function resolveFirewallPathParams(given: Partial<FirewallPathParams>, rng: Rng): FirewallPathParams {
  return {
    action: given.action ?? rng.fork('action').pick(ACTIONS),
    place: given.place ?? rng.fork('place').pick(PLACES),
    comment: given.comment ?? rng.fork('comment').pick(RULE_COMMENTS),
    position: given.position ?? rng.fork('position').int(0, 4),
  };
}
