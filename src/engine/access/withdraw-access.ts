import type { Progress } from '../../core/target.js';
import type { EnvState } from '../../schema/state.js';
import type { EnvHandles } from '../env-context.js';
import { collectEnvSessions, machinesRunning } from './collect-env-sessions.js';
import { unpublishCandidateAccess } from './unpublish-access.js';

/**
 * beforeDestroy hook of targets whose access this host serves (down, reset,
 * gc, a failed up):
 * copy the candidate's session recordings out while the machines still run,
 * then remove the published SSH port. Idempotent; a failed collection is a
 * warning, never a reason to keep an environment alive. `state.access` is
 * kept, so a reset publishes the same port again.
 */
export async function withdrawCandidateAccess(state: EnvState, handles: EnvHandles, progress: Progress): Promise<EnvState> {
  if (!handles.target.hostAccess) return state;
  if (state.access && machinesRunning(state, handles.target)) {
    try {
      const sessions = await collectEnvSessions(state, handles.exec);
      if (sessions.length > 0) progress(`candidate sessions collected (${sessions.length} recorded in all)`);
    } catch (error) {
      progress(`warning: candidate sessions not collected: ${(error as Error).message}`);
    }
  }
  await unpublishCandidateAccess(state, progress);
  return state;
}

