import type { Progress } from '../core/target.js';
import type { EnvState } from '../schema/state.js';
import { startBackgroundDown } from './down-background.js';

/**
 * Tear down the environment a reset from the pool replaced, once its
 * successor is ready and carries its record: what a plain `down` does — the
 * old SSH port closed here and now, the rest (sessions collected, record
 * archived under its old name, machines, rules, directory) in a detached
 * `down --wait`, so the interviewer does not wait for it. Until that is done
 * the old name still resolves to the old, `destroying` state (an exact name
 * wins, which is also how the background teardown finds it).
 */
export async function teardownReplaced(replaced: EnvState, progress: Progress): Promise<void> {
  const [teardown] = await startBackgroundDown([replaced], progress);
  progress(`removing the replaced environment ${replaced.name} in the background${teardown ? ` (process ${teardown.pid})` : ''}`);
}
