import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { SessionSummary } from '../access/sessions.js';
import type { Executor } from '../core/executor.js';
import { homePaths } from '../core/paths.js';
import { readTimelineWithSkipsIn } from '../core/timeline.js';
import { FaultlineError } from '../errors/index.js';
import { loadScenario } from '../schema/load-scenario.js';
import type { Scenario } from '../schema/scenario.js';
import type { EnvState } from '../schema/state.js';
import { envSessions } from './access/collect-env-sessions.js';
import { envHandles, type EnvHandles } from './env-context.js';
import { loadConfig } from './load-config.js';
import { buildReport, type ReportModel } from './report-model.js';
import { syncAlerts } from './sync-alerts.js';

export interface ReportOptions {
  /** Copy new alerts from mon and new session recordings from the machines first (default true; only while the environment is ready). */
  readonly syncAlerts?: boolean;
  readonly now?: Date;
}

/**
 * Gather everything the report needs — alerts synced from mon, the timeline,
 * the scenario, the recorded sessions — and build the report model. Parts
 * that cannot be read become notes in the report rather than failures.
 */
export async function createReport(state: EnvState, options: ReportOptions = {}): Promise<ReportModel> {
  const notes: string[] = [];
  let exec: Executor | undefined;
  let handles: EnvHandles | undefined;
  if (options.syncAlerts !== false && state.phase === 'ready') {
    try {
      handles = envHandles(state, await loadConfig());
      exec = handles.exec;
      const { skippedLines } = await syncAlerts(state, exec);
      if (skippedLines > 0) notes.push(`${skippedLines} unreadable line(s) in the alert log on mon were skipped`);
    } catch (error) {
      notes.push(`alerts not synced from mon: ${(error as Error).message}`);
    }
  }
  let scenario: Scenario | undefined;
  try {
    scenario = await loadScenario(state.scenarioPath);
  } catch (error) {
    notes.push(`scenario not loaded (no hints, timebox or debrief): ${(error as Error).message}`);
  }
  let sessions: SessionSummary[] = [];
  try {
    // Copies new recordings out of running machines (logging session events) before listing them.
    sessions = (await envSessions(state, handles)).sessions;
  } catch (error) {
    notes.push(`session recordings not listed: ${(error as Error).message}`);
  }
  const { events, skippedLines } = await readTimelineWithSkipsIn(homePaths.env(state.name));
  if (skippedLines > 0) notes.push(skippedTimelineNote(skippedLines));
  return buildReport({ state, scenario, events, sessions, now: options.now ?? new Date(), notes });
}

/** The report's note for timeline lines it could not read (written by an older faultline, or not events). */
export function skippedTimelineNote(lines: number): string {
  return `${lines} timeline line(s) of no known event kind were left out (written by an older faultline?)`;
}

/**
 * Write `content` to `path` atomically: a temp file beside it, then rename.
 * Parent directories are not created. Any failure removes the temp file and
 * throws OUTPUT_NOT_WRITABLE, so a reader never sees half a report.
 */
export async function writeReportFile(path: string, content: string): Promise<string> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { mode: 0o644, flag: 'wx' });
    await rename(temp, target);
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    throw new FaultlineError('OUTPUT_NOT_WRITABLE', `Cannot write the report to ${target}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}.`, {
      hint: 'Pass a path in an existing, writable directory (parent directories are not created).',
      cause,
    });
  }
  return target;
}
