import { join } from 'node:path';
import { eventsOfType, readTimelineIn, type TimelineEvent } from '../src/core/timeline.js';

/** Durations an `up` recorded in its own timeline; undefined when the event is missing. */
export interface UpTimings {
  /** provision.start → provision.done (timestamps). */
  readonly provisionMs: number | undefined;
  /** gate.baseline data.ms: time from machines booted to baseline healthy. */
  readonly baselineGateMs: number | undefined;
  /** Sum of the fault.inject data.ms (one event per fault). */
  readonly injectMs: number | undefined;
  /** gate.symptom data.ms: inject done → every symptom observed. */
  readonly symptomGateMs: number | undefined;
}

/** Events of $home/envs/<name>/timeline.jsonl, in file order. */
export async function readEnvTimeline(home: string, envName: string): Promise<TimelineEvent[]> {
  return readTimelineIn(join(home, 'envs', envName));
}

/** The timings of the first `up` in these events (a later reset appends a second set). Typed fields only. */
export function extractUpTimings(events: readonly TimelineEvent[]): UpTimings {
  const start = eventsOfType(events, 'provision.start')[0];
  const done = eventsOfType(events, 'provision.done')[0];
  const symptomAt = events.findIndex((e) => e.type === 'gate.symptom');
  const injects = eventsOfType(events.slice(0, symptomAt === -1 ? events.length : symptomAt), 'fault.inject');
  return {
    provisionMs: start && done ? Date.parse(done.ts) - Date.parse(start.ts) : undefined,
    baselineGateMs: eventsOfType(events, 'gate.baseline')[0]?.data.ms,
    injectMs: injects.length > 0 ? injects.reduce((sum, e) => sum + e.data.ms, 0) : undefined,
    symptomGateMs: eventsOfType(events, 'gate.symptom')[0]?.data.ms,
  };
}
