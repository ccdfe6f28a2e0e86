import { unpublishPort } from '../../access/port-publish.js';
import type { Progress } from '../../core/target.js';
import type { EnvState } from '../../schema/state.js';

/**
 * Close the candidate's way in: stop the environment's published-port
 * forwarder, which ends open SSH sessions with it and refuses new ones (a
 * Teleport node's address is that port too). Idempotent; the machines keep
 * running, so sessions can still be collected afterwards. Imports nothing
 * heavy: a background `down` runs it before returning.
 */
export async function unpublishCandidateAccess(state: EnvState, progress: Progress): Promise<void> {
  const removed = await unpublishPort(state.id);
  if (removed > 0 && state.access) progress(`unpublished candidate ssh ${state.access.bindAddress}:${state.access.port}`);
}
