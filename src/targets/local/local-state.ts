import type { EnvState, LocalEnvState } from '../../schema/state.js';
import { FaultlineError } from '../../errors/index.js';

/** `state` as the local target's own shape; refuses a state of another target (a bug in the caller). */
export function localState(state: EnvState): LocalEnvState {
  if (state.target === 'local') return state;
  throw new FaultlineError('UNSUPPORTED_TARGET', `${state.name} runs on ${state.target}, not on the local target.`);
}
