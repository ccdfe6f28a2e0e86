import { z } from 'zod';
import { slug, type TargetName } from '../../schema/scenario.js';

/** What a pool keeps ready: how many environments, and for a hot pool the scenario they are pre-faulted for. */
/** Pools hold environments booted on this host: the local target. */
export const POOL_TARGET = 'local' satisfies TargetName;

export const poolSpecSchema = z.object({
  size: z.number().int().min(1).max(32),
  /** Hot pool: environments faulted for this scenario (with the pool's seeds). Unset: a warm pool (baseline only). */
  scenario: slug.optional(),
});
export type PoolSpec = z.infer<typeof poolSpecSchema>;

/** `$FAULTLINE_HOME/pool/server.json`: the running `pool serve`. */
export const poolServerRecordSchema = z.object({
  pid: z.number().int(),
  start: z.number().int().optional(),
  startedAt: z.string(),
  spec: poolSpecSchema,
});
export type PoolServerRecord = z.infer<typeof poolServerRecordSchema>;

/** "warm" or "hot (disk-pressure)", for messages. */
export function describePoolKind(spec: Pick<PoolSpec, 'scenario'>): string {
  return spec.scenario === undefined ? 'warm' : `hot (${spec.scenario})`;
}
