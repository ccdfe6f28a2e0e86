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
 * timeline, a fresh candidate key, access published (the afterBaseline hooks),
 * a warm one's faults injected and handouts written, then the symptom gate,
 * the caller's `beforeReady` step, and phase ready. On failure it is destroyed like a failed `up`.
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
    const fingerprint = await rekeyCandidate(state, handles.exec);
    appendEvent(state.name, { type: 'access.key', message: `new candidate key ${fingerprint}`, data: { fingerprint } });
    const warm = state.pool?.scenario === undefined;
    if (warm) await rewriteWriteup(state, handles.exec);
    step = 'hooks';
    await save(await runHooks('afterBaseline', state, handles, progress));
    if (warm && state.faults.length > 0) {
      step = 'inject';
      progress(`injecting ${state.faults.map((f) => f.id).join(', ')} (seed ${state.seed})`);
      await runFaultOperation(state, handles, 'inject');
      await writeHandouts(state, handles.exec);
    }
    if (state.faults.length > 0) {
      step = 'symptom gate';
      await passSymptomGate(state, handles, progress, symptomTimeoutMs);
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
