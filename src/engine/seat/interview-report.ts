import { join } from 'node:path';
import { listSessions, type SessionSummary } from '../../access/sessions.js';
import type { Executor } from '../../core/executor.js';
import { eventsOfType, readTimelineIn, readTimelineWithSkipsIn } from '../../core/timeline.js';
import { loadScenario } from '../../schema/load-scenario.js';
import type { Scenario } from '../../schema/scenario.js';
import { machinesRunning } from '../access/collect-env-sessions.js';
import { targetFor } from '../../targets/index.js';
import { loadConfig } from '../load-config.js';
import { buildReport, type ReportModel } from '../report-model.js';
import { createReport, skippedTimelineNote } from '../report.js';
import type { InterviewRecord } from './record.js';
import { gatherSeat, type SeatReport } from './seat-report.js';
import type { TallyOptions } from './votes.js';
import { collectWriteup } from './writeup.js';

/** The report with the seat's part, and where each session's recording is (for the HTML player). */
export interface InterviewReport {
  readonly model: ReportModel & { readonly seat: SeatReport };
  readonly sessions: readonly SessionSummary[];
}

export interface InterviewReportOptions {
  readonly votes?: TallyOptions;
  readonly now?: Date;
}

/**
 * The report of one interview: from the running environment (syncing alerts,
 * sessions, the write-up and metrics first), or, after `down`, from the
 * record archived before teardown.
 */
export async function createInterviewReport(record: InterviewRecord, options: InterviewReportOptions = {}): Promise<InterviewReport> {
  const { state, dir } = record;
  let base: ReportModel;
  let sessions: SessionSummary[];
  let exec: Executor | undefined;
  let now = options.now ?? new Date();
  if (record.live) {
    const target = targetFor(state.target, await loadConfig());
    if (state.phase === 'ready' && machinesRunning(state, target)) {
      exec = target.executor(state);
      // First, so a new write-up's timeline event is in this report's timeline (gatherSeat reads it again, unchanged).
      await collectWriteup(state, dir, exec).catch(() => undefined);
    }
    base = await createReport(state, { now });
    sessions = await listSessions(join(dir, 'sessions')).catch(() => []);
  } else {
    const { events, skippedLines } = await readTimelineWithSkipsIn(dir);
    const down = eventsOfType(events, 'down').at(-1);
    if (down && options.now === undefined) now = new Date(down.ts);
    let scenario: Scenario | undefined;
    const notes = [`the environment was torn down${down ? ` at ${down.ts}` : ''}; this report is built from the record kept at ${dir}`];
    if (skippedLines > 0) notes.push(skippedTimelineNote(skippedLines));
    try {
      scenario = await loadScenario(state.scenarioPath);
    } catch (error) {
      notes.push(`scenario not loaded (no hints, timebox or debrief): ${(error as Error).message}`);
    }
    sessions = await listSessions(join(dir, 'sessions')).catch(() => []);
    base = buildReport({ state: { ...state, phase: 'destroying' }, scenario, events, sessions, now, notes });
    base = { ...base, env: { ...base.env, phase: 'down' } };
  }
  const problems: string[] = [];
  const seat = await gatherSeat(
    { state, dir, events: await readTimelineIn(dir), level: base.env.level, readyAt: base.readyAt, exec, votes: options.votes ?? {}, now },
    problems,
  );
  const model = { ...base, notes: [...base.notes, ...problems, ...(seat.metricsNote ? [seat.metricsNote] : [])], seat };
  return { model, sessions };
}
