import { NO_OWNER } from '../core/env-owner.js';
import { writeHandouts } from './handouts.js';
import { passSymptomGate } from './symptom-gate.js';
import { FaultlineError } from '../errors/index.js';
import type { Progress } from '../core/target.js';
import { writeState } from '../core/state-store.js';
import { appendEvent } from '../core/timeline.js';
import type { Config } from '../schema/config.js';
import type { EnvState } from '../schema/state.js';
import { ROLES, UNITS } from '../stack/topology.js';
import { formatDuration } from '../utils/duration.js';
import { waitForBaseline } from './baseline-gate.js';
import { envHandles, type EnvHandles } from './env-context.js';
import { runFaultOperation } from './fault-runner.js';
import { runHooks } from './hooks.js';
import { journalReport } from './journal-report.js';

export interface BringUpOptions {
  readonly baselineTimeoutMs?: number;
  readonly symptomTimeoutMs?: number;
  /** Stop after the baseline gate (selftest injects step by step itself). */
  readonly skipFaults?: boolean;
  /**
   * For a pool (src/engine/pool/): no afterBaseline hooks (access is published when a candidate takes it) and the
   * last phase is `pooled`, still owned by this process (the pool server), instead of `ready`.
   */
  readonly pooled?: boolean;
}

/**
 * Provision → baseline gate → inject → symptom gate → ready, for a state
 * already allocated. On any failure everything the target created is
 * removed, the state is left saying what failed, and the error is rethrown.
 */
export async function bringUp(initial: EnvState, config: Config, progress: Progress, options: BringUpOptions = {}): Promise<EnvState> {
  let state = initial;
  let step = 'provision';
  const handles = envHandles(state, config);
  const save = async (next: EnvState): Promise<void> => {
    state = next;
    await writeState(state);
  };
  const started = Date.now();
  try {
    // Provision through the baseline gate is the heavy part: the target may make this wait for a turn (Target.admit).
    const admit = handles.target.admit?.bind(handles.target) ?? (<T>(run: () => Promise<T>) => run());
    const live = await admit(async () => {
      const booted = Date.now();
      appendEvent(state.name, { type: 'provision.start', message: `provisioning ${state.machines.length} machines on ${state.target}`, data: { seed: state.seed } });
      state = await handles.target.provision(state, save, progress);
      await save({ ...state, phase: 'baseline' });
      const live = envHandles(state, config);
      appendEvent(state.name, { type: 'provision.done', message: `machines booted in ${formatDuration(Date.now() - booted)}`, data: { ms: Date.now() - booted } });

      step = 'baseline gate';
      progress('baseline gate: units, scrape targets, edge over TLS, alerts');
      const targetCheck = live.target.checkBaseline?.bind(live.target);
      const gateStarted = Date.now();
      const firstPassMs: Record<string, number> = {};
      const baseline = await waitForBaseline(live.exec, live.probes, {
        timeoutMs: options.baselineTimeoutMs,
        check: targetCheck && (() => targetCheck(state, live.exec, live.probes)),
        onFirstPass: (name, ms) => (firstPassMs[name] = ms),
      });
      appendEvent(state.name, {
        type: 'gate.baseline',
        message: baseline.passed ? 'baseline healthy' : 'baseline gate failed',
        data: { passed: baseline.passed, ms: Date.now() - gateStarted, firstPassMs, criteria: [...baseline.criteria] },
      });
      if (!baseline.passed) {
        throw new FaultlineError('BASELINE_GATE_FAILED', 'The environment did not reach a healthy baseline.', {
          details: [...baseline.criteria.filter((c) => !c.passed).map((c) => `✗ ${c.name}: ${c.evidence}`), ...(await failedUnitJournals(state, live))],
          hint: 'The journal lines above show why; fix the stack or the scenario and run `up` again.',
        });
      }
      return live;
    }, progress);

    step = 'hooks';
    if (!options.pooled) state = await runHooks('afterBaseline', state, live, progress);
    await save(state);

    if (!options.skipFaults && state.faults.length > 0) {
      step = 'inject';
      await save({ ...state, phase: 'injecting' });
      progress(`injecting ${state.faults.map((f) => f.id).join(', ')} (seed ${state.seed})`);
      await runFaultOperation(state, live, 'inject');
      await writeHandouts(state, live.exec);
      step = 'symptom gate';
      await passSymptomGate(state, live, progress, options.symptomTimeoutMs);
    }
    if (options.pooled) {
      await save({ ...state, phase: 'pooled', failure: undefined });
      appendEvent(state.name, { type: 'pooled', message: `pooled in ${formatDuration(Date.now() - started)}`, data: { ms: Date.now() - started } });
      return state;
    }
    const readyAt = new Date().toISOString();
    await save({ ...state, phase: 'ready', readyAt, ...NO_OWNER, failure: undefined });
    appendEvent(state.name, { type: 'ready', message: `ready in ${formatDuration(Date.now() - started)}`, data: { ms: Date.now() - started } });
    return state;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    appendEvent(state.name, { type: 'failed', message: `${step} failed: ${message}`, data: { step, error: message } });
    progress(`${step} failed; removing what was created`);
    await runHooks('beforeDestroy', state, envHandles(state, config), progress).catch(() => state);
    await handles.target.destroy(state, progress).catch(() => undefined);
    await writeState({ ...(handles.target.forgetRun?.(state) ?? state), phase: 'failed', ...NO_OWNER, failure: { step, message } });
    throw error;
  }
}

/** Journal tails of every unit that is not active, for failure reports. */
async function failedUnitJournals(state: EnvState, handles: EnvHandles): Promise<string[]> {
  const lines: string[] = [];
  for (const role of ROLES) {
    for (const unit of UNITS[role]) {
      const active = await handles.exec.exec(role, ['systemctl', 'is-active', unit]).catch(() => undefined);
      if (!active || active.stdout.trim() === 'active') continue;
      lines.push(...(await journalReport(state, handles, role, unit)));
    }
  }
  return lines;
}
