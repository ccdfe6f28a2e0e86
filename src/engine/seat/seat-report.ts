import type { Executor } from '../../core/executor.js';
import { SEAT_EVENT } from '../../core/seat-events.js';
import { eventsOfType, type TimelineEvent } from '../../core/timeline.js';
import type { EnvState } from '../../schema/state.js';
import { sortByTime } from '../attempt.js';
import { LADDER, type LadderStep } from './ladder.js';
import { captureMetrics, loadMetrics, saveMetrics, type MetricsSnapshot } from './metrics.js';
import { tallyVotes, type TallyOptions, type VotesView } from './votes.js';
import { collectWriteup, readCollectedWriteup } from './writeup.js';

export interface PanelNote {
  readonly ts: string;
  readonly offsetMs: number | null;
  readonly author: string | null;
  readonly text: string;
}

/** The interviewer's-seat part of the report: notes, votes, the write-up, metrics, the ladder. */
export interface SeatReport {
  readonly panelNotes: readonly PanelNote[];
  readonly votes: VotesView;
  readonly writeup: { readonly text: string; readonly untouched: boolean } | null;
  /** Null when neither Prometheus nor a saved snapshot could give any (say why in `metricsNote`). */
  readonly metrics: MetricsSnapshot | null;
  readonly metricsNote: string | null;
  readonly ladder: { readonly level: number | null; readonly steps: readonly LadderStep[] };
}

export interface SeatInput {
  readonly state: EnvState;
  /** The record's directory (the env dir, or its archive). */
  readonly dir: string;
  readonly events: readonly TimelineEvent[];
  readonly level: number | null;
  readonly readyAt: string | null;
  /** Present while the machines run: the write-up and metrics are read live (and saved). */
  readonly exec?: Executor | undefined;
  readonly votes?: TallyOptions;
  readonly now: Date;
}

/** Notes of the interview, oldest first, with offsets from ready. Pure. */
export function listPanelNotes(events: readonly TimelineEvent[], readyAt: string | null): PanelNote[] {
  const readyMs = readyAt === null ? null : Date.parse(readyAt);
  return eventsOfType(sortByTime(events), SEAT_EVENT.note).map(({ ts, data }) => ({ ts, offsetMs: readyMs === null ? null : Date.parse(ts) - readyMs, author: data.author, text: data.text }));
}

/** Gather the seat's part of the report; parts that cannot be read say so rather than fail. */
export async function gatherSeat(input: SeatInput, problems: string[]): Promise<SeatReport> {
  let writeup: SeatReport['writeup'] = null;
  try {
    const collected = input.exec ? await collectWriteup(input.state, input.dir, input.exec) : await readCollectedWriteup(input.state, input.dir);
    writeup = collected ? { text: collected.text, untouched: collected.untouched } : null;
  } catch (error) {
    problems.push(`candidate write-up not read: ${(error as Error).message}`);
    writeup = (await readCollectedWriteup(input.state, input.dir).catch(() => undefined)) ?? null;
  }
  let metrics: MetricsSnapshot | null = null;
  let metricsNote: string | null = null;
  if (input.exec) {
    try {
      metrics = await captureMetrics(input.exec, new Date(input.state.createdAt), input.now);
      await saveMetrics(input.dir, metrics);
    } catch (error) {
      metricsNote = `metrics not read from Prometheus: ${(error as Error).message}`;
    }
  }
  if (metrics === null) {
    metrics = (await loadMetrics(input.dir)) ?? null;
    if (metrics !== null && metricsNote !== null) metricsNote = `${metricsNote}; showing the snapshot saved at ${metrics.capturedAt}`;
    if (metrics === null) metricsNote ??= 'no metrics: the environment is not running and none were saved before it stopped';
  }
  return {
    panelNotes: listPanelNotes(input.events, input.readyAt),
    votes: tallyVotes(input.events, input.votes),
    writeup,
    metrics,
    metricsNote,
    ladder: { level: input.level, steps: LADDER },
  };
}
