import { updateState } from '../../core/state-store.js';
import type { Progress } from '../../core/target.js';
import { appendEvent } from '../../core/timeline.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { collectEnvSessions, machinesRunning } from '../access/collect-env-sessions.js';
import { envHandles } from '../env-context.js';
import { carryInterviewRecord } from '../seat/carry-record.js';
import { teardownReplaced } from '../teardown-replaced.js';
import { activateTaken } from './activate-taken.js';
import { bindForReset } from './bind-reset.js';
import { takePooledWith } from './take-pooled.js';

/**
 * `reset`'s pool path: take a warm pooled environment (never a hot one: it
 * carries the pool's seed), bind it to `old`'s candidate, scenario, seed,
 * resolved fault params and expiry, publish the candidate's new access (new
 * key and port), inject, pass the symptom gate, carry the interview record
 * over, and only then tear `old` down. Until the new one is ready `old` is untouched (the caller
 * holds it as owner); a failure leaves it as it was and the taken one failed
 * (as a failed `up` from the pool does). Undefined when no pooled
 * environment fits.
 */
export async function resetFromPool(old: EnvState, config: Config, progress: Progress, symptomTimeoutMs?: number): Promise<EnvState | undefined> {
  const taken = await takePooledWith({ scenario: old.scenario, target: old.target, warmOnly: true }, (pooled, now) => bindForReset(pooled, old, now));
  if (!taken) return undefined;
  progress(`reset from pool: took ${taken.name} (warm, seed ${taken.seed}) to replace ${old.name} for ${old.candidate}`);
  let ready: EnvState;
  try {
    ready = await activateTaken(taken, config, progress, symptomTimeoutMs, {
      beforeReady: { step: 'carry the interview record', run: async (state) => carryRecord(old, state, config, progress) },
    });
  } catch (error) {
    // The failed one must not answer to the old name: that is still `old`'s, intact.
    await updateState(taken.name, (state) => ({ ...state, previousNames: undefined })).catch(() => undefined);
    progress(`reset from pool failed; ${old.name} is unchanged (the failed ${taken.name} stays for inspection: faultline down ${taken.name})`);
    throw error;
  }
  try {
    await teardownReplaced(old, progress);
  } catch (error) {
    progress(`warning: ${ready.name} is ready, but tearing down ${old.name} failed (${(error as Error).message}); run \`faultline down ${old.name}\``);
  }
  return ready;
}

/**
 * The old environment's sessions collected while its machines run (a failure is a warning: its teardown collects
 * again, into its archive), the `reset` event put on its timeline (stamped with the take, written only now so a
 * failed reset leaves that timeline as it was), then its record carried over.
 */
async function carryRecord(old: EnvState, fresh: EnvState, config: Config, progress: Progress): Promise<void> {
  const data = { seed: old.seed, from: 'pool' as const, into: fresh.name };
  appendEvent(old.name, { type: 'reset', message: `reset to seed ${old.seed} from the pool: ${fresh.name} replaces ${old.name}`, data }, fresh.pool?.takenAt ? { ts: fresh.pool.takenAt } : {});
  const handles = envHandles(old, config);
  if (old.access && machinesRunning(old, handles.target)) {
    await collectEnvSessions(old, handles.exec).catch((error: Error) => progress(`warning: sessions of ${old.name} not collected before the carry-over: ${error.message}`));
  }
  await carryInterviewRecord(old.name, fresh.name);
  progress(`interview record of ${old.name} (timeline, notes, votes, sessions) carried over to ${fresh.name}`);
}
