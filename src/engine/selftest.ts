import type { Progress } from '../core/target.js';
import { listStates, resolveEnv } from '../core/state-store.js';
import { appendEvent } from '../core/timeline.js';
import type { EnvState } from '../schema/state.js';
import { waitForBaseline } from './baseline-gate.js';
import { destroyEnvironment } from './down.js';
import { envHandles, type EnvHandles } from './env-context.js';
import { implementationFor } from '../../faults/registry.js';
import { faultContext, observeSymptoms, runFaultOperation, verifyFaults } from './fault-runner.js';
import { resetEnvironment } from './reset.js';
import { writeHandouts } from './handouts.js';
import { loadConfig } from './load-config.js';
import { upEnvironment } from './up.js';
import { waitFor } from '../utils/wait-for.js';

export const SELFTEST_STEPS = [
  'baseline',
  'inject',
  'symptom seen',
  'verify fails',
  'wrong fixes rejected',
  'solve',
  'verify passes',
  'revert',
  'baseline again',
  'down',
] as const;
export type SelftestStep = (typeof SELFTEST_STEPS)[number];

export interface StepResult {
  readonly step: SelftestStep;
  readonly passed: boolean;
  readonly ms: number;
  readonly evidence: string;
}

/** Steps that run only when asked for. */
const OPTIONAL_STEPS: readonly SelftestStep[] = ['wrong fixes rejected'];

export interface SelftestOptions {
  /**
   * Also apply every wrong fix of every fault (after "verify fails"): verify
   * must still fail for that fault; the environment is then reset to the
   * freshly faulted state (same seed) before the next one and the reference fix.
   */
  readonly wrongFixes?: boolean;
}

/** The steps a selftest with these options runs, in order. */
export function selftestSteps(options: SelftestOptions = {}): SelftestStep[] {
  return SELFTEST_STEPS.filter((step) => options.wrongFixes === true || !OPTIONAL_STEPS.includes(step));
}

export interface ScenarioSelftest {
  readonly scenario: string;
  readonly seed: number | undefined;
  readonly passed: boolean;
  readonly steps: readonly StepResult[];
}

/**
 * The full cycle for one scenario on a fresh environment:
 * baseline → inject → symptom seen → verify fails → solve → verify passes →
 * revert → baseline gate passes → down. Stops at the first failed step (the
 * environment is still removed).
 */
export async function selftestScenario(scenario: string, seed: number | undefined, progress: Progress, options: SelftestOptions = {}): Promise<ScenarioSelftest> {
  const steps: StepResult[] = [];
  let state: EnvState | undefined;
  const record = async (step: SelftestStep, action: () => Promise<{ passed: boolean; evidence: string }>): Promise<boolean> => {
    const started = Date.now();
    const outcome = await action().catch((error: Error) => ({ passed: false, evidence: error.message }));
    steps.push({ step, ...outcome, ms: Date.now() - started });
    progress(`  ${outcome.passed ? '✓' : '✗'} ${scenario}: ${step} (${Date.now() - started} ms)${outcome.passed ? '' : ` — ${outcome.evidence.split('\n')[0]}`}`);
    // After `down` the environment directory is gone; writing its timeline would recreate it.
    if (state && step !== 'down') appendEvent(state.name, { type: 'selftest.step', message: `${step}: ${outcome.passed ? 'ok' : 'FAILED'}`, data: { step, passed: outcome.passed, evidence: outcome.evidence } });
    return outcome.passed;
  };
  try {
    let handles: EnvHandles | undefined;
    const ok = await record('baseline', async () => {
      state = await upEnvironment({ scenario, candidate: 'selftest', seed, skipFaults: true }, progress).catch(async (error: unknown) => {
        await removeFailedSelftestEnvs(scenario, progress);
        throw error;
      });
      handles = envHandles(state, await loadConfig());
      return { passed: true, evidence: `${state.name} healthy (seed ${state.seed})` };
    });
    if (ok && state && handles) state = (await runCycle(state, handles, record, options, progress)).state;
  } finally {
    if (state) {
      const current = await resolveEnv(state.name).catch(() => state);
      await record('down', async () => {
        await destroyEnvironment(current ?? (state as EnvState), progress);
        return { passed: true, evidence: 'removed' };
      });
    }
  }
  return { scenario, seed: state?.seed ?? seed, passed: steps.length === selftestSteps(options).length && steps.every((s) => s.passed), steps };
}

/** A failed `up` keeps its state (phase failed) for the user to read; selftest reports the error itself instead. */
async function removeFailedSelftestEnvs(scenario: string, progress: Progress): Promise<void> {
  for (const state of await listStates()) {
    if (state.candidate === 'selftest' && state.phase === 'failed' && state.scenarioPath.endsWith(`${scenario}.yaml`)) {
      await destroyEnvironment(state, progress);
    }
  }
}

type Recorder = (step: SelftestStep, action: () => Promise<{ passed: boolean; evidence: string }>) => Promise<boolean>;

