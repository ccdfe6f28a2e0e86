import { resolveEnv } from '../core/state-store.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { envHandles } from './env-context.js';
import { verifyFaults, type FaultVerdict } from './fault-runner.js';
import { loadConfig } from './load-config.js';
import { loadFeatures } from './features.js';
import { syncAlerts } from './sync-alerts.js';

export interface CheckReport {
  readonly env: EnvState;
  readonly passed: boolean;
  readonly faults: readonly FaultVerdict[];
}

/** `faultline check`: verify every fault's root cause, with evidence; recorded in the timeline. */
export async function checkEnvironment(ref: string): Promise<CheckReport> {
  const state = await resolveEnv(ref);
  await loadFeatures();
  const handles = envHandles(state, await loadConfig());
  await syncAlerts(state, handles.exec).catch(() => undefined);
  const faults = await verifyFaults(state, handles);
  const passed = faults.every((f) => f.passed);
  appendEvent(state.name, {
    type: 'check',
    message: passed ? 'check passed: every root cause fixed' : 'check failed',
    data: { passed, faults: faults.map((f) => ({ fault: f.fault, passed: f.passed, criteria: [...f.criteria] })) },
  });
  return { env: state, passed, faults };
}
