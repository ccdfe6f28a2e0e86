import type { EnvState } from '../schema/state.js';
import { isRunning, selfIdentity } from '../utils/process-identity.js';

/** State fields naming this process as the one changing the environment. */
export function ownedByThisProcess(): Pick<EnvState, 'ownerPid' | 'ownerStart'> {
  const self = selfIdentity();
  return { ownerPid: self.pid, ownerStart: self.start };
}

/** State fields saying no process is changing the environment. */
export const NO_OWNER: Pick<EnvState, 'ownerPid' | 'ownerStart'> = { ownerPid: undefined, ownerStart: undefined };

/** True when the process recorded as the owner still runs (the same process, not one that reused its pid). */
export function ownerRunning(state: EnvState): boolean {
  return state.ownerPid !== undefined && isRunning({ pid: state.ownerPid, start: state.ownerStart });
}

/** True while another live process is changing the environment (up, reset, down). */
export function ownedByAnother(state: EnvState): boolean {
  return state.ownerPid !== undefined && state.ownerPid !== process.pid && ownerRunning(state);
}
