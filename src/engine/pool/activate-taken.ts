import { NO_OWNER } from '../../core/env-owner.js';
import type { Progress } from '../../core/target.js';
import { writeState } from '../../core/state-store.js';
import { appendEvent } from '../../core/timeline.js';
import { FaultlineError } from '../../errors/index.js';
import type { Config } from '../../schema/config.js';
import type { EnvState } from '../../schema/state.js';
import { formatDuration } from '../../utils/duration.js';
import { envHandles } from '../env-context.js';
import { runFaultOperation } from '../fault-runner.js';
import { passSymptomGate } from '../symptom-gate.js';
import { writeHandouts } from '../handouts.js';
import { runHooks } from '../hooks.js';
import { rekeyCandidate, rewriteWriteup } from './rekey-candidate.js';
import { restartTimeline } from './restart-timeline.js';

export interface ActivateOptions {
  /** A last step before phase ready (a reset carries the replaced environment's interview record over); its failure fails the take. */
  readonly beforeReady?: { readonly step: string; readonly run: (state: EnvState) => Promise<void> };
}

/**
 * Finish binding a taken pooled environment to its candidate: a fresh
 * timeline; then, side by side, a fresh candidate key and access published
 * (the afterBaseline hooks), and a warm one's faults injected, handouts
 * written and the symptom gate; then the caller's `beforeReady` step and
 * phase ready. On failure it is destroyed like a failed `up`.
 */
export async function activateTaken(taken: EnvState, config: Config, progress: Progress, symptomTimeoutMs?: number, options: ActivateOptions = {}): Promise<EnvState> {
  let state = taken;
  let step = 'bind';
  const started = Date.now();
  const handles = envHandles(state, config);
  const save = async (next: EnvState): Promise<void> => {
    state = next;
    await writeState(state);
  };
  try {
    await restartTimeline(state);
    const warm = state.pool?.scenario === undefined;
    // The candidate's access and the faults touch different things (host port, keys and write-up vs. the faults'
    // own files and units), so they run side by side: the access path (~1 s: sshd checks, forwarder, banner) no longer
    // adds to inject + symptom gate. Both settle before anything else happens, so a failure cleans up a quiet environment.
    let faultStep = 'inject';
    const [access, faults] = await Promise.allSettled([
      (async () => {
        const fingerprint = await rekeyCandidate(state, handles.exec);
        appendEvent(state.name, { type: 'access.key', message: `new candidate key ${fingerprint}`, data: { fingerprint } });
        if (warm) await rewriteWriteup(state, handles.exec);
        return runHooks('afterBaseline', state, handles, progress);
      })(),
      (async () => {
        if (warm && state.faults.length > 0) {
          progress(`injecting ${state.faults.map((f) => f.id).join(', ')} (seed ${state.seed})`);
          await runFaultOperation(state, handles, 'inject');
          await writeHandouts(state, handles.exec);
        }
        faultStep = 'symptom gate';
        if (state.faults.length > 0) await passSymptomGate(state, handles, progress, symptomTimeoutMs);
      })(),
    ]);
    if (access.status === 'fulfilled') await save(access.value);
    if (access.status === 'rejected') {
      step = 'access';
      throw access.reason;
    }
    if (faults.status === 'rejected') {
      step = faultStep;
      throw faults.reason;
    }
    if (options.beforeReady) {
      step = options.beforeReady.step;
      await options.beforeReady.run(state);
    }
    await save({ ...state, phase: 'ready', readyAt: new Date().toISOString(), ...NO_OWNER });
    appendEvent(state.name, { type: 'ready', message: `ready in ${formatDuration(Date.now() - started)} (from the pool)`, data: { ms: Date.now() - started } });
    return state;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    appendEvent(state.name, { type: 'failed', message: `${step} failed: ${message}`, data: { step, error: message } });
    progress(`${step} failed; removing the pooled environment`);
    await runHooks('beforeDestroy', state, handles, progress).catch(() => state);
    await handles.target.destroy(state, progress).catch(() => undefined);
    await writeState({ ...(handles.target.forgetRun?.(state) ?? state), phase: 'failed', ...NO_OWNER, failure: { step, message } });
    throw error;
  }
}
