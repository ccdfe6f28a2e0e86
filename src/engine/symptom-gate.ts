import type { Progress } from '../core/target.js';
import { appendEvent } from '../core/timeline.js';
import { FaultlineError } from '../errors/index.js';
import type { EnvState } from '../schema/state.js';
import type { EnvHandles } from './env-context.js';
import { observeSymptoms } from './fault-runner.js';

/**
 * The symptom gate: every injected fault's symptom is visible (within the
 * timeout), or SYMPTOM_GATE_FAILED naming the ones that never showed. The
 * result goes onto the timeline either way.
 */
export async function passSymptomGate(state: EnvState, handles: EnvHandles, progress: Progress, timeoutMs?: number): Promise<void> {
  const started = Date.now();
  const symptoms = await observeSymptoms(state, handles, timeoutMs);
  const missing = symptoms.filter((s) => !s.observed);
  appendEvent(state.name, {
    type: 'gate.symptom',
    message: missing.length === 0 ? 'every symptom observed' : 'symptom gate failed',
    data: { passed: missing.length === 0, ms: Date.now() - started, symptoms },
  });
  if (missing.length > 0) {
    throw new FaultlineError('SYMPTOM_GATE_FAILED', 'A fault was injected but its symptom never showed.', {
      details: missing.map((s) => `✗ ${s.fault}: ${s.evidence}`),
      hint: 'The fault does not produce what its briefing promises; run `faultline selftest` on the scenario.',
    });
  }
  for (const s of symptoms) progress(`symptom ${s.fault}: ${s.evidence.split('\n')[0]}`);
}
