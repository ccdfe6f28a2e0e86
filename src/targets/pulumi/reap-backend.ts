import { listStates } from '../../core/state-store.js';
import type { LostRemoteOptions } from '../../core/target.js';
import type { Config } from '../../schema/config.js';
import { resolveCloudOptions } from './cloud-options.js';
import { readCloudState } from './cloud-state.js';
import { reapOrphanStacks, type OrphanOutcome } from './reap.js';

/**
 * `faultline reap`'s backend sweep: expired stacks of the configured Pulumi
 * backend that no environment state of this FAULTLINE_HOME records (their
 * state was lost) are destroyed too, so an environment cannot keep billing
 * because its local directory is gone. Never throws: a failure is an outcome.
 */
export async function reapBackendStacks(config: Config, opts: LostRemoteOptions = {}): Promise<OrphanOutcome[]> {
  try {
    const states = await listStates();
    const known = new Set(
      states.flatMap((state) => {
        try {
          const stack = readCloudState(state).stack;
          return stack === undefined ? [] : [stack];
        } catch {
          return [];
        }
      }),
    );
    return await reapOrphanStacks(resolveCloudOptions(config), known, opts);
  } catch (error) {
    return [{ name: '(pulumi backend)', target: 'cloud', expiresAt: '', result: 'failed', note: `could not list the backend's stacks: ${(error as Error).message.split('\n')[0]}` }];
  }
}
