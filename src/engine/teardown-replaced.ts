import type { Progress } from '../core/target.js';
import type { EnvState } from '../schema/state.js';
import { destroyEnvironment } from './down.js';

/**
 * Tear down the environment a reset from the pool replaced, once its
 * successor is ready and carries its record: what `down` does (sessions
 * collected, record archived under its old name, machines, port, rules and
 * directory removed). The one place a reset destroys the replaced
 * environment, in the foreground for now; a background teardown can be
 * switched in here.
 */
export async function teardownReplaced(replaced: EnvState, progress: Progress): Promise<void> {
  progress(`tearing down the replaced environment ${replaced.name}`);
  await destroyEnvironment(replaced, progress);
}