async function runCycle(initial: EnvState, initialHandles: EnvHandles, record: Recorder, options: SelftestOptions, progress: Progress): Promise<{ state: EnvState }> {
  let state = initial;
  let handles = initialHandles;
  const faults = state.faults.map((f) => f.id).join(', ') || 'none';
  const steps: [SelftestStep, () => Promise<{ passed: boolean; evidence: string }>][] = [
    ['inject', async () => {
      await runFaultOperation(state, handles, 'inject');
      const handouts = await writeHandouts(state, handles.exec);
      return { passed: true, evidence: `injected ${faults}${handouts ? `; ${handouts} handout file(s) written` : ''}` };
    }],
    ['symptom seen', async () => {
      const seen = await observeSymptoms(state, handles);
      return { passed: seen.every((s) => s.observed), evidence: seen.map((s) => `${s.fault}: ${s.evidence}`).join('\n') || 'no faults' };
    }],
    ['verify fails', async () => {
      const verdicts = await verifyFaults(state, handles);
      // Each fault's verify must fail while it is injected (a fault whose check passes now checks nothing).
      return { passed: verdicts.every((v) => !v.passed), evidence: describeVerdicts(verdicts) };
    }],
    ['wrong fixes rejected', async () => {
      const live = { state, handles };
      const outcome = await rejectWrongFixes(live, progress);
      ({ state, handles } = live);
      return outcome;
    }],
    ['solve', async () => {
      await runFaultOperation(state, handles, 'solve');
      return { passed: true, evidence: `applied the reference fix for ${faults}` };
    }],
    ['verify passes', async () => {
      const verdicts = await verifyFaultsEventually(state, handles);
      return { passed: verdicts.every((v) => v.passed), evidence: describeVerdicts(verdicts) };
    }],
    ['revert', async () => {
      await runFaultOperation(state, handles, 'revert');
      return { passed: true, evidence: `reverted ${faults}` };
    }],
    ['baseline again', async () => {
      const targetCheck = handles.target.checkBaseline?.bind(handles.target);
      const result = await waitForBaseline(handles.exec, handles.probes, {
        timeoutMs: 150_000,
        check: targetCheck && (() => targetCheck(state, handles.exec, handles.probes)),
      });
      return { passed: result.passed, evidence: result.criteria.map((c) => `${c.passed ? '✓' : '✗'} ${c.name}: ${c.evidence}`).join('\n') };
    }],
  ];
  const wanted = selftestSteps(options);
  for (const [step, action] of steps) if (wanted.includes(step) && !(await record(step, action))) break;
  return { state };
}

/**
 * Every wrong fix of every fault: apply it, verify must still fail for that
 * fault; then `reset` (a warm pooled environment, or the machines rebuilt
 * from the image; faults injected again, symptom gate passed), so the next wrong fix and the reference fix
 * start from a freshly faulted environment — whatever the wrong fix did.
 */
async function rejectWrongFixes(
  live: { state: EnvState; handles: EnvHandles },
  progress: Progress,
): Promise<{ passed: boolean; evidence: string }> {
  const lines: string[] = [];
  let passed = true;
  const faults = live.state.faults;
  for (const [index, entry] of faults.entries()) {
    const impl = implementationFor(entry.id, live.state.target);
    for (const wrong of impl.wrongFixes) {
      const started = Date.now();
      const ctx = faultContext(live.state, live.handles, entry, index);
      await wrong.apply(ctx, entry.params);
      const verdict = await impl.verify(ctx, entry.params).catch((error: Error) => ({ passed: false, criteria: [{ name: 'verification ran', passed: false, evidence: error.message }] }));
      const failing = verdict.criteria.filter((c) => !c.passed).map((c) => c.name);
      const rejected = !verdict.passed;
      passed &&= rejected;
      lines.push(`${entry.id}/${wrong.id}: ${rejected ? `rejected (failing: ${failing.join('; ')})` : 'ACCEPTED — verify passed after a wrong fix'} (${Date.now() - started} ms)`);
      appendEvent(live.state.name, { type: 'selftest.wrong-fix', message: `wrong fix ${entry.id}/${wrong.id}: ${rejected ? 'rejected' : 'ACCEPTED'}`, data: { fault: entry.id, wrongFix: wrong.id, rejected, failing } });
      const resetStarted = Date.now();
      live.state = (await resetEnvironment(live.state.name, progress)).state;
      live.handles = envHandles(live.state, await loadConfig());
      lines.push(`  reset to freshly faulted (${Date.now() - resetStarted} ms)`);
    }
  }
  return { passed, evidence: lines.join('\n') || 'no faults' };
}

/** After a fix, live signals (alerts, rates) need a little time to settle: retry verify for up to 2 minutes. */
async function verifyFaultsEventually(state: EnvState, handles: EnvHandles): ReturnType<typeof verifyFaults> {
  let verdicts: Awaited<ReturnType<typeof verifyFaults>> = [];
  await waitFor(
    async () => {
      verdicts = await verifyFaults(state, handles);
      return verdicts.every((v) => v.passed);
    },
    { timeoutMs: 120_000, intervalMs: 3000 },
  );
  return verdicts;
}

function describeVerdicts(verdicts: Awaited<ReturnType<typeof verifyFaults>>): string {
  if (verdicts.length === 0) return 'no faults';
  return verdicts
    .map((v) => `${v.fault}: ${v.passed ? 'pass' : 'fail'} — ${v.criteria.map((c) => `${c.passed ? '✓' : '✗'} ${c.name}`).join('; ')}`)
    .join('\n');
}
