import { homePaths } from '../../core/paths.js';
import type { Progress } from '../../core/target.js';
import type { EnvState } from '../../schema/state.js';
import { machinesRunning } from '../access/collect-env-sessions.js';
import type { EnvHandles } from '../env-context.js';
import { archiveInterview } from './archive.js';
import { captureMetrics, saveMetrics } from './metrics.js';
import { collectWriteup } from './writeup.js';

/**
 * beforeDestroy hook (down, reset, reap, a failed up), after candidate access
 * has collected the sessions: while the machines still run, save the
 * report's metrics (Prometheus range queries over the interview) and the
 * candidate's write-up, then archive the record so the report can be
 * produced after teardown. Environments that never became ready have no
 * interview to keep. A failure here is a warning, never a reason to keep an
 * environment alive.
 */
export async function saveForReport(state: EnvState, handles: EnvHandles, progress: Progress): Promise<void> {
  if (state.readyAt === undefined) return;
  const dir = homePaths.env(state.name);
  if (machinesRunning(state, handles.target)) {
    await step('write-up', progress, async () => {
      const writeup = await collectWriteup(state, dir, handles.exec);
      if (writeup) progress(`candidate write-up collected${writeup.untouched ? ' (still the template)' : ''}`);
    });
    await step('metrics', progress, async () => {
      const snapshot = await captureMetrics(handles.exec, new Date(state.createdAt), new Date());
      await saveMetrics(dir, snapshot);
      progress(`report metrics saved (${snapshot.series.reduce((sum, series) => sum + series.points.length, 0)} points, ${snapshot.alerts.length} alert bands)`);
    });
  }
  await step('archive', progress, async () => {
    progress(`interview record kept for the report: ${await archiveInterview(state.name)}`);
  });
}

async function step(what: string, progress: Progress, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    progress(`warning: ${what} not saved for the report: ${(error as Error).message}`);
  }
}
