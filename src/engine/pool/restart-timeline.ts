import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { homePaths } from '../../core/paths.js';
import { appendEvent, timelineFileIn } from '../../core/timeline.js';
import type { EnvState } from '../../schema/state.js';

/** The pooled environment's own events (boot, baseline gate, pre-faulting), kept beside the candidate's timeline. */
export const POOLED_TIMELINE_FILE = 'pooled-timeline.jsonl';

/**
 * Start the candidate's timeline afresh: what happened while the environment
 * waited in the pool moves to `pooled-timeline.jsonl` (so the report starts at
 * the take), and the new timeline opens with a `pool.taken` event.
 */
export async function restartTimeline(state: EnvState): Promise<void> {
  const dir = homePaths.env(state.name);
  await rename(timelineFileIn(dir), join(dir, POOLED_TIMELINE_FILE)).catch(() => undefined);
  const kind = state.pool?.scenario === undefined ? 'warm' : 'hot';
  appendEvent(state.name, {
    type: 'pool.taken',
    message: `taken from the ${kind} pool for ${state.candidate} (pooled since ${state.pool?.pooledAt ?? 'unknown'})`,
    data: { kind, ...(state.pool?.pooledAt === undefined ? {} : { pooledAt: state.pool.pooledAt }), seed: state.seed },
  });
}
