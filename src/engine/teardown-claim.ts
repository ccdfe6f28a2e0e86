import { ownedByAnother, ownedByThisProcess } from '../core/env-owner.js';
import type { Progress } from '../core/target.js';
import { readState, updateState } from '../core/state-store.js';
import { FaultlineError } from '../errors/index.js';
import type { EnvState } from '../schema/state.js';
import { waitFor } from '../utils/wait-for.js';

/** How long `down --wait` waits for another process's teardown before giving up. */
const TEARDOWN_WAIT_MS = 15 * 60_000;

/** True while another live process is tearing this environment down (a background `down`, a `down --wait`). */
export function teardownRunning(state: EnvState): boolean {
  return state.phase === 'destroying' && ownedByAnother(state);
}

/**
 * Make this process the one tearing the environment down (phase destroying,
 * owner this process), atomically under the state lock, unless another live
 * process already is. Returns the claimed state, or the other teardown's
 * state when it holds the environment.
 */
export async function claimTeardown(name: string): Promise<{ readonly claimed: boolean; readonly state: EnvState }> {
  let claimed = false;
  const state = await updateState(name, (current) => {
    if (teardownRunning(current)) return current;
    claimed = true;
    return { ...current, phase: 'destroying', ...ownedByThisProcess() };
  });
  return { claimed, state };
}

/**
 * Wait until no other live process is tearing `name` down. Returns its state
 * then (undefined once it is gone): a teardown that failed or died midway
 * leaves the state for the caller to finish.
 */
export async function waitForTeardown(name: string, progress: Progress): Promise<EnvState | undefined> {
  const current = await readState(name);
  if (!current || !teardownRunning(current)) return current;
  progress(`waiting for process ${current.ownerPid}, which is removing ${name}`);
  const settled = await waitFor(
    async () => {
      const state = await readState(name);
      return state === undefined ? { state } : teardownRunning(state) ? undefined : { state };
    },
    { timeoutMs: TEARDOWN_WAIT_MS, intervalMs: 200 },
  );
  if (!settled) {
    throw new FaultlineError('TIMEOUT', `Process ${current.ownerPid} has been removing ${name} for over ${TEARDOWN_WAIT_MS / 60_000} min.`, {
      hint: `Its log is in $FAULTLINE_HOME/logs/; if it is stuck, kill ${current.ownerPid} and run \`faultline down ${name} --wait\` again.`,
    });
  }
  return settled.state;
}
